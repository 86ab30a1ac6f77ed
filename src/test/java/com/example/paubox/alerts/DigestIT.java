package com.example.paubox.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Digests one by one, with a 5-second window: the first alert goes at once and the next ones
 * are held; a window that held one alert sends it as a normal alert; a digest is per kind; the
 * admin API shows which digest carried each delivery; a dead digest's alerts are replayed one
 * by one; opened events are digested by email the same way.
 */
class DigestIT extends ReceiverITSupport {

    private static final String HARD = "api_mail_log_permanent_failure";
    private static final String SOFT = "api_mail_log_temporary_failure";

    @DynamicPropertySource
    static void digestsOn(DynamicPropertyRegistry registry) {
        registry.add("paubox.alerts.digest.enabled", () -> "true");
        registry.add("paubox.alerts.digest.window", () -> "5s");
    }

    @Test
    void theFirstAlertGoesAtOnceAndTheNextOnesInOneDigestWithTheirTickets() throws Exception {
        long first = postEvent(HARD, "first.one@patient.example.net");
        await().atMost(Duration.ofSeconds(3)).until(() -> slackMessages().size() == 1);
        assertThat(slackMessages().get(0).has("blocks")).as("a normal alert").isFalse();
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            held.add(postEvent(HARD, "held" + i + ".person@patient.example.net"));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> count("SELECT COUNT(*) FROM deliveries WHERE status = 'HELD'") == 7);
        assertThat(slackMessages()).as("held, not sent").hasSize(1);

        await().atMost(Duration.ofSeconds(15)).until(() -> slackMessages().size() == 2);
        JsonNode digest = slackMessages().get(1);
        String text = digest.toString();
        assertThat(digest.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("Hard bounce digest: 7 alerts");
        assertThat(digest.get("text").asText()).as("the plain fallback").contains("Hard bounce digest: 7 alerts", "/admin/digests/");
        assertThat(digest.get("blocks").size()).isLessThanOrEqualTo(50);
        assertThat(text).contains("sender.example.com 7", "h***@patient.example.net and 6 more", "Window:")
                .doesNotContain("held0.person", Webhooks.SUBJECT);
        long ticket = jdbc.queryForObject("SELECT id FROM tickets WHERE open_recipient = 'held3.person@patient.example.net'", Long.class);
        assertThat(text).contains("#" + ticket);

        await().atMost(Duration.ofSeconds(5)).until(() -> count("SELECT COUNT(*) FROM deliveries WHERE status IN ('HELD', 'CARRIED')") == 0);
        for (long event : held) {
            assertThat(deliveryStatuses(event)).containsEntry("slack-alert", "DELIVERED");
        }
        JsonNode shown = JSON.readTree(webhooks.admin("GET", "/admin/events/" + held.get(2), null).body());
        JsonNode slack = null;
        for (JsonNode delivery : shown.get("deliveries")) {
            if ("slack-alert".equals(delivery.get("sink").asText())) {
                slack = delivery;
            }
        }
        assertThat(slack.get("digest_id").isNumber()).as("the delivery says which digest carried it").isTrue();
        JsonNode carried = JSON.readTree(webhooks.admin("GET", "/admin/digests/" + slack.get("digest_id").asLong(), null).body());
        assertThat(carried.get("status").asText()).isEqualTo("SENT");
        assertThat(carried.get("alerts").asInt()).isEqualTo(7);
        assertThat(carried.get("deliveries")).hasSize(7);
        assertThat(carried.toString()).contains("h***@patient.example.net").doesNotContain("held1.person");
        assertThat(jdbc.queryForObject("SELECT digest_id FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", Long.class, first))
                .as("the first went on its own").isNull();
    }

