package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a child process, killed with SIGKILL in the middle of a burst of webhooks,
 * then started again on the same data: every event it answered 200 reaches Slack, and repeats
 * are limited to what was in flight at the kill. Then SIGTERM: it stops cleanly, holding no claim.
 */
class KillRecoveryIT {

    private static final String SOFT_BOUNCE = "api_mail_log_temporary_failure";
    private static final int BURST = 500;
    private static final int KILL_AFTER_ACCEPTED = 250;

    @Test
    void killedMidBurstLosesNothingAndRepeatsOnlyWhatWasInFlight(@TempDir Path workDir) throws Exception {
        Path jar = ProjectFiles.packagedJar();
        TestPeers.resetSlack();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH))
                .willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(20)));
        int port = freePort();
        Set<Long> accepted = ConcurrentHashMap.newKeySet();

        Process first = start(jar, workDir, port, "first.log");
        awaitReady(port);
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        Webhooks webhooks = new Webhooks(port);
        for (int i = 0; i < BURST; i++) {
            long paubox = Webhooks.nextId();
            String body = Webhooks.event(SOFT_BOUNCE, paubox, "burst" + i + "@patient.example.net");
            clients.submit(() -> {
                try {
                    if (webhooks.post(body).statusCode() == 200) {
                        accepted.add(paubox);
                        answered.incrementAndGet();
                    }
                } catch (RuntimeException refusedAfterTheKill) {
                    // expected once the process is gone
                }
            });
        }
        // Kill once the intake is well into the burst and alerts are going out: mid-delivery.
        await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= KILL_AFTER_ACCEPTED && TestPeers.acceptedAlertsByPauboxId().size() >= 10);
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        int deliveredBeforeKill = TestPeers.acceptedAlertsByPauboxId().size();
        assertThat(accepted.size()).isBetween(KILL_AFTER_ACCEPTED, BURST);

        Process second = start(jar, workDir, port, "second.log");
        try {
            awaitReady(port);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TestPeers.acceptedAlertsByPauboxId().keySet().containsAll(accepted));
            Thread.sleep(2000); // let anything still due go out, so that repeats are counted
            Map<Long, Long> alerts = TestPeers.acceptedAlertsByPauboxId();
            assertThat(alerts.keySet()).as("no accepted event lost").containsAll(accepted);
            long repeats = alerts.values().stream().mapToLong(n -> n - 1).sum();
            System.out.printf("KillRecoveryIT: %d answered 200 before the kill, %d alerts before it, %d events alerted, %d repeated%n",
                    accepted.size(), deliveredBeforeKill, alerts.size(), repeats);
            // In flight at most: 4 dispatch threads, 2 sweep threads and the retry route.
            assertThat(repeats).as("repeats are at most the deliveries in flight at the kill").isLessThanOrEqualTo(7);
        } finally {
            second.destroy(); // SIGTERM
            assertThat(second.waitFor(40, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            for (String log : new String[] {"first.log", "second.log"}) {
                Files.copy(workDir.resolve(log), Path.of("target", "kill-recovery-" + log), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Connection db = DriverManager.getConnection(h2Url(workDir), "sa", "");
                ResultSet claims = db.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM deliveries WHERE status = 'DELIVERING'")) {
            claims.next();
            assertThat(claims.getInt(1)).as("no claim left behind by a clean stop").isZero();
        }
        String logs = Files.readString(workDir.resolve("first.log")) + Files.readString(workDir.resolve("second.log"));
        assertThat(logs).contains("Started paubox-intake").doesNotContain(Webhooks.TOKEN, "@patient.example.net", Webhooks.SUBJECT);
    }

    private static Process start(Path jar, Path workDir, int port, String log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(),
                "--paubox.delivery.lease=3s", "--paubox.delivery.poll-interval=200ms",
                "--paubox.delivery.initial-delay=200ms", "--paubox.slack.min-interval=0s",
                // Few routing threads, so that the bound on repeats below is tight: each thread has at
                // most one alert sent but not yet recorded when the process is killed.
                "--camel.threadpool.config.dispatch.pool-size=4", "--camel.threadpool.config.dispatch.max-pool-size=4",
                "--camel.threadpool.config.sweep.pool-size=2", "--camel.threadpool.config.sweep.max-pool-size=2")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve(log).toFile()));
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("PAUBOX_WEBHOOK_TOKEN", Webhooks.TOKEN);
        env.put("SLACK_WEBHOOK_URL", TestPeers.slackWebhookUrl());
        env.put("SPRING_DATASOURCE_URL", h2Url(workDir));
        return builder.start();
    }

    private static String h2Url(Path workDir) {
        return "jdbc:h2:file:" + workDir.resolve("data").resolve("paubox") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }


    private static void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }


    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
