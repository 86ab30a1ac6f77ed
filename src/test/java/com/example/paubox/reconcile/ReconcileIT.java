package com.example.paubox.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.PauboxApi;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reconciliation against a stand-in for Paubox's message receipt API (WireMock): what a missed
 * webhook would have said is learnt from Paubox, stored as an event (source reconciled) and
 * routed like a webhook; a webhook that comes later is a duplicate; the API down, or answering
 * 429, is retried and never stops the receiver; the API key goes in its header and nowhere else.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReconcileIT extends ReceiverITSupport {

    static final String API_KEY = PauboxApi.API_KEY;
    static final String RECEIPT_PATH = PauboxApi.RECEIPT_PATH;
    static final WireMockServer PAUBOX = PauboxApi.server();

    @DynamicPropertySource
    static void paubox(DynamicPropertyRegistry registry) {
        PauboxApi.settings().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void forgetPaubox() {
        PAUBOX.resetAll();
        jdbc.update("DELETE FROM reconcile_messages");
        jdbc.update("DELETE FROM reconcile_windows");
    }

    @Test
    void aSoftBounceWhoseHardBounceNeverCameOpensItsTicketFromReconciliationAndTheLateWebhookIsADuplicate(CapturedOutput output) {
        long id = Webhooks.nextId();
        PauboxApi.receipt(id, "jane.roe@patient.example.net", "hard bounced", null);
        assertThat(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", id, "jane.roe@patient.example.net")).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() ->
                count("SELECT COUNT(*) FROM tickets WHERE recipient = 'jane.roe@patient.example.net' AND status = 'OPEN'") == 1);
        assertThat(jdbc.queryForObject("SELECT source FROM webhook_events WHERE event_key = ?", String.class,
                "api_mail_log_permanent_failure:" + id)).isEqualTo("reconciled");
        await().atMost(Duration.ofSeconds(10)).until(() -> slackMessages().stream()
                .anyMatch(m -> m.get("text").asText().startsWith("Hard bounce: Paubox message " + id + " ")));
        assertThat(jdbc.queryForObject("SELECT status FROM reconcile_messages WHERE tracking_id = ?", String.class,
                Webhooks.trackingId(id))).isEqualTo("DONE");

        PAUBOX.verify(getRequestedFor(urlPathEqualTo(RECEIPT_PATH)).withQueryParam("sourceTrackingId", equalTo(Webhooks.trackingId(id)))
                .withHeader("Authorization", equalTo("Token token=" + API_KEY)));
        String late = webhooks.post(Webhooks.event("api_mail_log_permanent_failure", id, "jane.roe@patient.example.net")).body();
        assertThat(late).contains("\"status\":\"duplicate\"");
        assertThat(count("SELECT COUNT(*) FROM tickets WHERE recipient = 'jane.roe@patient.example.net'")).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(API_KEY).doesNotContain("jane.roe");
    }

    @Test
    void aSoftBounceThatPauboxSaysWasDeliveredResolvesTheRecipientsTicket() {
        String recipient = "john.doe@patient.example.net";
        assertThat(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), recipient)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM tickets WHERE recipient = ? AND status = 'OPEN'",
                recipient) == 1);
        long id = Webhooks.nextId();
        PauboxApi.receipt(id, recipient, "delivered", "opened");
        webhooks.post(Webhooks.event("api_mail_log_temporary_failure", id, recipient));

        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM tickets WHERE recipient = ? AND status = 'RESOLVED'",
                recipient) == 1);
        assertThat(count("SELECT COUNT(*) FROM webhook_events WHERE source = 'reconciled' AND event_key IN (?, ?)",
                "api_mail_log_delivered:" + id, "api_mail_log_opened:" + id)).isEqualTo(2);
    }

    @Test
    void theApiDownOrAnswering429IsRetriedAndTheReceiverGoesOn() {
        long id = Webhooks.nextId();
        PAUBOX.stubFor(get(urlPathEqualTo(RECEIPT_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("too-many"));
        PAUBOX.stubFor(get(urlPathEqualTo(RECEIPT_PATH)).inScenario("flaky").whenScenarioStateIs("too-many")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("up"));
        PAUBOX.stubFor(get(urlPathEqualTo(RECEIPT_PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(PauboxApi.answer(Webhooks.trackingId(id), "soft.bounce@patient.example.net", "hard bounced", null)));
        webhooks.post(Webhooks.event("api_mail_log_temporary_failure", id, "soft.bounce@patient.example.net"));

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM webhook_events WHERE event_key = ?",
                "api_mail_log_permanent_failure:" + id) == 1);
        var asked = PAUBOX.findAll(getRequestedFor(urlPathEqualTo(RECEIPT_PATH)));
        assertThat(asked).hasSize(3);
        assertThat(asked.get(2).getLoggedDate().getTime() - asked.get(1).getLoggedDate().getTime())
                .as("the 429's Retry-After: 1 honoured").isGreaterThanOrEqualTo(1000);
        assertThat(asked.get(1).getLoggedDate().getTime() - asked.get(0).getLoggedDate().getTime())
                .as("the 503 retried after a wait, not at once").isGreaterThanOrEqualTo(900);
        assertThat(jdbc.queryForObject("SELECT checks FROM reconcile_messages WHERE tracking_id = ?", Integer.class,
                Webhooks.trackingId(id))).isEqualTo(3);
        // Meanwhile webhooks were taken as ever.
        assertThat(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "x@patient.example.net")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTrackingIdRegisteredByTheSenderIsReconciledThoughNoWebhookEverCame() {
        String trackingId = "6e1cf9a4-7bde-4834-8200-ed424b50c8a7";
        PAUBOX.stubFor(get(urlPathEqualTo(RECEIPT_PATH)).withQueryParam("sourceTrackingId", equalTo(trackingId))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(PauboxApi.receiptJson(
                        trackingId, "Never Heard <Never.Heard@patient.example.net>", "hard bounced", null))));
        var registered = webhooks.admin("POST", "/admin/reconcile", "{\"sourceTrackingIds\": [\"" + trackingId + "\"]}");
        assertThat(registered.statusCode()).isEqualTo(202);
        assertThat(registered.body()).contains("\"registered\":1");

        await().atMost(Duration.ofSeconds(15)).until(() ->
                count("SELECT COUNT(*) FROM tickets WHERE recipient = 'never.heard@patient.example.net' AND status = 'OPEN'") == 1);
        assertThat(webhooks.admin("GET", "/admin/reconcile", null).body()).contains("\"sourceTrackingId\":\"" + trackingId + "\"")
                .contains("\"status\":\"DONE\"").doesNotContain("never.heard");
        assertThat(webhooks.admin("POST", "/admin/reconcile", "{\"sourceTrackingIds\": [\"not a tracking id\"]}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aMessageStillNotFinalAfterMaxAgeIsGivenUpAndAskedNoMore() {
        String trackingId = "0b6f7a2e-9c41-4d7e-8a55-3f1f2c9d0e11";
        PauboxApi.receipt(trackingId, "slow@patient.example.net", "processing", null);
        webhooks.admin("POST", "/admin/reconcile", "{\"sourceTrackingIds\": [\"" + trackingId + "\"]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> PAUBOX.findAll(getRequestedFor(urlPathEqualTo(RECEIPT_PATH))).size() >= 1);
        assertThat(jdbc.queryForObject("SELECT status FROM reconcile_messages WHERE tracking_id = ?", String.class, trackingId))
                .isIn("PENDING", "ASKING");
        // First seen four days ago: past paubox.reconcile.max-age (3 days).
        jdbc.update("UPDATE reconcile_messages SET first_seen_at = ? WHERE tracking_id = ?",
                java.time.OffsetDateTime.now().minusDays(4), trackingId);
        await().atMost(Duration.ofSeconds(10)).until(() -> "GAVE_UP".equals(
                jdbc.queryForObject("SELECT status FROM reconcile_messages WHERE tracking_id = ?", String.class, trackingId)));
        int asked = PAUBOX.findAll(getRequestedFor(urlPathEqualTo(RECEIPT_PATH))).size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                PAUBOX.findAll(getRequestedFor(urlPathEqualTo(RECEIPT_PATH))).size() == asked);
        assertThat(count("SELECT COUNT(*) FROM webhook_events WHERE source = 'reconciled'")).isZero();
    }
}
