package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A client guessing tokens is slowed down with 429; the right token is never throttled. */
class FailedAuthLimitIT extends ReceiverITSupport {

    private static final String EVENT = Webhooks.event("api_mail_log_delivered", 77, "guess@patient.example.net");

    @DynamicPropertySource
    static void lowLimit(DynamicPropertyRegistry registry) {
        registry.add("paubox.webhook.failed-auth-limit", () -> 3);
        registry.add("paubox.webhook.failed-auth-window", () -> "3s");
    }

    @Test
    void tokenGuessingIsThrottledButTheRightTokenAlwaysGetsThrough() {
        for (int i = 0; i < 3; i++) {
            assertThat(guess("wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = guess("wrong-3");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3L);
        assertThat(guess(Webhooks.TOKEN.toUpperCase()).statusCode()).isEqualTo(429);

        HttpResponse<String> paubox = webhooks.post(EVENT);
        assertThat(paubox.statusCode()).as("the right token while throttled").isEqualTo(200);
        awaitDispatched(eventId(paubox.body()));
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).as("only the authentic event is stored").isEqualTo(1);

        await().atMost(Duration.ofSeconds(6)).until(() -> guess("wrong-again").statusCode() == 401);
    }

    private HttpResponse<String> guess(String token) {
        return webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=" + token))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EVENT)));
    }
}
