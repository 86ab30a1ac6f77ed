package com.example.paubox.routes;

import com.example.paubox.support.RouteTestSupport;
import org.apache.camel.EndpointInject;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** Route {@code event-router}: the default routing table, with each sink route replaced by a mock. */
class EventRouterRouteTests extends RouteTestSupport {

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

    @Override
    protected void advise() throws Exception {
        AdviceWith.adviceWith(camel, "event-router", route -> {
            for (String sink : new String[] {"ticket-store", "ticket-resolve", "slack-alert", "email-notify", "unrouted"}) {
                route.weaveByToUri("direct:" + sink).replace().to("mock:" + sink);
            }
        });
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
