package com.example.paubox.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A whole receiver on a random port with its own in-memory H2 database, the test token, and the
 * notification addresses, and metrics exported as in production (Spring's tests switch them off
 * otherwise). (Set here rather than in a profile file: ./application.yaml outranks any classpath
 * profile file.) Peer addresses are added by {@link ReceiverITSupport}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:receiver-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
    "paubox.webhook.token=" + Webhooks.TOKEN,
    "paubox.admin.token=" + Webhooks.ADMIN_TOKEN,
    "paubox.email.from=receiver@sender.example.com",
    "paubox.email.to=oncall@care.example.org",
    "paubox.email.require-tls=false",
    "paubox.sinks.slack-alert.pace=0s",
    // One message per event, as most tests count them; the digest tests (DigestIT...) switch digests on.
    "paubox.alerts.digest.enabled=false",
    // The receiver's alerts about itself (a dead letter starts sink-failing) would be messages
    // at the shared peers too: the watch tests (watch/*IT) switch it on.
    "paubox.watch.enabled=false",
    "paubox.delivery.initial-delay=200ms",
    "paubox.delivery.max-delay=1s",
    "paubox.delivery.poll-interval=200ms"
})
public @interface ReceiverTest {
}
