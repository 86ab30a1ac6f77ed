package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every refusal of the endpoint table, over real HTTP: the status the client sees, and nothing stored. */
class WebhookRejectionIT extends ReceiverITSupport {

    private static final String VALID = Webhooks.event("api_mail_log_permanent_failure", 42, "john@patient.example.net");

    /** Many refusals from one address here: keep the failed-auth limit (FailedAuthLimitIT) out of the way. */
    @DynamicPropertySource
    static void noThrottling(DynamicPropertyRegistry registry) {
        registry.add("paubox.webhook.failed-auth-limit", () -> 10_000);
    }

    @AfterEach
    void nothingStoredNothingSent() {
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isZero();
        assertThat(count("SELECT COUNT(*) FROM deliveries")).isZero();
        assertThat(slackMessages()).isEmpty();
    }

    @Test
    void missingTokenIsRejectedWithoutDetail() {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(""), VALID));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?token=wrong", "?token=TEST-TOKEN-4C1D", "?token=test-token-4c1d%20", "?token=test-token-4c1", "?token="})
    void wrongTokenIsRejectedAndNothingIsStored(String query) {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(query), VALID));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("token"));
    }

    @Test
    void wrongBearerTokenIsRejected() {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(""), VALID)
                .header("Authorization", "Bearer not-the-token"));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/extra?token=" + Webhooks.TOKEN, "/?token=" + Webhooks.TOKEN, "/a/b?token=" + Webhooks.TOKEN,
        ";x=1?token=" + Webhooks.TOKEN, "/extra?token=wrong", "/extra"})
    void anyPathBelowTheEndpointIsUnauthorizedWhateverItsToken(String pathAndQuery) {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(pathAndQuery), VALID));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void tokenOnAnotherWebhookPathIsUnauthorized() {
        HttpResponse<String> response = webhooks.send(json(java.net.URI.create(
                webhooks.endpoint("").toString().replace("/webhooks/paubox", "/webhooks/other") + "?token=" + Webhooks.TOKEN), VALID));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TOKEN", "Token", "tokeN", "access_token", "token%20", "%74oken"})
    void tokenUnderAnotherParameterNameDoesNotAuthenticate(String name) {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint("?" + name + "=" + Webhooks.TOKEN), VALID));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "Token", "TOKEN", "X-Token", "CamelHttpQuery"})
    void tokenInAHeaderOtherThanAuthorizationDoesNotAuthenticate(String header) {
        String value = header.equals("CamelHttpQuery") ? "token=" + Webhooks.TOKEN : Webhooks.TOKEN;
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(""), VALID).header(header, value));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void twoAuthorizationHeadersAreRefused() {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(""), VALID)
                .header("Authorization", "Bearer wrong").header("Authorization", "Bearer " + Webhooks.TOKEN));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void strangerIsRefusedWhateverTheBodyLooksLike() {
        // 401 comes first: a stranger learns nothing about size limits or media types.
        HttpResponse<String> tooLarge = webhooks.send(json(webhooks.endpoint("?token=wrong"), oversized()));
        HttpResponse<String> notJson = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint(""))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(tooLarge.statusCode()).isEqualTo(401);
        assertThat(notJson.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void onlyPostIsAllowed(String method) {
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(VALID)));
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void nonJsonContentTypeIsUnsupported(String contentType) {
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(VALID)));
        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void jsonWithCharsetParameterIsAccepted() {
        // The counterpart of the 415 cases: the parameter must not make it unsupported.
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(VALID)));
        assertThat(response.statusCode()).isEqualTo(200);
        awaitDispatched(eventId(response.body()));
        freshReceiverState();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":1}",
        "[1,2,3]",
        "\"a string\"",
        "null",
        "{}",
        "{\"event_name\":7,\"payload\":{\"id\":1}}",
        "{\"event_name\":\"api_mail_log_opened\"}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":[1]}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":{\"x\":1}}}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{}}",
        "{\"event_name\":\"api_mail_log_opened\",\"event_name\":\"x\",\"payload\":{\"id\":1}}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":1}} {\"again\":true}"
    })
    void malformedEventIsRejectedWithShortReason(String body) throws Exception {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(), body));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("reason").asText()).isNotBlank().hasSizeLessThan(80);
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":1,\"to\":\"\u0000\"}}"
                .getBytes(StandardCharsets.UTF_8);
        body[body.length - 4] = (byte) 0xff;
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UTF-8");
    }

    @Test
    void oversizedBodyWithContentLengthIsRefused() {
        HttpResponse<String> response = webhooks.send(json(webhooks.endpoint(), oversized()));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void oversizedChunkedBodyIsRefused() {
        byte[] body = oversized().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void chunkedBodyWithinTheLimitIsAccepted() {
        // Guards the 413 path's counterpart: a chunked body (no Content-Length) that fits is read whole.
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(response.statusCode()).isEqualTo(200);
        awaitDispatched(eventId(response.body()));
        freshReceiverState();
    }

    private static String oversized() {
        return "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":1,\"pad\":\"" + "x".repeat(70 * 1024) + "\"}}";
    }

    private static HttpRequest.Builder json(java.net.URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
