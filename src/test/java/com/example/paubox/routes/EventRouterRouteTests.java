package com.example.paubox.routes;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.support.DispatchedEvents;
import com.example.paubox.support.RouteTest;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Route {@code event-router}: the default routing table, with each sink route replaced by a mock. */
@RouteTest
@CamelSpringBootTest
@UseAdviceWith
class EventRouterRouteTests {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate template;
    @Autowired
    Inbox inbox;
    @EndpointInject("mock:ticket-store")
    MockEndpoint ticketStore;
    @EndpointInject("mock:ticket-resolve")
    MockEndpoint ticketResolve;
    @EndpointInject("mock:slack-alert")
    MockEndpoint slackAlert;
    @EndpointInject("mock:email-notify")
    MockEndpoint emailNotify;
    @EndpointInject("mock:unrouted")
    MockEndpoint unrouted;

    DispatchedEvents events;

    @BeforeEach
    void adviseOnceThenReset() throws Exception {
        // Advice goes in before the first start; the context then serves every test of the class.
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "event-router", route -> {
                for (String sink : new String[] {"ticket-store", "ticket-resolve", "slack-alert", "email-notify", "unrouted"}) {
                    route.weaveByToUri("direct:" + sink).replace().to("mock:" + sink);
                }
            });
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
        events = new DispatchedEvents(camel, inbox);
    }

    @Test
    void hardBounceGoesToTicketThenSlack() throws Exception {
        ticketStore.expectedMessageCount(1);
        slackAlert.expectedMessageCount(1);
        expectNothingElse(ticketResolve, emailNotify, unrouted);

        route("api_mail_log_permanent_failure");

        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void softBounceGoesToSlack() throws Exception {
        slackAlert.expectedMessageCount(1);
        expectNothingElse(ticketStore, ticketResolve, emailNotify, unrouted);

        route("api_mail_log_temporary_failure");

        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void openedGoesToEmail() throws Exception {
        emailNotify.expectedMessageCount(1);
        expectNothingElse(ticketStore, ticketResolve, slackAlert, unrouted);

        route("api_mail_log_opened");

        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void deliveredResolvesTicket() throws Exception {
        ticketResolve.expectedMessageCount(1);
        expectNothingElse(ticketStore, slackAlert, emailNotify, unrouted);

        route("api_mail_log_delivered");

        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void anyOtherEventIsUnrouted() throws Exception {
        unrouted.expectedMessageCount(1);
        expectNothingElse(ticketStore, ticketResolve, slackAlert, emailNotify);

        route("api_mail_log_clicked");

        MockEndpoint.assertIsSatisfied(camel);
    }

    private void route(String eventName) throws Exception {
        template.send("direct:event-router", events.stored(eventName, "someone@patient.example.net"));
    }

    private static void expectNothingElse(MockEndpoint... mocks) {
        for (MockEndpoint mock : mocks) {
            mock.expectedMessageCount(0);
        }
    }
}
