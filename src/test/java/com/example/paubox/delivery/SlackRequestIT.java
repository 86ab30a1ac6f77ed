package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What goes to Slack with each alert, seen by the real WireMock peer. */
class SlackRequestIT extends ReceiverITSupport {

    private static final String SOFT_BOUNCE = "api_mail_log_temporary_failure";

    @Test
    void alertsSendNoCookieBackAndAskForNoCompression() {
        TestPeers.slack().resetAll();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH))
                .willReturn(aResponse().withStatus(200).withHeader("Set-Cookie", "session=tracked; Path=/").withBody("ok")));

        for (String recipient : List.of("first@patient.example.net", "second@patient.example.net")) {
            long eventId = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, Webhooks.nextId(), recipient)).body());
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("slack-alert")));
        }

        List<LoggedRequest> alerts = TestPeers.slack().findAll(postRequestedFor(urlEqualTo(TestPeers.SLACK_PATH)));
        assertThat(alerts).hasSize(2).allSatisfy(alert -> {
            assertThat(alert.containsHeader("Cookie")).as("cookie sent back to Slack").isFalse();
            assertThat(alert.getHeader("Accept-Encoding")).as("compressed answer asked for").isNull();
            assertThat(alert.getHeader("Content-Type")).startsWith("application/json");
        });
    }
}
