package com.example.paubox.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.inbox.PauboxEvent;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationMessagesTests {

    private static final PauboxEvent EVENT = new PauboxEvent(7L, "api_mail_log_permanent_failure", "5555", "john.doe@patient.example.net",
            "clinic@sender.example.com", OffsetDateTime.parse("2026-11-27T20:27:25Z"),
            "{\"payload\":{\"subject\":\"Lab results\",\"custom_headers\":{\"X-Patient\":\"42\"}}}", null);

    @ParameterizedTest
    @CsvSource({
        "MASKED, j***@patient.example.net",
        "HASHED, #",
        "FULL, john.doe@patient.example.net"
    })
    void eachSinkShowsTheRecipientAsItsOperatorChose(RecipientDisplay display, String shown) {
        NotificationMessages slackOnly = messages(display, RecipientDisplay.MASKED);
        NotificationMessages emailOnly = messages(RecipientDisplay.MASKED, display);

        assertThat(slackOnly.slackText(EVENT, 3L)).contains("To: " + shown, "Ticket: #3", "Hard bounce", "5555", "sender.example.com");
        assertThat(emailOnly.emailText(EVENT)).contains("To: " + shown);
        assertThat(slackOnly.emailText(EVENT)).contains("To: j***@patient.example.net");
        for (String text : new String[] {slackOnly.slackText(EVENT, 3L), emailOnly.emailText(EVENT), emailOnly.emailSubject(EVENT)}) {
            assertThat(text).doesNotContain("Lab results", "X-Patient", "clinic@");
        }
    }

    @ParameterizedTest
    @CsvSource({"john.doe@patient.example.net", "John.Doe@Patient.Example.net"})
    void hashedRecipientIsAStablePseudonym(String address) {
        assertThat(RecipientDisplay.HASHED.show(address))
                .isEqualTo(RecipientDisplay.HASHED.show("john.doe@patient.example.net"))
                .matches("#[0-9a-f]{12}@patient\\.example\\.net")
                .doesNotContain("john");
    }

    private static NotificationMessages messages(RecipientDisplay slack, RecipientDisplay email) {
        return new NotificationMessages(new SlackProperties("https://hooks.slack.com/x", Duration.ofSeconds(1), slack),
                new EmailProperties("smtp.example.org", 587, null, null, true, "a@example.org", "b@example.org", email));
    }
}
