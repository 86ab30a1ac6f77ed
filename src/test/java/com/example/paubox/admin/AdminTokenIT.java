package com.example.paubox.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ADMIN_TOKEN over real HTTP: without it the admin API and the protected actuator endpoints are
 * off (404) while health stays open; with it, neither the token nor a wrong one reaches the log,
 * from startup to shutdown, with the receiver's own and Spring MVC's DEBUG logging on.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminTokenIT {

    private static final String WRONG = "wrong-admin-token-58ad";

    @Test
    void adminApiAndActuatorAreOffWithoutAnAdminToken() {
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:admin-off;DB_CLOSE_DELAY=-1",
                Map.of("paubox.admin.token", ""))) {
            int port = Receivers.port(receiver);
            assertThat(get(port, "/admin/events", null).statusCode()).isEqualTo(404);
            assertThat(get(port, "/admin/dead-letters", "anything").statusCode()).isEqualTo(404);
            assertThat(get(port, "/admin/openapi.yaml", null).statusCode()).isEqualTo(404);
            assertThat(get(port, "/actuator/prometheus", "anything").statusCode()).isEqualTo(404);
            assertThat(get(port, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void adminTokenNeverReachesTheLog(CapturedOutput output) {
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:admin-log;DB_CLOSE_DELAY=-1", Map.of(
                "paubox.admin.token", Webhooks.ADMIN_TOKEN,
                "logging.level.com.example.paubox", "DEBUG",
                "logging.level.org.springframework.web", "DEBUG",
                "logging.level.org.springframework.boot.context.properties", "DEBUG"))) {
            int port = Receivers.port(receiver);
            assertThat(get(port, "/admin/stats", Webhooks.ADMIN_TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(port, "/admin/stats", WRONG).statusCode()).isEqualTo(401);
            assertThat(get(port, "/actuator/prometheus", WRONG).statusCode()).isEqualTo(401);
            assertThat(get(port, "/actuator/prometheus?token=" + WRONG, null).statusCode()).isEqualTo(401);
            assertThat(get(port, "/actuator/prometheus", Webhooks.ADMIN_TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(port, "/admin/events/not-a-number", Webhooks.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        }
        assertThat(output.getAll()).contains("Started paubox-intake")
                .doesNotContain(Webhooks.ADMIN_TOKEN, WRONG);
    }

    private static HttpResponse<String> get(int port, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return new Webhooks(port).send(request);
    }
}
