package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A send still running when Camel's shutdown timeout runs out keeps its claim: handing it back
 * would let the next start send the event again while the first send may still arrive.
 */
class ShutdownClaimsIT {

    @AfterEach
    void slackAnswersAtOnceAgain() {
        TestPeers.resetSlack();
    }

    @Test
    void sendStillRunningAtShutdownKeepsItsClaim(@TempDir Path data) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("paubox") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        TestPeers.resetSlack();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")
                .withFixedDelay(8000)));
        ConfigurableApplicationContext receiver = Receivers.start(url, Map.of("camel.main.shutdown-timeout", 1,
                "paubox.delivery.lease", "1m"));
        long eventId;
        try {
            Webhooks webhooks = new Webhooks(Receivers.port(receiver));
            String answer = webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "slow@patient.example.net")).body();
            eventId = new ObjectMapper().readTree(answer).get("eventId").asLong();
            JdbcTemplate jdbc = receiver.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM deliveries WHERE event_id = ? AND status = 'DELIVERING'", Integer.class, eventId) == 1);
            Thread.sleep(500); // the request is on its way to Slack, which answers in 8 s
        } finally {
            receiver.close();
        }

        try (Connection db = DriverManager.getConnection(url, "sa", "");
                ResultSet row = db.createStatement().executeQuery(
                        "SELECT status, claimed_by FROM deliveries WHERE event_id = " + eventId)) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("not handed back while its send may still arrive").isEqualTo("DELIVERING");
            assertThat(row.getString(2)).isNotNull();
        }
    }
}
