package com.example.paubox.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.support.DispatchedEvents;
import com.example.paubox.support.RouteTestSupport;
import java.io.IOException;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Route {@code slack-alert} delivered by the delivery mechanism ({@code direct:sink-delivery}),
 * with the Slack endpoint ({@code send-to-slack}) replaced by a mock.
 */
class SlackAlertRouteTests extends RouteTestSupport {

    @EndpointInject("mock:slack")
    MockEndpoint slack;

    @Override
    protected void advise() throws Exception {
        AdviceWith.adviceWith(camel, "slack-alert", route -> route.weaveById("send-to-slack").replace().to("mock:slack"));
    }

    @Test
    void alertNamesTicketAndMaskedRecipientButNotSubject() throws Exception {
        Exchange exchange = events.stored("api_mail_log_permanent_failure", "john.doe@patient.example.net");
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", exchange.copy()));
        long ticket = jdbc.queryForObject("SELECT id FROM tickets WHERE open_recipient = 'john.doe@patient.example.net'", Long.class);
        slack.expectedMessageCount(1);

        template.send("direct:sink-delivery", DispatchedEvents.to("slack-alert", exchange));

        slack.assertIsSatisfied();
        String text = slack.getExchanges().get(0).getMessage().getBody(String.class);
        assertThat(text).contains("Hard bounce", "j***@patient.example.net", "Ticket: #" + ticket, "sender.example.com")
                .doesNotContain("john.doe", "Lab results", "clinic@");
        assertThat(status(exchange)).isEqualTo("DELIVERED");
    }

    @Test
    void eventAlreadyAlertedIsNotSentAgain() throws Exception {
        Exchange first = events.stored("api_mail_log_temporary_failure", "mary@patient.example.net");
        slack.expectedMessageCount(1);

        template.send("direct:sink-delivery", DispatchedEvents.to("slack-alert", first));
        Exchange again = first.copy();
        template.send("direct:sink-delivery", DispatchedEvents.to("slack-alert", again));

        slack.assertIsSatisfied();
        assertThat(jdbc.queryForObject("SELECT attempts FROM deliveries WHERE event_id = ?", Integer.class,
                first.getProperty(Inbox.EVENT_ID))).isEqualTo(1);
    }

    @Test
    void slackFailureIsRecordedWithoutItsMessage() throws Exception {
        Exchange exchange = events.stored("api_mail_log_temporary_failure", "fail@patient.example.net");
        slack.whenAnyExchangeReceived(e -> {
            throw new IOException("connection reset while sending to fail@patient.example.net");
        });

        Exchange result = template.send("direct:sink-delivery", DispatchedEvents.to("slack-alert", exchange));

        assertThat(result.getException()).as("handled by the delivery mechanism").isNull();
        assertThat(status(exchange)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT last_error FROM deliveries WHERE event_id = ?", String.class,
                exchange.getProperty(Inbox.EVENT_ID))).isEqualTo("java.io.IOException");
    }

    private String status(Exchange exchange) {
        return jdbc.queryForObject("SELECT status FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", String.class,
                exchange.getProperty(Inbox.EVENT_ID));
    }
}
