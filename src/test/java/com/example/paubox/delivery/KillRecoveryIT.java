package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.InboxRows;
import com.example.paubox.support.JarReceivers;
import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.WebhookBurst;
import com.example.paubox.support.Webhooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a child process, killed with SIGKILL in the middle of a burst of webhooks,
 * then started again on the same data: every event it answered 200 reaches Slack, and repeats
 * are limited to what was in flight at the kill. Then SIGTERM: it stops cleanly, holding no claim.
 * And SIGTERM in the middle of a burst: no 2xx for an event it did not store, nothing half done.
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
        int port = JarReceivers.freePort();
        Set<Long> accepted = ConcurrentHashMap.newKeySet();

        Process first = start(jar, workDir, port, "first.log");
        JarReceivers.awaitReady(port);
        List<Long> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            ids.add(Webhooks.nextId());
            bodies.add(Webhooks.event(SOFT_BOUNCE, ids.get(i), "burst" + i + "@patient.example.net"));
        }
        WebhookBurst burst = WebhookBurst.post(new Webhooks(port), bodies, i -> accepted.add(ids.get(i)));
        // Kill once the intake is well into the burst and alerts are going out: mid-delivery.
        await().atMost(Duration.ofSeconds(60)).until(() -> burst.answered() >= KILL_AFTER_ACCEPTED && TestPeers.acceptedAlertsByPauboxId().size() >= 10);
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(burst.finish()).isTrue();
        int deliveredBeforeKill = TestPeers.acceptedAlertsByPauboxId().size();
        assertThat(accepted.size()).isBetween(KILL_AFTER_ACCEPTED, BURST);

        Process second = start(jar, workDir, port, "second.log");
        try {
            JarReceivers.awaitReady(port);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TestPeers.acceptedAlertsByPauboxId().keySet().containsAll(accepted));
            Thread.sleep(2000); // let anything still due go out, so that repeats are counted
            Map<Long, Long> alerts = TestPeers.acceptedAlertsByPauboxId();
            assertThat(alerts.keySet()).as("no accepted event lost").containsAll(accepted);
            long repeats = alerts.values().stream().mapToLong(n -> n - 1).sum();
            System.out.printf("KillRecoveryIT: %d answered 200 before the kill, %d alerts before it, %d events alerted, %d repeated%n",
                    accepted.size(), deliveredBeforeKill, alerts.size(), repeats);
            // Sending at most: 4 deliver threads and 2 retry threads (a dispatch thread delivers
            // itself only when the deliver queue is full).
            assertThat(repeats).as("repeats are at most the deliveries in flight at the kill").isLessThanOrEqualTo(7);
        } finally {
            second.destroy(); // SIGTERM
            assertThat(second.waitFor(40, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            for (String log : new String[] {"first.log", "second.log"}) {
                Files.copy(workDir.resolve(log), Path.of("target", "kill-recovery-" + log), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Connection db = DriverManager.getConnection(JarReceivers.h2Url(workDir), "sa", "");
                ResultSet claims = db.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM deliveries WHERE status = 'DELIVERING'")) {
            claims.next();
            assertThat(claims.getInt(1)).as("no claim left behind by a clean stop").isZero();
        }
        String logs = Files.readString(workDir.resolve("first.log")) + Files.readString(workDir.resolve("second.log"));
        assertThat(logs).contains("Started paubox-intake").doesNotContain(Webhooks.TOKEN, "@patient.example.net", Webhooks.SUBJECT);
    }

    @Test
    void sigtermMidBurstAnswersNo2xxForAnUnstoredEventAndLeavesNothingHalfDone(@TempDir Path workDir) throws Exception {
        Path jar = ProjectFiles.packagedJar();
        TestPeers.resetSlack();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH))
                .willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(20)));
        int port = JarReceivers.freePort();
        Map<Long, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();

        // The default lease: a clean stop must hand its claims back, not leave them to expire.
        Process receiver = start(jar, workDir, port, "sigterm.log", "2m");
        JarReceivers.awaitReady(port);
        // Clients that keep posting until the receiver is gone, so that the stop lands mid-burst.
        ExecutorService clients = Executors.newFixedThreadPool(8);
        Webhooks webhooks = new Webhooks(port);
        for (int c = 0; c < 8; c++) {
            clients.submit(() -> {
                while (receiver.isAlive()) {
                    long paubox = Webhooks.nextId();
                    try {
                        answers.put(paubox, webhooks.post(Webhooks.event(SOFT_BOUNCE, paubox, "stop" + paubox + "@patient.example.net")).statusCode());
                    } catch (RuntimeException refusedWhileStopping) {
                        refused.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> answers.size() >= KILL_AFTER_ACCEPTED && TestPeers.acceptedAlertsByPauboxId().size() >= 10);
        receiver.destroy(); // SIGTERM
        assertThat(receiver.waitFor(40, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        Files.copy(workDir.resolve("sigterm.log"), Path.of("target", "kill-recovery-sigterm.log"), StandardCopyOption.REPLACE_EXISTING);

        Set<Long> accepted = new HashSet<>();
        answers.forEach((paubox, status) -> {
            if (status / 100 == 2) {
                accepted.add(paubox);
            }
        });
        System.out.printf("KillRecoveryIT: SIGTERM mid-burst: %d answered 2xx, %d answered otherwise %s, %d refused%n",
                accepted.size(), answers.size() - accepted.size(),
                answers.values().stream().filter(status -> status / 100 != 2).toList(), refused.get());
        // Other answers are allowed while stopping (503, or a 400 from the server for a request cut
        // off mid-way): what may never happen is a 2xx for an event that is not stored, below.
        try (Connection db = DriverManager.getConnection(JarReceivers.h2Url(workDir), "sa", "")) {
            assertThat(InboxRows.pauboxIds(db)).as("every event answered 2xx is stored").containsAll(accepted);
            assertThat(single(db, "SELECT COUNT(*) FROM deliveries WHERE status = 'DELIVERING'"))
                    .as("deliveries in progress finished or went back to pending").isZero();
            assertThat(single(db, "SELECT COUNT(*) FROM webhook_events WHERE status = 'ROUTING'"))
                    .as("events being routed finished or went back to the sweeper").isZero();
        }
        Map<Long, Long> beforeRestart = TestPeers.acceptedAlertsByPauboxId();
        assertThat(beforeRestart.values()).as("no alert sent twice before the restart").allMatch(n -> n == 1);

        Process second = start(jar, workDir, port, "after-sigterm.log", "2m");
        try {
            JarReceivers.awaitReady(port);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TestPeers.acceptedAlertsByPauboxId().keySet().containsAll(accepted));
            Thread.sleep(2000); // let anything still due go out, so that a repeat would be seen
            assertThat(TestPeers.acceptedAlertsByPauboxId().values()).as("a clean stop repeats nothing").allMatch(n -> n == 1);
        } finally {
            second.destroy();
            assertThat(second.waitFor(40, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int single(Connection db, String sql) throws SQLException {
        try (ResultSet row = db.createStatement().executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    /** The jar with a lease short enough that a killed process's claims come free within the test. */
    private static Process start(Path jar, Path workDir, int port, String log) throws IOException {
        return start(jar, workDir, port, log, "3s");
    }

    private static Process start(Path jar, Path workDir, int port, String log, String lease) throws IOException {
        return JarReceivers.start(jar, workDir, port, log, List.of(
                "--paubox.delivery.lease=" + lease, "--paubox.delivery.poll-interval=200ms",
                "--paubox.delivery.initial-delay=200ms", "--paubox.sinks.slack-alert.pace=0s", "--paubox.alerts.digest.enabled=false", "--paubox.watch.enabled=false",
                // Few delivery threads, so that the bound on repeats below is tight: each thread has at
                // most one alert sent but not yet recorded when the process is killed.
                "--camel.threadpool.config.dispatch.pool-size=4", "--camel.threadpool.config.dispatch.max-pool-size=4",
                "--camel.threadpool.config.sweep.pool-size=2", "--camel.threadpool.config.sweep.max-pool-size=2",
                "--camel.threadpool.config.deliver.pool-size=4", "--camel.threadpool.config.deliver.max-pool-size=4",
                "--camel.threadpool.config.retry.pool-size=2", "--camel.threadpool.config.retry.max-pool-size=2"));
    }
}
