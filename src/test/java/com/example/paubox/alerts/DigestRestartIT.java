package com.example.paubox.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.JarReceivers;
import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed with SIGKILL while a window holds alerts: none is lost, and once it is
 * started again on the same data the window's digest goes out once.
 */
class DigestRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HELD = 10;

    @Test
    void killedDuringAWindowSendsItsDigestOnceAfterTheRestart(@TempDir Path workDir) throws Exception {
        Path jar = ProjectFiles.packagedJar();
        TestPeers.resetSlack();
        int port = JarReceivers.freePort();

        Process first = start(jar, workDir, port, "first.log");
        try {
            JarReceivers.awaitReady(port);
            Webhooks webhooks = new Webhooks(port);
            for (int i = 0; i <= HELD; i++) {
                assertThat(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                        "killed" + i + "@patient.example.net")).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> slack().size() == 1);
            // Held: answered, routed and parked, not sent (the window is 10 s).
            Thread.sleep(1500);
        } finally {
            first.destroyForcibly();
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(slack()).as("only the first alert went before the kill").hasSize(1);
        try (Connection db = DriverManager.getConnection(JarReceivers.h2Url(workDir), "sa", "");
                ResultSet held = db.createStatement().executeQuery("SELECT COUNT(*) FROM deliveries WHERE status = 'HELD'")) {
            held.next();
            assertThat(held.getInt(1)).as("the held alerts are rows, not memory").isEqualTo(HELD);
        }

        Process second = start(jar, workDir, port, "second.log");
        try {
            JarReceivers.awaitReady(port);
            await().atMost(Duration.ofSeconds(30)).until(() -> slack().size() == 2);
            Thread.sleep(13_000); // a further window: a second digest would show
            List<JsonNode> messages = slack();
            assertThat(messages).as("the first alert, then the digest, once").hasSize(2);
            assertThat(messages.get(1).get("text").asText()).contains("Hard bounce digest: " + HELD + " alerts");
        } finally {
            second.destroy();
            assertThat(second.waitFor(40, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<JsonNode> slack() {
        return TestPeers.slack().getAllServeEvents().stream()
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> {
                    try {
                        return JSON.readTree(e.getRequest().getBodyAsString());
                    } catch (IOException notJson) {
                        throw new AssertionError(notJson);
                    }
                }).toList();
    }

    private static Process start(Path jar, Path workDir, int port, String log) throws IOException {
        return JarReceivers.start(jar, workDir, port, log, List.of("--paubox.delivery.poll-interval=200ms",
                "--paubox.delivery.lease=3s", "--paubox.sinks.slack-alert.pace=0s", "--paubox.alerts.digest.window=10s"));
    }
}
