package com.example.paubox.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.KafkaRecords;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Kafka broker sink against a KRaft broker embedded in the test JVM: a consumer sees every
 * event on paubox.events, keyed by its Paubox message id, with the event key in a header and the
 * JSON message, once the broker acknowledged it.
 */
class KafkaPublishIT extends ReceiverITSupport {

    static final EmbeddedKafkaKraftBroker KAFKA = KafkaRecords.embeddedBroker();

    @AfterAll
    static void stopKafka() {
        KAFKA.destroy();
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
    }

    @Test
    void aConsumerSeesEveryEventKeyedByItsPauboxMessageWithTheEventKeyHeader() throws Exception {
        Map<String, Long> sent = new HashMap<>();
        long message = Webhooks.nextId();
        // Two events about one message (the same key: one partition), and two others.
        for (String kind : new String[] {"api_mail_log_temporary_failure", "api_mail_log_permanent_failure"}) {
            sent.put(kind + ":" + message, eventId(webhooks.post(Webhooks.event(kind, message, "jane.roe@patient.example.net")).body()));
        }
        for (String kind : new String[] {"api_mail_log_delivered", "api_mail_log_opened"}) {
            long other = Webhooks.nextId();
            sent.put(kind + ":" + other, eventId(webhooks.post(Webhooks.event(kind, other, "john.doe@patient.example.net")).body()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE sink = 'kafka-publish' AND status = 'DELIVERED'") == 4);

        List<ConsumerRecord<String, String>> records = consumeAll(4);
        Map<String, ConsumerRecord<String, String>> byEventKey = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            String eventKey = new String(record.headers().lastHeader("paubox-event-key").value(), StandardCharsets.UTF_8);
            byEventKey.put(eventKey, record);
            assertThat(record.key()).isEqualTo(eventKey.substring(eventKey.indexOf(':') + 1));
            JsonNode body = JSON.readTree(record.value());
            assertThat(body.get("eventKey").asText()).isEqualTo(eventKey);
            assertThat(body.get("eventId").asLong()).isEqualTo(sent.get(eventKey));
            assertThat(record.headers().toArray()).as("no exchange header becomes a record header")
                    .extracting(h -> h.key()).containsOnly("paubox-event-key");
        }
        assertThat(byEventKey.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        ConsumerRecord<String, String> soft = byEventKey.get("api_mail_log_temporary_failure:" + message);
        ConsumerRecord<String, String> hard = byEventKey.get("api_mail_log_permanent_failure:" + message);
        assertThat(hard.partition()).as("one message's events on one partition").isEqualTo(soft.partition());
        // (Their order there is the order of delivery, which runs side by side: eventId says which came first.)
        assertThat(JSON.readTree(hard.value()).get("eventId").asLong()).isGreaterThan(JSON.readTree(soft.value()).get("eventId").asLong());
    }

    /** Every record of the topic, from the beginning, waiting (20 s at most) until there are {@code expected}. */
    static List<ConsumerRecord<String, String>> consumeAll(int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaRecords.consumer(KAFKA.getBrokersAsString())) {
            long until = System.currentTimeMillis() + 20_000;
            while (records.size() < expected && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
