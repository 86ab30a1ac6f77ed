package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Postgres;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.TcpProxy;
import com.example.paubox.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database goes away under a running receiver (a relay in front of PostgreSQL is cut):
 * webhooks get 503, never 200, readiness is DOWN; when the database is back the receiver
 * recovers by itself, and only the events it accepted are stored.
 */
class DatabaseOutageIT {

    private static final String SCHEMA = "paubox_outage";

    @BeforeAll
    static void postgres() {
        Postgres.assumeReachable(SCHEMA);
    }

    @Test
    void intakeAnswers503WhileTheDatabaseIsGoneAndRecoversWhenItIsBack() throws Exception {
        try (TcpProxy database = new TcpProxy(5432)) {
            // The database of TEST_POSTGRES_URL, reached through the proxy.
            String url = Postgres.url(SCHEMA).replace("127.0.0.1:5432", "127.0.0.1:" + database.port());
            Map<String, Object> properties = new HashMap<>(Postgres.login(SCHEMA));
            properties.put("spring.datasource.hikari.connection-timeout", 1000);
            properties.put("spring.datasource.hikari.validation-timeout", 500);
            ConfigurableApplicationContext receiver = Receivers.start(url, properties);
            try {
                Webhooks webhooks = new Webhooks(Receivers.port(receiver));
                assertThat(post(webhooks).statusCode()).isEqualTo(200);
                assertThat(readiness(webhooks)).isEqualTo(200);

                database.cut();
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> refused = post(webhooks);
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.body()).doesNotContain("Exception", "postgres", "jdbc");
                }
                assertThat(readiness(webhooks)).as("readiness while the database is gone").isEqualTo(503);

                database.restore();
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> post(webhooks).statusCode() == 200);
                await().atMost(Duration.ofSeconds(10)).until(() -> readiness(webhooks) == 200);
            } finally {
                receiver.close();
            }
        }
        try (Connection db = DriverManager.getConnection(Postgres.url(SCHEMA), "postgres", "");
                ResultSet stored = db.createStatement().executeQuery("SELECT COUNT(*) FROM webhook_events")) {
            stored.next();
            assertThat(stored.getInt(1)).as("the accepted events, and none of the refused ones").isEqualTo(2);
        }
    }

    private static HttpResponse<String> post(Webhooks webhooks) {
        return webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "outage@patient.example.net"));
    }

    private static int readiness(Webhooks webhooks) {
        return webhooks.send(HttpRequest.newBuilder(URI.create(webhooks.endpoint().toString()
                .replace("/webhooks/paubox?token=" + Webhooks.TOKEN, "/actuator/health/readiness"))).GET()).statusCode();
    }
}
