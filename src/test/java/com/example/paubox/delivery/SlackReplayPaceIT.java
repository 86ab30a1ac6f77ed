package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Alerts that come back through the retry route (here: all dead letters replayed at once) keep Slack's pace too. */
class SlackReplayPaceIT extends ReceiverITSupport {

    private static final long PACE_MILLIS = 300;
    private static final int ALERTS = 5;

    @DynamicPropertySource
    static void slackPace(DynamicPropertyRegistry registry) {
        registry.add("paubox.sinks.slack-alert.pace", () -> PACE_MILLIS + "ms");
    }

    @Test
    void replayingAllDeadLettersReachesSlackAtItsPace() {
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(400).withBody("invalid_payload")));
        for (int i = 0; i < ALERTS; i++) {
            assertThat(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "dead" + i + "@patient.example.net"))
                    .statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM deliveries WHERE status = 'DEAD'") == ALERTS);

        TestPeers.resetSlack();
        assertThat(webhooks.admin("POST", "/admin/dead-letters/replay", "{\"all\":true}").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM deliveries WHERE status = 'DELIVERED'") == ALERTS);
        List<Long> receivedAt = TestPeers.slack().getAllServeEvents().stream()
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(receivedAt).hasSize(ALERTS);
        for (int i = 1; i < receivedAt.size(); i++) {
            assertThat(receivedAt.get(i) - receivedAt.get(i - 1)).as("ms between replayed alert %d and %d", i, i + 1)
                    .isGreaterThanOrEqualTo(PACE_MILLIS);
        }
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE attempts <> 1")).as("waiting for the pace is not an attempt").isZero();
    }
}
