package com.example.paubox.support;

import com.example.paubox.inbox.Inbox;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;


/**
 * Base of the route tests: the application with the YAML routes from {@code routes/}, not yet
 * started, so that {@link #advise()} can change routes by id with {@code AdviceWith} before the
 * Camel context starts. Each test class gets a fresh context, since advice changes it. Both
 * notification sinks are switched on; their sending nodes are meant to be replaced by mocks.
 */
@CamelSpringBootTest
@UseAdviceWith
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:routes-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
    "paubox.webhook.token=" + Webhooks.TOKEN,
    "paubox.slack.webhook-url=http://127.0.0.1:9/replaced-by-a-mock",
    "paubox.email.host=127.0.0.1",
    "paubox.email.port=9",
    "paubox.email.from=receiver@sender.example.com",
    "paubox.email.to=oncall@care.example.org",
    "paubox.sinks.slack-alert.pace=0s",
    // One message per event: each test counts its own.
    "paubox.alerts.digest.enabled=false",
    // The receiver's alerts about itself would be messages too: the watch tests switch it on.
    "paubox.watch.enabled=false"
})
public abstract class RouteTestSupport {

    @Autowired
    protected CamelContext camel;
    @Autowired
    protected ProducerTemplate template;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    private Inbox inbox;

    /** Builds exchanges as the dispatcher hands them to sink routes. */
    protected DispatchedEvents events;

    /** Changes the routes under test, with {@code AdviceWith}; called once, before the context starts. */
    protected abstract void advise() throws Exception;

    @BeforeEach
    void adviseOnceThenResetMocks() throws Exception {
        if (!camel.isStarted()) {
            advise();
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
        events = new DispatchedEvents(camel, inbox);
    }
}
