package com.example.paubox.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A route test: the application with the YAML routes from {@code routes/}, not yet started so
 * that the test can advise routes by id ({@code AdviceWith}) and then start the Camel context.
 * Each test class gets a fresh context, since advice changes it. Both notification sinks are
 * switched on; their sending nodes are meant to be replaced by mocks.
 *
 * <p>Put {@code @CamelSpringBootTest @UseAdviceWith} on the test class itself: Camel's test
 * support looks for them there, not in meta-annotations.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:routes-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
    "paubox.webhook.token=" + Webhooks.TOKEN,
    "paubox.slack.webhook-url=http://127.0.0.1:9/replaced-by-a-mock",
    "paubox.email.host=127.0.0.1",
    "paubox.email.port=9",
    "paubox.email.from=receiver@sender.example.com",
    "paubox.email.to=oncall@care.example.org"
})
public @interface RouteTest {
}
