package com.example.paubox.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.support.DispatchedEvents;
import com.example.paubox.support.RouteTestSupport;
import jakarta.mail.MessagingException;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Route {@code email-notify}, with the SMTP endpoint ({@code send-email}) replaced by a mock. */
class EmailNotifyRouteTests extends RouteTestSupport {

    @EndpointInject("mock:email")
    MockEndpoint email;

    @Override
    protected void advise() throws Exception {
        AdviceWith.adviceWith(camel, "email-notify", route -> route.weaveById("send-email").replace().to("mock:email"));
    }

    @Test
    void emailCarriesOnlyTheSubjectHeaderAndAMaskedRecipient() throws Exception {
        Exchange exchange = events.stored("api_mail_log_opened", "reader@patient.example.net");
        exchange.getMessage().setHeader("To", "attacker@evil.example");
        email.expectedMessageCount(1);

        template.send("direct:sink-delivery", DispatchedEvents.to("email-notify", exchange));

        email.assertIsSatisfied();
        var sent = email.getExchanges().get(0).getMessage();
        // Every header would become a mail header, and To/Cc/Bcc would redirect the mail: only the
        // subject and the list's addresses (NOTIFY_EMAIL_TO, the list named default) go.
        assertThat(sent.getHeaders()).containsOnlyKeys("Subject", "To");
        assertThat(sent.getHeader("To", String.class)).isEqualTo("oncall@care.example.org");
        assertThat(sent.getHeader("Subject", String.class)).startsWith("[Paubox] Opened: message ");
        assertThat(sent.getBody(String.class)).contains("r***@patient.example.net", "sender.example.com")
                .doesNotContain("reader@", "Lab results");
        assertThat(jdbc.queryForObject("SELECT status FROM deliveries WHERE event_id = ? AND sink = 'email-notify'",
                String.class, exchange.getProperty(Inbox.EVENT_ID))).isEqualTo("DELIVERED");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void mailIsRecordedDeliveredOrFailedAsTheRelayAnswers(boolean relayWorks) throws Exception {
        Exchange exchange = events.stored("api_mail_log_opened", "next@patient.example.net");
        if (!relayWorks) {
            email.whenAnyExchangeReceived(e -> {
                throw new MessagingException("relay said no");
            });
        }
        email.expectedMessageCount(1);

        Exchange result = template.send("direct:sink-delivery", DispatchedEvents.to("email-notify", exchange));

        email.assertIsSatisfied();
        assertThat(result.getException()).as("a failed send is the delivery mechanism's to record, not the caller's").isNull();
        assertThat(jdbc.queryForObject("SELECT status FROM deliveries WHERE event_id = ? AND sink = 'email-notify'",
                String.class, exchange.getProperty(Inbox.EVENT_ID))).isEqualTo(relayWorks ? "DELIVERED" : "FAILED");
    }
}
