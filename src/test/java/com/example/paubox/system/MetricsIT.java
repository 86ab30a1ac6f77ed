package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code /actuator/prometheus} counts webhooks by event and outcome and deliveries by sink and
 * outcome, times acknowledgement and delivery, and gauges the backlog and the dead letters; it
 * wants the admin token, health does not, and no label carries an address, a URL or an id.
 */
class MetricsIT extends ReceiverITSupport {

    @Test
    void webhooksAndDeliveriesAreCountedWithoutPhiInLabels() {
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_opened", Webhooks.nextId(), "metric@patient.example.net")).body());
        awaitDispatched(eventId);
        webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=nope")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(prometheus())
                .contains("paubox_webhooks_received_total{application=\"paubox-event-router\",event=\"api_mail_log_opened\",outcome=\"accepted\"}")
                .contains("outcome=\"rejected-bad-token\"")
                .contains("paubox_deliveries_total{application=\"paubox-event-router\",outcome=\"delivered\",sink=\"email-notify\"}")
                .contains("paubox_webhook_ack_latency_seconds_bucket")
                .contains("paubox_delivery_latency_seconds_count{application=\"paubox-event-router\",sink=\"email-notify\"}")
                .contains("paubox_dead_letters ")
                .contains("paubox_backlog_events ")
                .contains("paubox_backlog_oldest_seconds ")
                .contains("routeId=\"paubox-intake\""));
        String metrics = prometheus();
        assertThat(metrics).doesNotContain("@patient.example.net", TestPeers.SLACK_PATH, Webhooks.TOKEN, "eventId=");
    }

    @Test
    void webhookPathIsMeteredByTheReceiverAloneOtherPathsBySpring() {
        webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "spring@patient.example.net"));
        get("/actuator/health", null);

        // The receiver's own webhook metrics cover /webhooks; Spring's observation of that path
        // was a tenth of the intake's CPU. Everything else keeps http_server_requests.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(prometheus())
                .contains("http_server_requests_seconds_count{application=\"paubox-event-router\"")
                .contains("uri=\"/actuator/health\"")
                .doesNotContain("uri=\"/webhooks/paubox\""));
    }

    @Test
    void healthShowsTheSinksWithoutGoingDownForThem() throws Exception {
        TestPeers.slack().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(TestPeers.SLACK_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "h@patient.example.net")).body());
        await().atMost(Duration.ofSeconds(5)).until(() -> count("SELECT COUNT(*) FROM deliveries WHERE event_id = ? AND status = 'FAILED'", eventId) == 1);

        try {
            var health = JSON.readTree(get("/actuator/health", null).body());
            assertThat(health.get("status").asText()).isEqualTo("UP");
            var sinks = health.get("components").get("sinks");
            assertThat(sinks.get("status").asText()).isEqualTo("UP");
            assertThat(sinks.get("details").get("slack-alert").get("state").asText()).isEqualTo("failing");
            assertThat(sinks.get("details").get("email-notify").get("enabled").asBoolean()).isTrue();
            assertThat(sinks.get("details").get("ticket-store").get("enabled").asBoolean()).as("every sink the router names").isTrue();
            assertThat(health.get("components").get("db").get("status").asText()).isEqualTo("UP");
        } finally {
            // This context lives on for later test classes: its retry must not reach their Slack fake.
            jdbc.update("UPDATE deliveries SET status = 'DEAD' WHERE event_id = ?", eventId);
        }
    }

    @Test
    void actuatorWantsTheAdminTokenButHealthDoesNot() {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", Webhooks.TOKEN).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownEventNameIsCountedAsOtherAndNeverBecomesALabel() {
        String unknown = "api_mail_log_clicked";
        assertThat(webhooks.post(Webhooks.event(unknown, Webhooks.nextId(), "other@patient.example.net")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(prometheus())
                .contains("paubox_webhooks_received_total{application=\"paubox-event-router\",event=\"other\",outcome=\"accepted\"}"));
        assertThat(prometheus()).doesNotContain(unknown, "other@patient.example.net");
    }

    @Test
    void livenessIsUpWithoutAToken() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness", null);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).get("status").asText()).isEqualTo("UP");
    }

    private String prometheus() {
        HttpResponse<String> response = get("/actuator/prometheus", Webhooks.ADMIN_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return webhooks.send(request);
    }
}
