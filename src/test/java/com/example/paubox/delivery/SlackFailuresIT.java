package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slack misbehaving in the ways it does, answered by the real WireMock peer. */
class SlackFailuresIT extends ReceiverITSupport {

    private static final String SOFT_BOUNCE = "api_mail_log_temporary_failure";

    @Test
    void slackDownForAWhileGetsTheAlertExactlyOnceAfterItRecovers() {
        // Refused connection, reset, 503, 500, then healthy again.
        stubSequence(
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withStatus(503),
                aResponse().withStatus(500),
                aResponse().withStatus(200).withBody("ok"));
        long paubox = Webhooks.nextId();

        long eventId = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, paubox, "down@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("slack-alert")));
        // (The HTTP client may itself retry the reset connection once, so count what Slack accepted.)
        assertThat(slackRequests()).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains(Long.toString(paubox)));
        assertThat(jdbc.queryForObject("SELECT attempts FROM deliveries WHERE event_id = ?", Integer.class, eventId))
                .isGreaterThanOrEqualTo(3);
        int requests = slackRequests().size();
        settle();
        assertThat(slackRequests()).as("nothing more after the success").hasSize(requests);
        assertThat(TestPeers.slack().getAllServeEvents())
                .filteredOn(e -> e.getResponseDefinition().getFault() == null && e.getResponse().getStatus() == 200)
                .hasSize(1);
    }

    @Test
    void serviceUnavailableIsRetriedByTheDeliveryPolicyNotByTheHttpClient() {
        stubSequence(
                aResponse().withStatus(503),
                aResponse().withStatus(200).withBody("ok"));

        long eventId = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, Webhooks.nextId(), "unavailable@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("slack-alert")));
        assertThat(slackRequests()).hasSize(2);
        // Apache HttpClient on its own re-sends a 503 within the same attempt: that would be 1 here.
        assertThat(jdbc.queryForObject("SELECT attempts FROM deliveries WHERE event_id = ?", Integer.class, eventId))
                .as("the 503 was a failed attempt of ours, retried by the deliveries table").isEqualTo(2);
    }

    @Test
    void tooManyRequestsWaitsAtLeastRetryAfter() {
        stubSequence(
                aResponse().withStatus(429).withHeader("Retry-After", "2"),
                aResponse().withStatus(200).withBody("ok"));

        long eventId = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, Webhooks.nextId(), "busy@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("slack-alert")));
        List<LoggedRequest> requests = slackRequests();
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).as("ms between the 429 and the retry").isGreaterThanOrEqualTo(2000);
    }

    @Test
    void permanentRefusalIsDeadAtOnceAndReplayDeliversItOnce() throws Exception {
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(400).withBody("invalid_payload")));
        long eventId = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, Webhooks.nextId(), "refused@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(deliveryStatuses(eventId).get("slack-alert")));
        settle();
        assertThat(slackRequests()).as("a permanent refusal is not retried").hasSize(1);
        HttpResponse<String> deadLetters = webhooks.admin("GET", "/admin/dead-letters", null);
        assertThat(deadLetters.statusCode()).isEqualTo(200);
        var listed = JSON.readTree(deadLetters.body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("sink").asText()).isEqualTo("slack-alert");
        assertThat(listed.get(0).get("last_error").asText()).isEqualTo("HTTP 400");
        assertThat(deadLetters.body()).doesNotContain("refused@");

        TestPeers.resetSlack();
        long deliveryId = listed.get(0).get("id").asLong();
        HttpResponse<String> replay = webhooks.admin("POST", "/admin/dead-letters/" + deliveryId + "/replay", null);
        assertThat(JSON.readTree(replay.body()).get("replayed").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("slack-alert")));
        HttpResponse<String> again = webhooks.admin("POST", "/admin/dead-letters/replay", "{\"all\":true}");
        assertThat(JSON.readTree(again.body()).get("replayed").asInt()).as("a delivered letter is not dead").isZero();
        settle();
        assertThat(slackRequests()).hasSize(1);
    }

    @Test
    void adminApiWantsItsOwnToken() {
        assertThat(webhooks.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/admin/dead-letters"))
                .header("Authorization", "Bearer " + Webhooks.TOKEN).GET()).statusCode()).isEqualTo(401);
        assertThat(webhooks.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/admin/dead-letters"))
                .GET()).statusCode()).isEqualTo(401);
    }

    private static void stubSequence(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
        TestPeers.slack().resetAll();
        String state = STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "step-" + (i + 1);
            TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).inScenario("slack")
                    .whenScenarioStateIs(state).willReturn(responses[i]).willSetStateTo(next));
            state = next;
        }
    }

    private static List<LoggedRequest> slackRequests() {
        return TestPeers.slack().findAll(postRequestedFor(urlEqualTo(TestPeers.SLACK_PATH)));
    }

    /** Gives the retry route a few polling rounds to do anything it wrongly would. */
    private static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
