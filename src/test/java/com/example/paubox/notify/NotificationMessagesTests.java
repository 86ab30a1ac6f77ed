package com.example.paubox.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.paubox.inbox.PauboxEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
        RecipientHasher hasher = new RecipientHasher(KEY);
        assertThat(RecipientDisplay.HASHED.show(address, hasher))
                .isEqualTo(RecipientDisplay.HASHED.show("john.doe@patient.example.net", new RecipientHasher(KEY.clone())))
                .matches("#[0-9a-f]{12}@patient\\.example\\.net")
                .doesNotContain("john");
    }

    @Test
    void hashedRecipientIsKeyedSoAListOfAddressesCannotReverseIt() throws Exception {
        String address = "john.doe@patient.example.net";
        String shown = new RecipientHasher(KEY).hash(address);
        // What anyone could compute from a list of patient addresses: an unkeyed hash of each.
        String unkeyed = "#" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(address.getBytes(StandardCharsets.UTF_8)), 0, 6) + "@patient.example.net";
        assertThat(shown).isNotEqualTo(unkeyed);
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThat(new RecipientHasher(otherKey).hash(address)).as("another key, another pseudonym").isNotEqualTo(shown);
        assertThat(RecipientHasher.random().hash(address)).isNotEqualTo(RecipientHasher.random().hash(address));
        assertThatThrownBy(() -> new RecipientHasher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configuredHashKeyGivesTheSamePseudonymInEveryProcess() {
        String key = "k".repeat(40);
        NotificationMessages one = new NotificationMessages(slack(RecipientDisplay.HASHED), email(RecipientDisplay.HASHED), new NotifyProperties(key));
        NotificationMessages two = new NotificationMessages(slack(RecipientDisplay.HASHED), email(RecipientDisplay.HASHED), new NotifyProperties(key));
        assertThat(one.emailText(EVENT)).isEqualTo(two.emailText(EVENT)).contains(new RecipientHasher(key.getBytes(StandardCharsets.UTF_8))
                .hash(EVENT.recipient()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<!here|here>", "<http://evil.example|click me>", "<#C024BE7LH>", "a&b", "x>y"})
    void slackMarkupFromThePayloadIsEscaped(String hostile) {
        PauboxEvent event = new PauboxEvent(8L, "api_mail_log_temporary_failure", "77", "jane@" + hostile,
                "clinic@" + hostile, null, "{}", null);
        for (RecipientDisplay display : RecipientDisplay.values()) {
            String text = messages(display, RecipientDisplay.MASKED).slackText(event, null);
            assertThat(text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")).doesNotContain("<", ">", "&");
            assertThat(text).contains("From domain: " + hostile.toLowerCase().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }
    }

    @Test
    void lineBreaksFromThePayloadCannotForgeLines() {
        PauboxEvent event = new PauboxEvent(9L, "api_mail_log_opened", "78", "jane@x.example\nTicket: #1",
                "clinic@y.example\r\nTo: boss@z.example", null, "{}", null);
        NotificationMessages messages = messages(RecipientDisplay.FULL, RecipientDisplay.FULL);
        assertThat(messages.slackText(event, null).lines()).hasSize(3).noneMatch(line -> line.startsWith("Ticket:"));
        assertThat(messages.emailText(event).lines()).noneMatch(line -> line.startsWith("Ticket:") || line.startsWith("To: boss"));
    }

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static SlackProperties slack(RecipientDisplay display) {
        return new SlackProperties("https://hooks.slack.com/x", display, java.util.Map.of());
    }

    private static EmailProperties email(RecipientDisplay display) {
        return new EmailProperties("smtp.example.org", 587, null, null, true, "a@example.org", "b@example.org", display, java.util.Map.of());
    }

    private static NotificationMessages messages(RecipientDisplay slack, RecipientDisplay email) {
        return new NotificationMessages(new SlackProperties("https://hooks.slack.com/x", slack, java.util.Map.of()),
                new EmailProperties("smtp.example.org", 587, null, null, true, "a@example.org", "b@example.org", email, java.util.Map.of()),
                new NotifyProperties(null));
    }
}
