package com.example.paubox.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.support.DispatchedEvents;
import com.example.paubox.support.RouteTestSupport;
import java.sql.SQLException;
import java.util.Map;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes {@code ticket-store} and {@code ticket-resolve} against the real ticket table (H2), with
 * a tap before the SQL that a test can make fail, and Slack replaced by a mock.
 */
class TicketStoreRouteTests extends RouteTestSupport {

    @EndpointInject("mock:opened")
    MockEndpoint opened;
    @EndpointInject("mock:before-ticket-sql")
    MockEndpoint beforeTicketSql;
    @EndpointInject("mock:slack")
    MockEndpoint slack;
    @EndpointInject("mock:before-resolve-sql")
    MockEndpoint beforeResolveSql;

    @Override
    protected void advise() throws Exception {
        AdviceWith.adviceWith(camel, "ticket-store", route -> {
            route.weaveById("count-repeat-bounce").before().to("mock:before-ticket-sql");
            route.weaveById("open-ticket").after().to("mock:opened");
        });
        AdviceWith.adviceWith(camel, "ticket-resolve", route -> route.weaveById("resolve-open-ticket").before().to("mock:before-resolve-sql"));
        AdviceWith.adviceWith(camel, "slack-alert", route -> route.weaveById("send-to-slack").replace().to("mock:slack"));
    }

    @BeforeEach
    void freshTables() {
        jdbc.update("DELETE FROM tickets");
    }

    @Test
    void hardBounceOpensOneTicketPerRecipient() throws Exception {
        opened.expectedMessageCount(2);

        Exchange first = template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", events.stored("api_mail_log_permanent_failure", "a@patient.example.net")));
        assertThat(deliveryOf(first, "ticket-store")).isEqualTo("DELIVERED");
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", events.stored("api_mail_log_permanent_failure", "a@patient.example.net")));
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", events.stored("api_mail_log_permanent_failure", "a@patient.example.net")));
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", events.stored("api_mail_log_permanent_failure", "b@patient.example.net")));

        opened.assertIsSatisfied();
        assertThat(jdbc.queryForList("SELECT recipient, occurrences FROM tickets ORDER BY recipient")).containsExactly(
                Map.of("recipient", "a@patient.example.net", "occurrences", 3),
                Map.of("recipient", "b@patient.example.net", "occurrences", 1));
    }

    @Test
    void deliveredResolvesOnlyThatRecipientsTicket() throws Exception {
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", events.stored("api_mail_log_permanent_failure", "fixed@patient.example.net")));
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", events.stored("api_mail_log_permanent_failure", "still@patient.example.net")));

        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-resolve", events.stored("api_mail_log_delivered", "fixed@patient.example.net")));

        assertThat(jdbc.queryForList("SELECT recipient, status FROM tickets ORDER BY recipient")).containsExactly(
                Map.of("recipient", "fixed@patient.example.net", "status", "RESOLVED"),
                Map.of("recipient", "still@patient.example.net", "status", "OPEN"));
    }

    @Test
    void ticketFailureDoesNotStopTheSlackAlert() throws Exception {
        beforeTicketSql.whenAnyExchangeReceived(e -> {
            throw new SQLException("database is read-only");
        });
        slack.expectedMessageCount(1);
        Exchange exchange = events.stored("api_mail_log_permanent_failure", "c@patient.example.net");

        template.send("direct:event-dispatch", exchange);

        slack.assertIsSatisfied();
        long eventId = exchange.getProperty(Inbox.EVENT_ID, Long.class);
        assertThat(jdbc.queryForList(
                "SELECT sink || ' ' || status || ' ' || COALESCE(last_error, '-') FROM deliveries WHERE event_id = ? ORDER BY sink",
                String.class, eventId))
                .containsExactly("slack-alert DELIVERED -", "ticket-store FAILED java.sql.SQLException");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tickets", Integer.class)).isZero();
    }

    @Test
    void resolveFailureIsRecordedForRetryAndTheTicketStaysOpen() throws Exception {
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", events.stored("api_mail_log_permanent_failure", "stuck@patient.example.net")));
        beforeResolveSql.whenAnyExchangeReceived(e -> {
            throw new SQLException("connection reset");
        });

        Exchange delivered = events.stored("api_mail_log_delivered", "stuck@patient.example.net");
        template.send("direct:sink-delivery", DispatchedEvents.to("ticket-resolve", delivered));

        assertThat(deliveryOf(delivered, "ticket-resolve")).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT status FROM tickets WHERE recipient = 'stuck@patient.example.net'", String.class))
                .isEqualTo("OPEN");
    }

    private String deliveryOf(Exchange exchange, String sink) {
        return jdbc.queryForObject("SELECT status FROM deliveries WHERE event_id = ? AND sink = ?", String.class,
                exchange.getProperty(Inbox.EVENT_ID, Long.class), sink);
    }
}
