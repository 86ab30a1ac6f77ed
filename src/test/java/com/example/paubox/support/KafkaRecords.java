package com.example.paubox.support;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A consumer of the Kafka sink's topic, as a team's own flow would be: its own group, from the beginning. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /**
     * A KRaft broker in the test JVM with the topic {@code paubox.events} (3 partitions), started.
     * Its address is published in the system property {@code spring.embedded.kafka.brokers} only:
     * spring-kafka-test would otherwise set {@code spring.kafka.bootstrap-servers}, which switches
     * the Kafka sink on in every receiver the JVM starts after it.
     */
    public static EmbeddedKafkaKraftBroker embeddedBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, "paubox.events");
        broker.brokerListProperty("spring.embedded.kafka.brokers");
        broker.afterPropertiesSet();
        return broker;
    }

    /** A consumer of {@code paubox.events} in a group of its own, reading from the first record. */
    public static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "paubox-tests-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of("paubox.events"));
        return consumer;
    }
}
