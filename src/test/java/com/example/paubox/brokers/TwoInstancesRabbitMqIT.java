package com.example.paubox.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Postgres;
import com.example.paubox.support.RabbitMq;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scale-out: two receivers on one PostgreSQL database behind a load balancer (the test sends each
 * webhook to one or the other in turn, some twice to both), each publishing to RabbitMQ: every
 * event is on the broker exactly once, whichever receiver took it and whichever routed it.
 */
class TwoInstancesRabbitMqIT {

    private static final String SCHEMA = "paubox_two_brokers";
    private static final String QUEUE = "paubox-tests.two-instances";

    @BeforeAll
    static void services() {
        Postgres.assumeReachable(SCHEMA);
    }

    @Test
    void twoReceiversBehindALoadBalancerPutEachEventOnTheBrokerOnce() throws Exception {
        try (RabbitMq rabbit = RabbitMq.connectOrSkip()) {
            ConfigurableApplicationContext first = Receivers.start(Postgres.url(SCHEMA), settings("first"));
            ConfigurableApplicationContext second = null;
            try {
                second = Receivers.start(Postgres.url(SCHEMA), settings("second"));
                rabbit.bindQueue(QUEUE);
                List<Webhooks> balanced = List.of(new Webhooks(Receivers.port(first)), new Webhooks(Receivers.port(second)));
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < 200; i++) {
                    long paubox = Webhooks.nextId();
                    String body = Webhooks.event("api_mail_log_delivered", paubox, "p" + i + "@patient.example.net");
                    keys.add("api_mail_log_delivered:" + paubox);
                    assertThat(balanced.get(i % 2).post(body).statusCode()).isEqualTo(200);
                    if (i % 10 == 0) {
                        // Sent again, to the other receiver: a duplicate, never a second message.
                        assertThat(balanced.get((i + 1) % 2).post(body).body()).contains("\"status\":\"duplicate\"");
                    }
                }
                JdbcTemplate db = first.getBean(JdbcTemplate.class);
                await().atMost(Duration.ofSeconds(60)).until(() -> db.queryForObject(
                        "SELECT COUNT(*) FROM deliveries WHERE sink = 'rabbitmq-publish' AND status = 'DELIVERED'", Integer.class) == 200);
                Thread.sleep(1000);
                Map<String, Integer> onBroker = new HashMap<>();
                rabbit.drain(QUEUE).forEach(m -> onBroker.merge(m.getProps().getMessageId(), 1, Integer::sum));
                assertThat(onBroker.keySet()).containsExactlyInAnyOrderElementsOf(keys);
                assertThat(onBroker.values()).as("each event once").containsOnly(1);
                assertThat(db.queryForList("SELECT DISTINCT claimed_by FROM webhook_events", String.class))
                        .as("both receivers routed, and published, part of them").containsExactlyInAnyOrder("first", "second");
            } finally {
                if (second != null) {
                    second.close();
                }
                first.close();
                rabbit.channel().queueDelete(QUEUE);
            }
        }
    }

    private static Map<String, Object> settings(String instance) {
        Map<String, Object> settings = new HashMap<>(Postgres.login(SCHEMA));
        settings.put("paubox.delivery.instance-id", instance);
        settings.put("spring.rabbitmq.host", RabbitMq.HOST);
        settings.put("spring.rabbitmq.port", RabbitMq.PORT);
        return settings;
    }
}