    @Test
    void aWindowThatHeldOneAlertSendsItAsANormalAlert() {
        postEvent(HARD, "one.first@patient.example.net");
        await().atMost(Duration.ofSeconds(3)).until(() -> slackMessages().size() == 1);
        long second = postEvent(HARD, "one.second@patient.example.net");
        await().atMost(Duration.ofSeconds(15)).until(() -> slackMessages().size() == 2);
        JsonNode alert = slackMessages().get(1);
        assertThat(alert.has("blocks")).isFalse();
        assertThat(alert.get("text").asText()).startsWith("Hard bounce: Paubox message").contains("o***@patient.example.net", "Ticket: #");
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(deliveryStatuses(second).get("slack-alert")));
    }

    @Test
    void eachKindHasItsOwnWindow() {
        postEvent(HARD, "kind.hard1@patient.example.net");
        postEvent(SOFT, "kind.soft1@patient.example.net");
        await().atMost(Duration.ofSeconds(3)).until(() -> slackMessages().size() == 2);
        postEvent(HARD, "kind.hard2@patient.example.net");
        postEvent(HARD, "kind.hard3@patient.example.net");
        postEvent(SOFT, "kind.soft2@patient.example.net");
        postEvent(SOFT, "kind.soft3@patient.example.net");
        await().atMost(Duration.ofSeconds(15)).until(() -> slackMessages().size() == 4);
        List<String> headers = slackMessages().subList(2, 4).stream()
                .map(m -> m.get("blocks").get(0).get("text").get("text").asText()).sorted().toList();
        assertThat(headers).containsExactly("Hard bounce digest: 2 alerts", "Soft bounce digest: 2 alerts");
    }

    @Test
    void aDeadDigestsAlertsAreDeadLettersEachReplayedOnItsOwn() throws Exception {
        TestPeers.slack().resetAll();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).inScenario("refuses").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("ok")).willSetStateTo("refusing"));
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).inScenario("refuses").whenScenarioStateIs("refusing")
                .willReturn(aResponse().withStatus(400).withBody("invalid_blocks")));
        postEvent(HARD, "dead.first@patient.example.net");
        long a = postEvent(HARD, "dead.a@patient.example.net");
        long b = postEvent(HARD, "dead.b@patient.example.net");
        await().atMost(Duration.ofSeconds(15)).until(() -> "DEAD".equals(deliveryStatuses(a).get("slack-alert"))
                && "DEAD".equals(deliveryStatuses(b).get("slack-alert")));
        assertThat(jdbc.queryForObject("SELECT last_error FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", String.class, a)
                + jdbc.queryForObject("SELECT last_error FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", String.class, b))
                .contains("HTTP 400");

        TestPeers.resetSlack();
        long deadLetter = jdbc.queryForObject("SELECT id FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", Long.class, b);
        assertThat(JSON.readTree(webhooks.admin("POST", "/admin/dead-letters/" + deadLetter + "/replay", null).body())
                .get("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(b).get("slack-alert")));
        assertThat(slackMessages()).as("the replayed alert, on its own").hasSize(1);
        assertThat(slackMessages().get(0).has("blocks")).isFalse();
        assertThat(slackMessages().get(0).get("text").asText()).contains("d***@patient.example.net");
        assertThat(deliveryStatuses(a)).containsEntry("slack-alert", "DEAD");
    }

    @Test
    void aDigestRefusedWith429WaitsItsRetryAfterAndCarriesEveryHeldAlert() throws Exception {
        TestPeers.slack().resetAll();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("ok")).willSetStateTo("limiting"));
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).inScenario("limited").whenScenarioStateIs("limiting")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("rate_limited")).willSetStateTo("open"));
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).inScenario("limited").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        postEvent(HARD, "limited.first@patient.example.net");
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(postEvent(HARD, "limited" + i + "@patient.example.net"));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> held.stream().allMatch(e -> "DELIVERED".equals(deliveryStatuses(e).get("slack-alert"))));
        var requests = TestPeers.slack().getAllServeEvents().stream()
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        assertThat(requests).as("the first alert, the digest refused, the digest again").hasSize(3);
        assertThat(requests.get(1).getResponse().getStatus()).isEqualTo(429);
        long waited = requests.get(2).getRequest().getLoggedDate().getTime() - requests.get(1).getRequest().getLoggedDate().getTime();
        assertThat(waited).as("Retry-After: 2 honoured").isGreaterThanOrEqualTo(1900);
        assertThat(requests.get(2).getRequest().getBodyAsString()).contains("Hard bounce digest: 4 alerts");
        assertThat(requests.get(1).getRequest().getBodyAsString()).isEqualTo(requests.get(2).getRequest().getBodyAsString());
    }

    @Test
    void openedEventsAreDigestedByEmail() throws Exception {
        for (int i = 0; i < 4; i++) {
            postEvent("api_mail_log_opened", "reader" + i + "@patient.example.net");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> emails().length == 2);
        MimeMessage digest = emails()[1];
        assertThat(digest.getSubject()).isEqualTo("[Paubox] Opened digest: 3 alerts");
        String body = (String) digest.getContent();
        assertThat(body).contains("Opened (api_mail_log_opened): 3", "sender.example.com 3", "r***@patient.example.net and 2 more",
                "/admin/digests/").doesNotContain("reader1", Webhooks.SUBJECT);
    }

    private long postEvent(String kind, String recipient) {
        return eventId(webhooks.post(Webhooks.event(kind, Webhooks.nextId(), recipient)).body());
    }
}
