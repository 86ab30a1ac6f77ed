package com.example.paubox.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Postgres;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances on one PostgreSQL, hard bounces posted to both in turn: one alert at once, then
 * one digest for the window, not two, carrying every other alert.
 */
class DigestTwoInstancesPostgresIT {

    private static final String SCHEMA = "paubox_digests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNT = Pattern.compile("digest: (\\d+) alerts");

    @BeforeAll
    static void postgres() {
        Postgres.assumeReachable(SCHEMA);
    }

    @Test
    void twoInstancesSendOneDigestPerWindow() throws Exception {
        TestPeers.resetSlack();
        String url = Postgres.url(SCHEMA);
        Map<String, Object> settings = new HashMap<>(Postgres.login(SCHEMA));
        settings.put("paubox.alerts.digest.enabled", true);
        settings.put("paubox.alerts.digest.window", "6s");
        settings.put("paubox.delivery.instance-id", "first");
        ConfigurableApplicationContext first = Receivers.start(url, settings);
        ConfigurableApplicationContext second = null;
        try {
            settings.put("paubox.delivery.instance-id", "second");
            second = Receivers.start(url, settings);
            List<Webhooks> both = List.of(new Webhooks(Receivers.port(first)), new Webhooks(Receivers.port(second)));
            for (int i = 0; i < 30; i++) {
                assertThat(both.get(i % 2).post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                        "two" + i + "@patient.example.net")).statusCode()).isEqualTo(200);
            }
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM deliveries WHERE sink = 'slack-alert' AND status = 'DELIVERED'", Integer.class) == 30);
            Thread.sleep(2000);

            List<JsonNode> messages = TestPeers.slack().getAllServeEvents().stream()
                    .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                    .map(e -> read(e.getRequest().getBodyAsString())).toList();
            assertThat(messages).as("one alert at once, then one digest").hasSize(2);
            assertThat(messages.get(0).has("blocks")).isFalse();
            Matcher count = COUNT.matcher(messages.get(1).get("text").asText());
            assertThat(count.find()).isTrue();
            assertThat(Integer.parseInt(count.group(1))).isEqualTo(29);
            assertThat(jdbc.queryForList("SELECT DISTINCT claimed_by FROM webhook_events", String.class))
                    .as("both instances took part").containsExactlyInAnyOrder("first", "second");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert_digests WHERE status = 'SENT'", Integer.class)).isEqualTo(1);
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("Slack got a body that is not JSON", e);
        }
    }
}
