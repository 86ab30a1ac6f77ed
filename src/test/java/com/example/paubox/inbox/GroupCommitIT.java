package com.example.paubox.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Postgres;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Group commit at the intake: webhooks that arrive together share a transaction, yet each is
 * answered for its own row, a duplicate is still a duplicate, and two instances racing on one
 * key store it once.
 */
class GroupCommitIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "paubox_group_commit";

    @Test
    void concurrentWebhooksShareCommitsAndEachGetsItsOwnRow() throws Exception {
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:group-commit;DB_CLOSE_DELAY=-1", Map.of())) {
            Webhooks webhooks = new Webhooks(Receivers.port(receiver));
            List<String> bodies = deliveredEvents(64, "batch");

            List<JsonNode> answers = postAllAtOnce(List.of(webhooks), bodies);

            assertThat(answers).extracting(a -> a.get("status").asText()).containsOnly("accepted");
            List<Long> ids = answers.stream().map(a -> a.get("eventId").asLong()).toList();
            assertThat(ids).doesNotHaveDuplicates();
            JdbcTemplate jdbc = receiver.getBean(JdbcTemplate.class);
            List<Long> stored = jdbc.queryForList("SELECT id FROM webhook_events", Long.class);
            assertThat(stored).containsAll(ids);
            assertThat(receiver.getBean(MeterRegistry.class).get("paubox.inbox.commit.rows").summary().max())
                    .as("some transaction carried more than one webhook").isGreaterThan(1);
        }
    }

    @Test
    void sameEventPostedConcurrentlyIsStoredOnceAndAnsweredDuplicateOtherwise() throws Exception {
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:group-commit-dup;DB_CLOSE_DELAY=-1", Map.of())) {
            Webhooks webhooks = new Webhooks(Receivers.port(receiver));
            String body = Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "twice@patient.example.net");

            List<JsonNode> answers = postAllAtOnce(List.of(webhooks), java.util.Collections.nCopies(16, body));

            assertThat(answers).extracting(a -> a.get("status").asText()).containsOnlyOnce("accepted");
            assertThat(answers).extracting(a -> a.get("eventId").asLong()).containsOnly(answers.get(0).get("eventId").asLong());
            assertThat(receiver.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM webhook_events", Long.class))
                    .isEqualTo(1);
        }
    }

    @Test
    void twoInstancesRacingOnTheSameEventsStoreEachOnce() throws Exception {
        Postgres.assumeReachable(SCHEMA);
        Map<String, Object> postgres = Postgres.login(SCHEMA);
        try (ConfigurableApplicationContext first = Receivers.start(Postgres.url(SCHEMA), postgres);
                ConfigurableApplicationContext second = Receivers.start(Postgres.url(SCHEMA), postgres)) {
            List<Webhooks> both = List.of(new Webhooks(Receivers.port(first)), new Webhooks(Receivers.port(second)));
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String body = Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "race" + i + "@patient.example.net");
                bodies.add(body);
                bodies.add(body);
            }

            List<JsonNode> answers = postAllAtOnce(both, bodies);

            assertThat(answers).extracting(a -> a.get("status").asText()).containsOnly("accepted", "duplicate");
            assertThat(answers.stream().filter(a -> a.get("status").asText().equals("accepted")).count()).isEqualTo(40);
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events", Long.class)).isEqualTo(40);
            assertThat(answers.stream().map(a -> a.get("eventId").asLong()).distinct().count())
                    .as("both answers for one event name the same row").isEqualTo(40);
        }
    }

    @Test
    void aPoolOutsideAutoCommitStillGetsEachAcceptedWebhookCommittedBeforeTheAnswer() throws Exception {
        Postgres.assumeReachable(SCHEMA);
        Map<String, Object> settings = new HashMap<>(Postgres.login(SCHEMA));
        settings.put("spring.datasource.hikari.auto-commit", "false");
        try (ConfigurableApplicationContext receiver = Receivers.start(Postgres.url(SCHEMA), settings)) {
            Webhooks webhooks = new Webhooks(Receivers.port(receiver));
            List<String> bodies = deliveredEvents(20, "manual");

            List<JsonNode> answers = postAllAtOnce(List.of(webhooks), bodies);

            assertThat(answers).extracting(a -> a.get("status").asText()).containsOnly("accepted");
            // Read on a connection of its own, outside the receiver's pool: only committed rows show.
            try (Connection reader = DriverManager.getConnection(Postgres.url(SCHEMA), "postgres", "");
                    ResultSet count = reader.createStatement().executeQuery("SELECT COUNT(*) FROM webhook_events")) {
                count.next();
                assertThat(count.getLong(1)).isEqualTo(20);
            }
        }
    }

    /** {@code count} delivered events, each of its own message and recipient ({@code local}N@patient.example.net). */
    private static List<String> deliveredEvents(int count, String local) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), local + i + "@patient.example.net"));
        }
        return bodies;
    }

    /** Posts every body at the same moment, body i to receiver i % n; returns the answers in order. */
    private static List<JsonNode> postAllAtOnce(List<Webhooks> receivers, List<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                Webhooks target = receivers.get(i % receivers.size());
                String body = bodies.get(i);
                sent.add(pool.submit((Callable<HttpResponse<String>>) () -> {
                    go.await();
                    return target.post(body);
                }));
            }
            go.countDown();
            List<JsonNode> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> response : sent) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                answers.add(JSON.readTree(response.get().body()));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
