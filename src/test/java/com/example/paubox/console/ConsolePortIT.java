package com.example.paubox.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.paubox.support.ConsoleClient;
import com.example.paubox.support.JarReceivers;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The console on a port of its own (CONSOLE_PORT on CONSOLE_ADDRESS): there alone, and nothing else there. */
class ConsolePortIT {

    private static String database() {
        return "jdbc:h2:mem:console-port-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    @Test
    void theConsoleIsServedOnItsPortOnlyAndThatPortServesNothingElse() throws Exception {
        int consolePort = JarReceivers.freePort();
        try (ConfigurableApplicationContext receiver = Receivers.start(database(), Map.of("paubox.admin.token", Webhooks.ADMIN_TOKEN,
                "paubox.console.port", consolePort, "paubox.console.address", "127.0.0.1", "CONSOLE_SESSION_TIMEOUT", "7m"))) {
            int serverPort = Receivers.port(receiver);
            // CONSOLE_SESSION_TIMEOUT reaches Tomcat: a session ends after 7 minutes without a request.
            var tomcat = ((org.springframework.boot.web.embedded.tomcat.TomcatWebServer)
                    ((org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext) receiver).getWebServer()).getTomcat();
            assertThat(((org.apache.catalina.Context) tomcat.getHost().findChildren()[0]).getSessionTimeout()).isEqualTo(7);
            ConsoleClient onServerPort = new ConsoleClient(serverPort);
            assertThat(onServerPort.get("/console/sign-in").statusCode()).isEqualTo(404);
            assertThat(onServerPort.get("/console").statusCode()).isEqualTo(404);
            assertThat(new Webhooks(serverPort).post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "a@patient.example.org"))
                    .statusCode()).isEqualTo(200);

            ConsoleClient console = new ConsoleClient(consolePort);
            assertThat(console.signIn("dana", Webhooks.ADMIN_TOKEN).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
            assertThat(console.get("/console").body()).contains("<h1>Overview</h1>");
            assertThat(new Webhooks(consolePort).post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "b@patient.example.org"))
                    .statusCode()).isEqualTo(404);
            assertThat(console.get("/actuator/health").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aConsolePortWithoutAnAddressRefusesToStart() {
        assertThatThrownBy(() -> Receivers.start(database(), Map.of("paubox.admin.token", Webhooks.ADMIN_TOKEN,
                "paubox.console.port", JarReceivers.freePort()))).hasStackTraceContaining("set CONSOLE_ADDRESS too");
    }
}
