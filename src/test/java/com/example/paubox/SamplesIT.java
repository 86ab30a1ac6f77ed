package com.example.paubox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's "Send it an event" walk-through, request for request: the shipped files of
 * {@code samples/} posted in the order the README's commands post them, and each result the
 * README promises checked at the sink that shows it.
 */
class SamplesIT extends ReceiverITSupport {

    /** As shipped: digests on (each sample is the first of its kind, so it goes at once). */
    @DynamicPropertySource
    static void asShipped(DynamicPropertyRegistry registry) {
        registry.add("paubox.alerts.digest.enabled", () -> "true");
    }

    private static final Pattern README_LOOP =
            Pattern.compile("<!-- samples-loop -->\\s*```sh\\nfor kind in ([a-z_ ]+); do\\n.*?@samples/api_mail_log_\\$kind\\.json", Pattern.DOTALL);
    private static final String MASKED = "j***@patient.example.net";

    @Test
    void theReadmeWalkThroughGivesWhatTheReadmeSays() throws Exception {
        HttpResponse<String> first = webhooks.post(sample("permanent_failure"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(status(first)).isEqualTo("accepted");
        long hardBounce = eventId(first.body());
        awaitDispatched(hardBounce);
        long ticket = jdbc.queryForObject(
                "SELECT id FROM tickets WHERE recipient = 'jane.roe@patient.example.net' AND status = 'OPEN'", Long.class);

        HttpResponse<String> again = webhooks.post(sample("permanent_failure"));
        assertThat(status(again)).isEqualTo("duplicate");
        assertThat(eventId(again.body())).isEqualTo(hardBounce);

        List<Long> loop = new ArrayList<>();
        for (String kind : readmeLoopKinds()) {
            HttpResponse<String> answer = webhooks.post(sample(kind));
            assertThat(status(answer)).as(kind).isEqualTo("accepted");
            loop.add(eventId(answer.body()));
        }
        loop.forEach(this::awaitDispatched);

        List<String> slack = slackMessages().stream().map(message -> message.get("text").asText()).toList();
        assertThat(slack).hasSize(2);
        assertThat(slack.get(0)).contains("Hard bounce", MASKED, "#" + ticket);
        assertThat(slack.get(1)).contains("Soft bounce", MASKED);
        assertThat(emails()).hasSize(1);
        assertThat(emails()[0].getSubject()).contains("[Paubox] Opened");
        assertThat(jdbc.queryForObject("SELECT status FROM tickets WHERE id = ?", String.class, ticket)).isEqualTo("RESOLVED");

        int deliveries = count("SELECT COUNT(*) FROM deliveries");
        for (String kind : List.of("permanent_failure", "temporary_failure", "opened", "delivered")) {
            assertThat(status(webhooks.post(sample(kind)))).as(kind + " posted a second time").isEqualTo("duplicate");
        }
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM deliveries")).as("no delivery for a duplicate").isEqualTo(deliveries);
        assertThat(slackMessages()).hasSize(2);
        assertThat(emails()).hasSize(1);
    }

    /** The kinds the README's loop posts, in its order; the loop must cover every other sample. */
    private static List<String> readmeLoopKinds() throws IOException {
        Matcher loop = README_LOOP.matcher(Files.readString(Path.of("README.md")));
        assertThat(loop.find()).as("README.md has the samples loop after <!-- samples-loop -->").isTrue();
        List<String> kinds = Arrays.asList(loop.group(1).trim().split(" +"));
        assertThat(kinds).containsExactlyInAnyOrder("temporary_failure", "opened", "delivered");
        return kinds;
    }

    private static String sample(String kind) throws IOException {
        return Files.readString(Path.of("samples", "api_mail_log_" + kind + ".json"));
    }

    private static String status(HttpResponse<String> answer) throws IOException {
        JsonNode body = JSON.readTree(answer.body());
        return body.get("status").asText();
    }
}
