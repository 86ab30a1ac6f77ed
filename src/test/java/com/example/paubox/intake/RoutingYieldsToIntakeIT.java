package com.example.paubox.intake;

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

/**
 * Intake first: while webhooks keep arriving, only paubox.inbox.routing-while-receiving events
 * are routed at once; once they stop, the events still waiting are all routed together. Seen at
 * Slack, which takes SLACK_MS to answer each alert: with two routed at a time, a third alert
 * cannot reach it before one of the first two has been answered.
 */
class RoutingYieldsToIntakeIT extends ReceiverITSupport {

    static final int SLACK_MS = 400;
    static final int EVENTS = 24;

    @DynamicPropertySource
    static void narrowRoutingAndNoSlackPace(DynamicPropertyRegistry registry) {
        registry.add("paubox.inbox.routing-while-receiving", () -> "2");
        registry.add("paubox.slack.min-interval", () -> "0s");
    }

    @Test
    void whileWebhooksArriveTwoAreRoutedAtATimeAndTheRestGoTogetherOnceTheyStop() throws Exception {
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH))
                .willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(SLACK_MS)));

        for (int i = 0; i < EVENTS; i++) {
            assertThat(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "p" + i + "@patient.example.net"))
                    .statusCode()).isEqualTo(200);
            Thread.sleep(80);
        }
        long lastWebhook = System.currentTimeMillis();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM deliveries WHERE status = 'DELIVERED'") == EVENTS);
        List<Long> sentAt = TestPeers.slack().getAllServeEvents().stream()
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(sentAt).hasSize(EVENTS);

        // Up to the last webhook, any three alerts in a row span at least one Slack answer.
        int whileReceiving = 0;
        for (int k = 0; k + 2 < sentAt.size() && sentAt.get(k + 2) <= lastWebhook; k++, whileReceiving++) {
            assertThat(sentAt.get(k + 2) - sentAt.get(k)).as("ms from alert %d to alert %d while webhooks arrive", k + 1, k + 3)
                    .isGreaterThanOrEqualTo(SLACK_MS - 50);
        }
        assertThat(whileReceiving).as("alerts sent while webhooks were still arriving").isGreaterThanOrEqualTo(4);

        // The intake has been quiet for a second (counted from the last webhook's arrival, a few
        // ms before the test saw its answer): the alerts still waiting leave together.
        List<Long> late = sentAt.stream().filter(t -> t > lastWebhook + 500).toList();
        assertThat(late).as("alerts left waiting when the webhooks stopped").hasSizeGreaterThanOrEqualTo(3);
        boolean together = false;
        for (int k = 0; k + 2 < late.size(); k++) {
            together |= late.get(k + 2) - late.get(k) < SLACK_MS / 2;
        }
        assertThat(together).as("three of them sent within %d ms: %s", SLACK_MS / 2, late).isTrue();
    }
}
