package com.example.paubox.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.delivery.AlertDigest;
import com.example.paubox.inbox.PauboxEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.example.paubox.support.ReadmeExamples;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The text of digests: what they say, within Slack's limits, and never a full address or a subject. */
class DigestMessagesTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OffsetDateTime FROM = OffsetDateTime.parse("2026-12-01T10:00:00.250Z");

    @Test
    void aDigestSaysTheWindowTheCountsAFewRecipientsTheTicketsAndWhereToLook() throws Exception {
        AlertDigest digest = digest(120, 3).withTickets(LongStream.rangeClosed(1, 40).boxed().toList());

        JsonNode slack = JSON.readTree(messages(RecipientDisplay.MASKED).slackDigest(digest));

        assertThat(slack.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("Hard bounce digest: 120 alerts");
        String text = slack.toString();
        assertThat(text).contains("2026-12-01T10:00:00Z to 2026-12-01T10:01:00Z", "Hard bounce:* 120", "clinic-0.example 40",
                "clinic-1.example 40", "clinic-2.example 40", "p***@patient.example.net and 119 more", "#1, #2", "#20 and 20 more", "GET /admin/digests/42");
        assertThat(slack.get("text").asText()).contains("Hard bounce digest: 120 alerts", "GET /admin/digests/42");
        assertThat(text).doesNotContain("person7.", "Lab results", "X-Patient");
    }

    /** The digest docs/alerts.md shows is what this code sends for such a window. */
    @Test
    void theReadmeShowsARealDigest() throws Exception {
        OffsetDateTime from = OffsetDateTime.parse("2026-12-01T14:02:11Z");
        String[] names = {"maria.lopez", "james.chen", "ana.silva", "tom.baker", "rita.khan", "lee.wong", "omar.said"};
        List<PauboxEvent> events = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            String domain = i < 96 ? "clinic-a.example" : "clinic-a-mail.example";
            events.add(new PauboxEvent((long) 1000 + i, "api_mail_log_permanent_failure", Long.toString(7300000 + i),
                    names[i % names.length] + i + "@patient-mail.example", "newsletter@" + domain, from.plusSeconds(i / 4), "{}", from));
        }
        AlertDigest digest = new AlertDigest(42, "slack-alert/clinic-a", "api_mail_log_permanent_failure", from, from.plusSeconds(60),
                events, List.of()).withTickets(LongStream.rangeClosed(5101, 5199).boxed().toList());

        assertThat(JSON.readTree(messages(RecipientDisplay.MASKED).slackDigest(digest)))
                .isEqualTo(JSON.readTree(ReadmeExamples.block(Path.of("docs/alerts.md"), "digest-example", "json")));
    }

    @Test
    void aHugeDigestStaysWithinSlacksLimits() throws Exception {
        JsonNode slack = JSON.readTree(messages(RecipientDisplay.MASKED).slackDigest(digest(5000, 400).withTickets(
                LongStream.rangeClosed(1_000_000, 1_005_000).boxed().toList())));

        assertThat(slack.get("blocks").size()).isLessThanOrEqualTo(50);
        for (JsonNode block : slack.get("blocks")) {
            if (block.has("text")) {
                assertThat(block.get("text").get("text").asText().length()).isLessThanOrEqualTo(3000);
            }
        }
        assertThat(slack.get("blocks").get(0).get("text").get("text").asText().length()).isLessThanOrEqualTo(150);
        assertThat(slack.toString()).contains("other domains");
    }

    @Test
    void evenWithTheFullDisplayADigestShowsNoFullAddress() {
        AlertDigest digest = digest(8, 1);
        for (String text : List.of(messages(RecipientDisplay.FULL).slackDigest(digest), messages(RecipientDisplay.FULL).emailDigestText(digest),
                messages(RecipientDisplay.FULL).emailDigestSubject(digest))) {
            assertThat(text).doesNotContain("person1.name@").doesNotContain("Lab results");
        }
        assertThat(messages(RecipientDisplay.HASHED).slackDigest(digest)).as("five pseudonyms, and the rest counted")
                .matches("(?s).*(#[0-9a-f]{12}@patient\\.example\\.net, ){4}#[0-9a-f]{12}@patient\\.example\\.net and 3 more.*");
    }

    @Test
    void aHostileDomainCannotFormatTheDigest() {
        PauboxEvent hostile = new PauboxEvent(1L, "api_mail_log_permanent_failure", "1", "x@patient.example.net", "a@<!channel>",
                FROM, "{}", FROM);
        AlertDigest digest = new AlertDigest(1, "slack-alert", "api_mail_log_permanent_failure", FROM, FROM.plusSeconds(60),
                List.of(hostile, hostile), List.of());
        assertThat(messages(RecipientDisplay.MASKED).slackDigest(digest)).doesNotContain("<!channel>");
    }

    private static AlertDigest digest(int alerts, int domains) {
        List<PauboxEvent> events = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            events.add(new PauboxEvent((long) i, "api_mail_log_permanent_failure", Integer.toString(5000 + i),
                    "person" + i + ".name@patient.example.net", "desk@clinic-" + (i % domains) + ".example", FROM,
                    "{\"payload\":{\"subject\":\"Lab results\",\"custom_headers\":{\"X-Patient\":\"42\"}}}", FROM));
        }
        return new AlertDigest(42, "slack-alert/clinic-a", "api_mail_log_permanent_failure", FROM, FROM.plusSeconds(60), events, List.of());
    }

    private static NotificationMessages messages(RecipientDisplay display) {
        return new NotificationMessages(new SlackProperties("https://hooks.slack.com/x", display, Map.of()),
                new EmailProperties("smtp.example.org", 587, null, null, true, "a@example.org", "b@example.org", display, Map.of()),
                new RecipientHasher("0123456789abcdef0123456789abcdef".getBytes()));
    }
}
