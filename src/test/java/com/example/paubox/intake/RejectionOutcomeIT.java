package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each refusal, whether answered by the filter or by the route, gets exactly one log line
 * {@code Webhook outcome=rejected-<code> status=... latency=...ms} and is counted under that
 * outcome at /actuator/prometheus; neither carries the path, the query, the token or the body.
 */
@ExtendWith(OutputCaptureExtension.class)
class RejectionOutcomeIT extends ReceiverITSupport {

    private static final String VALID = Webhooks.event("api_mail_log_opened", 4242, "outcome@patient.example.net");

    @DynamicPropertySource
    static void lowLimit(DynamicPropertyRegistry registry) {
        registry.add("paubox.webhook.failed-auth-limit", () -> 2);
    }

    @Test
    void everyRefusalIsLoggedOnceAndCountedByReason(CapturedOutput output) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("rejected-method", send("GET", "?token=" + Webhooks.TOKEN, "application/json", VALID));
        expected.put("rejected-unsupported-media-type", send("POST", "?token=" + Webhooks.TOKEN, "text/plain", VALID));
        expected.put("rejected-too-large", send("POST", "?token=" + Webhooks.TOKEN, "application/json", "x".repeat(70_000)));
        expected.put("rejected-not-json", send("POST", "?token=" + Webhooks.TOKEN, "application/json", "not json"));
        expected.put("rejected-no-event-name", send("POST", "?token=" + Webhooks.TOKEN, "application/json", "{\"payload\":{}}"));
        expected.put("rejected-payload-not-object",
                send("POST", "?token=" + Webhooks.TOKEN, "application/json", "{\"event_name\":\"x\",\"payload\":1}"));
        expected.put("rejected-bad-id",
                send("POST", "?token=" + Webhooks.TOKEN, "application/json", "{\"event_name\":\"x\",\"payload\":{\"id\":[]}}"));
        expected.put("rejected-wrong-path", send("POST", "/sub?token=" + Webhooks.TOKEN, "application/json", VALID));
        expected.put("rejected-bad-token", send("POST", "?token=Wrong-Secret-77", "application/json", VALID));
        send("POST", "?token=Wrong-Secret-77", "application/json", VALID);
        expected.put("rejected-throttled", send("POST", "?token=Wrong-Secret-77", "application/json", VALID));

        assertThat(expected).containsExactly(
                Map.entry("rejected-method", 405), Map.entry("rejected-unsupported-media-type", 415),
                Map.entry("rejected-too-large", 413), Map.entry("rejected-not-json", 400),
                Map.entry("rejected-no-event-name", 400), Map.entry("rejected-payload-not-object", 400),
                Map.entry("rejected-bad-id", 400), Map.entry("rejected-wrong-path", 401),
                Map.entry("rejected-bad-token", 401), Map.entry("rejected-throttled", 429));
        String logs = output.getAll();
        expected.forEach((outcome, status) -> assertThat(count(logs, "Webhook outcome=" + outcome + " status=" + status + " latency=\\d+ms"))
                .as("one log line for " + outcome).isEqualTo(outcome.equals("rejected-bad-token") ? 2 : 1));
        assertThat(logs).doesNotContain("Webhook rejected", "Wrong-Secret-77", Webhooks.TOKEN, "/sub", "outcome@patient");

        String metrics = webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + Webhooks.ADMIN_TOKEN)).body();
        expected.keySet().forEach(outcome -> assertThat(metrics).contains("outcome=\"" + outcome + "\""));
        assertThat(metrics).doesNotContain("outcome=\"rejected-4", "Wrong-Secret-77", Webhooks.TOKEN);
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isZero();
    }

    private int send(String method, String pathAndQuery, String contentType, String body) {
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint(pathAndQuery))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
        return response.statusCode();
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
