package com.example.paubox.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.PauboxApi;
import com.example.paubox.support.Postgres;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The messages seen around a window when events were lost (webhooks answered 503) or when no
 * receiver ran are asked about at Paubox, and what it says is routed; a message seen long before
 * is not asked about.
 */
class ReconcileWindowsIT extends ReceiverITSupport {

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PauboxApi.settings().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("paubox.watch.enabled", () -> "true");
        registry.add("paubox.watch.interval", () -> "200ms");
        registry.add("paubox.watch.events-lost-quiet", () -> "1s");
        registry.add("paubox.watch.silence", () -> "1h");
    }

    @BeforeEach
    void forgetPaubox() {
        PauboxApi.server().resetAll();
    }

    @Test
    void theMessagesSeenAroundWebhooksAnswered503AreAskedAboutAndWhatPauboxSaysIsRouted() throws Exception {
        long longBefore = Webhooks.nextId();
        webhooks.post(Webhooks.event("api_mail_log_opened", longBefore, "earlier@patient.example.net"));
        Thread.sleep(2500); // more than paubox.reconcile.around before the window
        long justAfter = Webhooks.nextId();
        PauboxApi.receipt(justAfter, "near@patient.example.net", "delivered", "opened");
        PauboxApi.receipt(longBefore, "earlier@patient.example.net", "delivered", "opened");
        camel.getRouteController().stopRoute("paubox-intake");
        try {
            assertThat(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "lost@patient.example.net"))
                    .statusCode()).isEqualTo(503);
        } finally {
            camel.getRouteController().startRoute("paubox-intake");
        }
        // Seen right after the webhooks were lost: its earlier events may have been among them.
        assertThat(webhooks.post(Webhooks.event("api_mail_log_opened", justAfter, "near@patient.example.net")).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM webhook_events WHERE event_key = ? AND source = 'reconciled'",
                "api_mail_log_delivered:" + justAfter) == 1);
        assertThat(jdbc.queryForObject("SELECT reason FROM reconcile_messages WHERE tracking_id = ?", String.class,
                Webhooks.trackingId(justAfter))).isEqualTo("lost-events");
        assertThat(count("SELECT COUNT(*) FROM reconcile_messages WHERE tracking_id = ?", Webhooks.trackingId(longBefore)))
                .as("seen long before the window").isZero();
        assertThat(count("SELECT COUNT(*) FROM reconcile_windows WHERE reason = 'lost-events' AND status = 'SCANNED'")).isEqualTo(1);
    }

    @Test
    void aReceiverStartingWhileNoneRanAsksAboutTheMessagesSeenBeforeTheGap() throws Exception {
        String schema = "paubox_downtime";
        Postgres.assumeReachable(schema);
        Map<String, Object> settings = new HashMap<>(Postgres.login(schema));
        settings.putAll(PauboxApi.settings());
        long seen = Webhooks.nextId();
        PauboxApi.receipt(seen, "gap@patient.example.net", "hard bounced", null);

        ConfigurableApplicationContext first = Receivers.start(Postgres.url(schema), settings);
        try {
            JdbcTemplate db = first.getBean(JdbcTemplate.class);
            new Webhooks(Receivers.port(first)).post(Webhooks.event("api_mail_log_opened", seen, "gap@patient.example.net"));
            await().atMost(Duration.ofSeconds(10)).until(() -> db.queryForObject("SELECT COUNT(*) FROM receiver_instances", Integer.class) == 1);
        } finally {
            first.close();
        }
        Thread.sleep(1500); // the first receiver's last word is older than three discover rounds

        ConfigurableApplicationContext second = Receivers.start(Postgres.url(schema), settings);
        try {
            JdbcTemplate db = second.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> db.queryForObject(
                    "SELECT COUNT(*) FROM webhook_events WHERE event_key = ? AND source = 'reconciled'", Integer.class,
                    "api_mail_log_permanent_failure:" + seen) == 1);
            assertThat(db.queryForObject("SELECT reason FROM reconcile_messages WHERE tracking_id = ?", String.class,
                    Webhooks.trackingId(seen))).isEqualTo("downtime");
            await().atMost(Duration.ofSeconds(10)).until(() -> db.queryForObject(
                    "SELECT COUNT(*) FROM tickets WHERE recipient = 'gap@patient.example.net' AND status = 'OPEN'", Integer.class) == 1);
        } finally {
            second.close();
        }
    }
}
