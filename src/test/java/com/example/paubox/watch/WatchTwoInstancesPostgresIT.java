package com.example.paubox.watch;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Postgres;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two receivers on one PostgreSQL database watch the same silence: one alert when it starts,
 * reminders no closer than paubox.watch.repeat, one alert when a webhook ends it, whichever
 * receiver saw it first. No ops destination is configured: the alerts go to the default one.
 */
class WatchTwoInstancesPostgresIT {

    private static final String SCHEMA = "paubox_watch_two";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void postgres() {
        Postgres.assumeReachable(SCHEMA);
    }

    @Test
    void aSilenceSeenByTwoReceiversStartsOnceRemindsAtItsPaceAndResolvesOnce() throws Exception {
        TestPeers.resetSlack();
        TestPeers.resetSmtp();
        String url = Postgres.url(SCHEMA);
        ConfigurableApplicationContext first = Receivers.start(url, watching("first"));
        ConfigurableApplicationContext second = null;
        try {
            second = Receivers.start(url, watching("second"));
            await().atMost(Duration.ofSeconds(20)).until(() -> alerts("Receiver alert: no webhooks").size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> alerts("Still going on after").size() >= 2);
            Thread.sleep(1000);
            assertThat(alerts("Receiver alert: no webhooks")).as("one start from two receivers").hasSize(1);

            int port = Receivers.port(second);
            assertThat(new Webhooks(port).post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "a@patient.example.net"))
                    .statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> alerts("Resolved after").size() == 1);
            Thread.sleep(1500);
            assertThat(alerts("Resolved after")).as("one resolve from two receivers").hasSize(1);
            assertThat(alerts("Receiver alert: no webhooks")).hasSize(1);

            List<Instant> reminders = new ArrayList<>();
            for (String text : alerts("Still going on after")) {
                reminders.add(Instant.parse(text.replaceAll("(?s).*This alert: (\\S+).*", "$1")));
            }
            for (int i = 1; i < reminders.size(); i++) {
                assertThat(Duration.between(reminders.get(i - 1), reminders.get(i))).as("reminders at most every 3 s")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            }
            assertThat(TestPeers.smtp().getReceivedMessages()).as("the same alerts by email, to the default list")
                    .hasSize(alerts("").size());
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    private static Map<String, Object> watching(String instance) {
        Map<String, Object> properties = new HashMap<>(Postgres.login(SCHEMA));
        properties.put("paubox.delivery.instance-id", instance);
        properties.put("paubox.watch.enabled", true);
        properties.put("paubox.watch.interval", "200ms");
        properties.put("paubox.watch.silence", "3s");
        properties.put("paubox.watch.repeat", "3s");
        return properties;
    }

    /** The texts of the receiver's alerts Slack accepted (the default webhook), oldest first, that contain {@code part}. */
    private static List<String> alerts(String part) {
        List<String> texts = new ArrayList<>();
        TestPeers.slack().findAll(postRequestedFor(urlEqualTo(TestPeers.SLACK_PATH))).forEach(request -> {
            try {
                String text = JSON.readTree(request.getBodyAsString()).get("text").asText();
                if (text.contains("GET /admin/watch") && text.contains(part)) {
                    texts.add(text);
                }
            } catch (Exception unreadable) {
                throw new AssertionError(unreadable);
            }
        });
        return texts;
    }
}
