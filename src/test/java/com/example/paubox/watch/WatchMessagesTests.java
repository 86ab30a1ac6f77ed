package com.example.paubox.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.support.ReadmeExamples;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The receiver's alerts about itself as their readers get them, and the example in docs/missing-events.md. */
class WatchMessagesTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SINCE = Instant.parse("2026-12-01T13:43:53Z");

    private final WatchMessages messages = new WatchMessages();

    @Test
    void theDocumentedSlackAlertIsWhatAnEventsLostStartSends() throws Exception {
        WatchAlert alert = new WatchAlert("events-lost", null, "started", SINCE, SINCE,
                "3 webhooks answered 503 (not stored) since 2026-12-01T13:43:53Z, the last at 2026-12-01T13:43:53Z."
                        + " Paubox does not send them again.", null);
        String documented = ReadmeExamples.block(Path.of("docs/missing-events.md"), "watch-alert-example", "json");
        assertThat(JSON.readTree(messages.slackPayload(event(alert)))).isEqualTo(JSON.readTree(documented));
    }

    @Test
    void remindersAndResolvesSayForHowLong() {
        WatchAlert reminder = new WatchAlert("sink-failing", "slack-alert/clinic-a", "reminder", SINCE,
                SINCE.plusSeconds(4 * 3600 + 60), "Deliveries to slack-alert/clinic-a failing.", null);
        assertThat(messages.emailSubject(event(reminder)))
                .isEqualTo("[Paubox receiver] Still going on after 4 h 1 min: a sink failing (slack-alert/clinic-a)");
        WatchAlert resolved = new WatchAlert("silence", null, "resolved", SINCE, SINCE.plusSeconds(25 * 60),
                "The last webhook accepted at 2026-12-01T14:08:53Z, 2 s ago.", null);
        assertThat(messages.emailSubject(event(resolved))).isEqualTo("[Paubox receiver] Resolved after 25 min: no webhooks");
        assertThat(messages.emailText(event(resolved))).startsWith("Resolved after 25 min: no webhooks\n\nThe last webhook accepted at")
                .as("no advice once it is over").doesNotContain("Send one test webhook");
    }

    @Test
    void slackFormattingInADetailIsShownAsTyped() throws Exception {
        WatchAlert alert = new WatchAlert("sink-failing", "teams-alert", "started", SINCE, SINCE, "a <!channel> & <http://x|y>", null);
        String text = JSON.readTree(messages.slackPayload(event(alert))).get("text").asText();
        assertThat(text).contains("a &lt;!channel&gt; &amp; &lt;http://x|y&gt;");
    }

    private static PauboxEvent event(WatchAlert alert) {
        return new PauboxEvent(7L, WatchAlert.EVENT_NAME, "watch:1", null, null, null, alert.toJson("watch:1"), alert.time().atOffset(java.time.ZoneOffset.UTC));
    }
}
