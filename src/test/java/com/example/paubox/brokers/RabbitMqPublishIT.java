package com.example.paubox.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.RabbitMq;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TcpProxy;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The RabbitMQ broker sink against the machine's RabbitMQ server, reached through a TCP relay that
 * the test can cut: every event published once to paubox.events with its routing key, message id
 * and JSON, confirmed before it is recorded; the broker away, or the exchange missing, fails the
 * deliveries, which are retried and all arrive once it is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RabbitMqPublishIT extends ReceiverITSupport {

    private static final String QUEUE = "paubox-tests.all-events";
    private static TcpProxy proxy;
    private static RabbitMq rabbit;

    @BeforeAll
    static void broker() throws Exception {
        rabbit = RabbitMq.connectOrSkip();
    }

    @AfterAll
    static void closeBroker() throws Exception {
        if (rabbit != null) {
            rabbit.channel().queueDelete(QUEUE);
            // What was published while no test queue was bound (the warm-up) waits there: not kept.
            rabbit.channel().queuePurge("paubox.events.unroutable");
            rabbit.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @DynamicPropertySource
    static void rabbitMq(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> RabbitMq.HOST);
        registry.add("spring.rabbitmq.port", () -> relay().port());
        registry.add("spring.rabbitmq.connection-timeout", () -> "2s");
    }

    private static synchronized TcpProxy relay() {
        if (proxy == null) {
            try {
                proxy = new TcpProxy(RabbitMq.PORT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return proxy;
    }

    @BeforeEach
    void consumerQueue() throws Exception {
        // The receiver declares the exchange when it connects: publish once so that it has.
        if (!exchangeExists()) {
            long warmUp = eventId(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "warm@patient.example.net")).body());
            await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(warmUp).get("rabbitmq-publish")));
        }
        rabbit.bindQueue(QUEUE);
    }

    @Test
    void everyEventIsPublishedOnceWithItsRoutingKeyMessageIdAndJsonAfterTheBrokerConfirms() throws Exception {
        Map<String, Long> sent = new HashMap<>();
        String[] kinds = {"api_mail_log_delivered", "api_mail_log_temporary_failure", "api_mail_log_permanent_failure",
            "api_mail_log_opened"};
        for (String kind : kinds) {
            long paubox = Webhooks.nextId();
            long eventId = eventId(webhooks.post(Webhooks.event(kind, paubox, "jane.roe@patient.example.net")).body());
            sent.put(kind + ":" + paubox, eventId);
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE sink = 'rabbitmq-publish' AND status = 'DELIVERED'") == 4);

        List<GetResponse> messages = rabbit.drain(QUEUE);
        assertThat(messages).hasSize(4);
        for (GetResponse message : messages) {
            String key = message.getProps().getMessageId();
            assertThat(sent).containsKey(key);
            assertThat(message.getEnvelope().getRoutingKey()).isEqualTo(key.substring(0, key.indexOf(':')));
            assertThat(message.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
            assertThat(message.getProps().getContentType()).isEqualTo("application/json");
            JsonNode body = JSON.readTree(message.getBody());
            assertThat(body.get("eventKey").asText()).isEqualTo(key);
            assertThat(body.get("eventId").asLong()).isEqualTo(sent.get(key));
            assertThat(body.at("/notification/payload/to").asText()).isEqualTo("jane.roe@patient.example.net");
        }
    }

    @Test
    void withEveryLoggerAtDebugTheMessageNeverReachesTheLog(CapturedOutput output) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.DEBUG);
        logging.setLogLevel("jdk.internal.httpclient.debug", LogLevel.INFO); // the test's own client
        try {
            long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                    "private.person@patient.example.net")).body());
            await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("rabbitmq-publish")));
        } finally {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
        }
        assertThat(rabbit.drain(QUEUE)).hasSize(1).allSatisfy(m -> assertThat(new String(m.getBody())).contains("private.person"));
        assertThat(output.getAll()).contains("DEBUG").doesNotContain("private.person", Webhooks.SUBJECT);
    }

    @Test
    void theBrokerAwayFailsTheDeliveriesAndEveryEventArrivesOnceItIsBack() throws Exception {
        relay().cut();
        List<String> keys = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                long paubox = Webhooks.nextId();
                webhooks.post(Webhooks.event("api_mail_log_opened", paubox, "p" + i + "@patient.example.net"));
                keys.add("api_mail_log_opened:" + paubox);
            }
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    count("SELECT COUNT(*) FROM deliveries WHERE sink = 'rabbitmq-publish' AND last_error IS NOT NULL") == 5);
            assertThat(count("SELECT COUNT(*) FROM deliveries WHERE sink = 'rabbitmq-publish' AND status = 'DELIVERED'")).isZero();
        } finally {
            relay().restore();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE sink = 'rabbitmq-publish' AND status = 'DELIVERED'") == 5);
        List<String> arrived = rabbit.drain(QUEUE).stream().map(m -> m.getProps().getMessageId()).toList();
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void aMissingExchangeFailsTheDeliveryUntilItIsThere() throws Exception {
        // Connected (the receiver declares its exchange when it connects), then the exchange goes.
        long first = eventId(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "w@patient.example.net")).body());
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(first).get("rabbitmq-publish")));
        rabbit.drain(QUEUE);
        rabbit.channel().exchangeDelete(RabbitMq.EXCHANGE);
        long paubox = Webhooks.nextId();
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_opened", paubox, "x@patient.example.net")).body());
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM deliveries WHERE event_id = ? AND sink = 'rabbitmq-publish' AND last_error IS NOT NULL",
                Integer.class, eventId) == 1);
        assertThat(deliveryStatuses(eventId).get("rabbitmq-publish")).isNotEqualTo("DELIVERED");

        // The team that runs the broker puts it back (as the receiver declares it).
        rabbit.channel().exchangeDeclare(RabbitMq.EXCHANGE, "topic", true, false,
                Map.of("alternate-exchange", "paubox.events.unroutable"));
        rabbit.bindQueue(QUEUE);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("rabbitmq-publish")));
        assertThat(rabbit.drain(QUEUE)).extracting(m -> m.getProps().getMessageId()).containsExactly("api_mail_log_opened:" + paubox);
    }

    private static boolean exchangeExists() {
        try (var probe = RabbitMq.connectOrSkip()) {
            probe.channel().exchangeDeclarePassive(RabbitMq.EXCHANGE);
            return true;
        } catch (Exception missing) {
            return false;
        }
    }
}
