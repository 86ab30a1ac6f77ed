package com.example.paubox.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.JarReceivers;
import com.example.paubox.support.KafkaRecords;
import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.WebhookBurst;
import com.example.paubox.support.Webhooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The packaged jar publishing to a KRaft broker embedded in the test JVM, killed with SIGKILL in
 * the middle of a burst and started again: a consumer that deduplicates by the
 * {@code paubox-event-key} header sees every accepted event exactly once.
 */
class KafkaKillIT {

    private static final int BURST = 400;
    private static final int KILL_AFTER_ACCEPTED = 200;
    private static final EmbeddedKafkaKraftBroker KAFKA = KafkaRecords.embeddedBroker();

    @AfterAll
    static void stopKafka() {
        KAFKA.destroy();
    }

    @Test
    void killedMidBurstEveryAcceptedEventIsOnKafkaOnceDeduplicatedByItsKey(@TempDir Path workDir) throws Exception {
        Path jar = ProjectFiles.packagedJar();
        int port = JarReceivers.freePort();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Process first = start(jar, workDir, port, "first.log");
            JarReceivers.awaitReady(port);
            List<String> keys = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                long paubox = Webhooks.nextId();
                keys.add("api_mail_log_opened:" + paubox);
                bodies.add(Webhooks.event("api_mail_log_opened", paubox, "burst" + i + "@patient.example.net"));
            }
            WebhookBurst burst = WebhookBurst.post(new Webhooks(port), bodies, i -> accepted.add(keys.get(i)));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                read(consumer, seen);
                return burst.answered() >= KILL_AFTER_ACCEPTED && seen.size() >= 20;
            });
            first.destroyForcibly(); // SIGKILL, mid-burst and mid-publishing
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(burst.finish()).isTrue();
            int onKafkaAtTheKill = seen.size();

            Process second = start(jar, workDir, port, "second.log");
            try {
                JarReceivers.awaitReady(port);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    read(consumer, seen);
                    return seen.keySet().containsAll(accepted);
                });
                Thread.sleep(2000);
                read(consumer, seen);
            } finally {
                second.destroy();
                assertThat(second.waitFor(40, TimeUnit.SECONDS)).isTrue();
                for (String log : new String[] {"first.log", "second.log"}) {
                    Files.copy(workDir.resolve(log), Path.of("target", "kafka-kill-" + log), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            int repeats = seen.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("KafkaKillIT: %d accepted, %d on Kafka at the kill, %d distinct on Kafka, %d records repeated%n",
                    accepted.size(), onKafkaAtTheKill, seen.size(), repeats);
            assertThat(seen.keySet()).as("deduplicated by the key header: every accepted event, nothing else")
                    .containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    private static void read(KafkaConsumer<String, String> consumer, Map<String, Integer> seen) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            String key = new String(record.headers().lastHeader("paubox-event-key").value(), StandardCharsets.UTF_8);
            seen.merge(key, 1, Integer::sum);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return KafkaRecords.consumer(KAFKA.getBrokersAsString());
    }

    private static Process start(Path jar, Path workDir, int port, String log) throws Exception {
        return JarReceivers.start(jar, workDir, port, log, List.of(
                "--spring.kafka.bootstrap-servers=" + KAFKA.getBrokersAsString(),
                "--paubox.delivery.lease=3s", "--paubox.delivery.poll-interval=200ms", "--paubox.delivery.initial-delay=200ms",
                "--paubox.watch.enabled=false"));
    }
}
