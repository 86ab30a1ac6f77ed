package com.example.paubox.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.delivery.Deliveries;
import com.example.paubox.inbox.Inbox;
import com.example.paubox.support.RouteTestSupport;
import java.util.Set;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * Route {@code event-router}, the default routing table, as it runs in the dispatcher: its
 * {@code to: direct:<sink>} steps name the event's sinks (nothing is sent to them here), and an
 * event no branch claims is marked unrouted.
 */
class EventRouterRouteTests extends RouteTestSupport {

    @Override
    protected void advise() {
    }

    @Test
    void hardBounceNamesTicketThenSlack() throws Exception {
        assertThat(sinksNamedFor("api_mail_log_permanent_failure")).containsExactly("ticket-store", "slack-alert");
    }

    @Test
    void softBounceNamesSlack() throws Exception {
        assertThat(sinksNamedFor("api_mail_log_temporary_failure")).containsExactly("slack-alert");
    }

    @Test
    void theReceiversOwnAlertNamesBothChannelsOfTheOpsDestination() throws Exception {
        assertThat(sinksNamedFor("receiver_alert")).containsExactly("slack-alert/ops", "email-notify/ops");
    }

    @Test
    void openedNamesEmail() throws Exception {
        assertThat(sinksNamedFor("api_mail_log_opened")).containsExactly("email-notify");
    }

    @Test
    void deliveredNamesTicketResolve() throws Exception {
        assertThat(sinksNamedFor("api_mail_log_delivered")).containsExactly("ticket-resolve");
    }

    @Test
    void anyOtherEventNamesNoSinkAndIsUnrouted() throws Exception {
        Exchange routed = route("api_mail_log_clicked");

        assertThat(routed.getProperty(Deliveries.NAMED)).isNull();
        assertThat(jdbc.queryForObject("SELECT status FROM webhook_events WHERE id = ?", String.class,
                routed.getProperty(Inbox.EVENT_ID))).isEqualTo("UNROUTED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deliveries WHERE event_id = ?", Integer.class,
                routed.getProperty(Inbox.EVENT_ID))).isZero();
    }

    @SuppressWarnings("unchecked")
    private Set<String> sinksNamedFor(String eventName) throws Exception {
        Exchange routed = route(eventName);
        assertThat(routed.getException()).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deliveries WHERE event_id = ?", Integer.class,
                routed.getProperty(Inbox.EVENT_ID))).as("naming sends nothing").isZero();
        return routed.getProperty(Deliveries.NAMED, Set.class);
    }

    private Exchange route(String eventName) throws Exception {
        return template.send("direct:event-router", events.stored(eventName, "someone@patient.example.net"));
    }
}
