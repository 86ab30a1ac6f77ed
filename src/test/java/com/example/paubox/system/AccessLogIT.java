package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The access log, switched on as the README says: one line per request, the path without its
 * query string, so neither the right nor a wrong token in the URL is written.
 */
class AccessLogIT {

    private static final String WRONG = "wrong-token-77b1";

    @Test
    void accessLogHasALinePerWebhookWithoutQueryStringOrToken(@TempDir Path logs) throws Exception {
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:access-log;DB_CLOSE_DELAY=-1", Map.of(
                "server.tomcat.accesslog.enabled", true,
                "server.tomcat.accesslog.directory", logs.toString(),
                "server.tomcat.accesslog.buffered", false))) {
            Webhooks webhooks = new Webhooks(Receivers.port(receiver));
            assertThat(webhooks.endpoint().getQuery()).contains(Webhooks.TOKEN);
            assertThat(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "log@patient.example.net"))
                    .statusCode()).isEqualTo(200);
            assertThat(webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=" + WRONG + "&x=1"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode())
                    .isEqualTo(401);
        }

        List<String> lines;
        try (Stream<Path> files = Files.list(logs)) {
            lines = files.filter(f -> f.getFileName().toString().startsWith("access_log")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(lines).anyMatch(line -> line.contains("\"POST /webhooks/paubox HTTP/1.1\" 200 "))
                .anyMatch(line -> line.contains("\"POST /webhooks/paubox HTTP/1.1\" 401 "));
        assertThat(String.join("\n", lines)).doesNotContain(Webhooks.TOKEN, WRONG, "token", "?", "log@patient.example.net");
    }
}
