package com.example.paubox.watch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The receiver's alerts about itself, at the ops destination's Slack webhook and email list: for
 * each condition one message when it starts and one when it resolves, none in between (reminders
 * are far off here: paubox.watch.repeat 1 h), and no PHI in any of them.
 */
class SelfAlertsIT extends ReceiverITSupport {

    static final String OPS_PATH = "/services/T000TEST/B000OPS/opshook";
    static final String OPS_LIST = "ops@care.example.org";

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void watch(DynamicPropertyRegistry registry) {
        registry.add("paubox.watch.enabled", () -> "true");
        registry.add("paubox.watch.interval", () -> "200ms");
        registry.add("paubox.watch.repeat", () -> "1h");
        registry.add("paubox.watch.silence", () -> "1h");
        registry.add("paubox.watch.events-lost-quiet", () -> "2s");
        registry.add("paubox.watch.token-refusals", () -> "5");
        registry.add("paubox.watch.token-window", () -> "2s");
        registry.add("paubox.watch.sink-failing", () -> "2s");
        registry.add("paubox.watch.backlog", () -> "3s");
        registry.add("paubox.slack.destinations.ops.webhook-url", () -> "http://127.0.0.1:" + TestPeers.slack().port() + OPS_PATH);
        registry.add("paubox.email.lists.ops.to", () -> OPS_LIST);
    }

    @BeforeEach
    void opsSlackAnswers() {
        TestPeers.slack().stubFor(post(urlEqualTo(OPS_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @Test
    void webhooksAnswered503StartEventsLostOnceAndItResolvesOnce() throws Exception {
        camel.getRouteController().stopRoute("paubox-intake");
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "lost@patient.example.net"))
                        .statusCode()).isEqualTo(503);
            }
        } finally {
            camel.getRouteController().startRoute("paubox-intake");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("Receiver alert: events lost").size() == 1);
        // The start says what the first look counted (one or more); the resolve counts them all.
        assertThat(opsSlack("Receiver alert: events lost").get(0)).containsPattern("[123] webhooks? answered 503 \\(not stored\\)");
        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("events lost").size() == 2);
        assertThat(opsSlack("events lost").get(1)).contains("Resolved after").contains("events lost")
                .contains("3 webhooks answered 503 (not stored)");
        await().atMost(Duration.ofSeconds(10)).until(() -> opsEmails("events lost").size() == 2);
        assertThat(opsEmails("events lost").get(0).getSubject()).isEqualTo("[Paubox receiver] Receiver alert: events lost");

        Thread.sleep(1500);
        assertThat(opsSlack("events lost")).as("nothing after the resolve").hasSize(2);
        assertThat(TestPeers.slack().findAll(postRequestedFor(urlEqualTo(TestPeers.SLACK_PATH))))
                .as("nothing to the default Slack webhook while ops has its own").isEmpty();
    }

    @Test
    void wrongTokensAfterAQuietPeriodStartTokenTroubleOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            int status = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=an-old-token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(),
                            "x@patient.example.net")))).statusCode();
            assertThat(status).isEqualTo(401);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("wrong webhook tokens").size() == 1);
        assertThat(opsSlack("wrong webhook tokens").get(0)).contains("5 requests refused for a wrong or missing token")
                .doesNotContain("an-old-token").doesNotContain(Webhooks.TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("wrong webhook tokens").size() == 2);
        assertThat(opsSlack("wrong webhook tokens").get(1)).contains("Resolved after");
        Thread.sleep(1000);
        assertThat(opsSlack("wrong webhook tokens")).hasSize(2);
    }

    @Test
    void aSinkFailingForLongStartsOnceAndResolvesOnceItDeliversAgainAndTheBacklogToo() throws Exception {
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(500)));
        long event = eventId(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(),
                "jane.roe@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(15)).until(() -> opsSlack("a sink failing (slack-alert)").size() == 1);
        String started = opsSlack("a sink failing (slack-alert)").get(0);
        assertThat(started).contains("Receiver alert: a sink failing (slack-alert)").contains("waiting to be retried");
        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("Receiver alert: backlog").size() == 1);
        assertThat(statusOf(event)).as("still being retried").isIn("FAILED", "DELIVERING");

        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        await().atMost(Duration.ofSeconds(15)).until(() -> opsSlack("a sink failing (slack-alert)").size() == 2);
        assertThat(opsSlack("a sink failing (slack-alert)").get(1)).contains("Resolved after");
        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("backlog").size() == 2);
        assertThat(statusOf(event)).isEqualTo("DELIVERED");

        for (String message : opsSlack("")) {
            assertThat(message).doesNotContain("jane.roe").doesNotContain("patient.example.net").doesNotContain(Webhooks.SUBJECT);
        }
        for (MimeMessage email : opsEmails("")) {
            assertThat((String) email.getContent()).doesNotContain("jane.roe").doesNotContain("patient.example.net");
        }
        Thread.sleep(1000);
        assertThat(opsSlack("a sink failing")).hasSize(2);
        assertThat(opsEmails("a sink failing")).hasSize(2);
        assertThat(opsSlack("backlog")).hasSize(2);
    }

    @Test
    void aNewDeadLetterStartsSinkFailingAtOnceAndItResolvesWhenNoMoreCome() throws Exception {
        // Slack refuses for good (400): the alert is a dead letter at its first attempt.
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(400)));
        long event = eventId(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(),
                "dead@patient.example.net")).body());
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(statusOf(event)));
        long deadAt = System.currentTimeMillis();

        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("a sink failing (slack-alert)").size() == 1);
        assertThat(System.currentTimeMillis() - deadAt).as("at once, not after paubox.watch.sink-failing").isLessThan(2000);
        assertThat(opsSlack("a sink failing (slack-alert)").get(0)).contains("1 dead letter in the last 2 s");
        await().atMost(Duration.ofSeconds(10)).until(() -> opsSlack("a sink failing (slack-alert)").size() == 2);
        assertThat(opsSlack("a sink failing (slack-alert)").get(1)).contains("Resolved after");
        Thread.sleep(1000);
        assertThat(opsSlack("a sink failing")).hasSize(2);
    }

    @Test
    void whenTheOpsSlackWebhookItselfFailsItsAlertGoesByEmailAlone() throws Exception {
        TestPeers.slack().stubFor(post(urlEqualTo(OPS_PATH)).willReturn(aResponse().withStatus(500)));
        // Something to tell ops: its Slack message fails, and keeps failing.
        for (int i = 0; i < 5; i++) {
            webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=guess-" + i))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> opsEmails("a sink failing (slack-alert/ops)").size() == 1);
        Long alert = jdbc.queryForObject("""
                SELECT id FROM webhook_events WHERE source = 'watch' AND raw_body LIKE '%sink-failing%' AND raw_body LIKE '%started%'""",
                Long.class);
        assertThat(deliveryStatuses(alert)).containsOnlyKeys("email-notify/ops");
        assertThat(opsEmails("a sink failing (slack-alert/ops)").get(0).getSubject())
                .isEqualTo("[Paubox receiver] Receiver alert: a sink failing (slack-alert/ops)");
        TestPeers.slack().stubFor(post(urlEqualTo(OPS_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @Test
    void eachConditionsStateShowsInHealthAndTheAdminApi() throws Exception {
        camel.getRouteController().stopRoute("paubox-intake");
        try {
            webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "lost@patient.example.net"));
        } finally {
            camel.getRouteController().startRoute("paubox-intake");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.admin("GET", "/admin/watch", null).body().contains("\"firing\""));
        String admin = webhooks.admin("GET", "/admin/watch", null).body();
        assertThat(admin).contains("\"condition\":\"events-lost\",\"state\":\"firing\"").contains("1 webhook answered 503");
        String health = webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))).body();
        assertThat(JSON.readTree(health).at("/components/watch/details/conditions/events-lost/state").asText()).isEqualTo("firing");
        assertThat(JSON.readTree(health).at("/components/watch/details/conditions/silence/state").asText()).isEqualTo("ok");
        assertThat(webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/watch"))).statusCode())
                .as("the admin API wants its token").isEqualTo(401);
        assertThat(webhooks.admin("GET", "/actuator/prometheus", null).body())
                .contains("paubox_watch_firing{application=\"paubox-event-router\"} 1.0");
    }

    private String statusOf(long event) {
        return deliveryStatuses(event).get("slack-alert");
    }

    /** The texts the ops Slack webhook accepted (200) that contain {@code part}, oldest first. */
    static List<String> opsSlack(String part) {
        List<String> texts = new java.util.ArrayList<>(TestPeers.slack().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(OPS_PATH) && e.getResponse().getStatus() == 200)
                .map(e -> {
                    try {
                        return JSON.readTree(e.getRequest().getBodyAsString()).get("text").asText();
                    } catch (Exception unreadable) {
                        throw new AssertionError(unreadable);
                    }
                })
                .filter(text -> text.contains(part)).toList());
        java.util.Collections.reverse(texts); // WireMock lists the newest first
        return texts;
    }

    /** The emails the ops list received whose subject contains {@code part}, oldest first. */
    static List<MimeMessage> opsEmails(String part) throws Exception {
        return Arrays.stream(emails()).filter(email -> {
            try {
                return Arrays.stream(email.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(OPS_LIST))
                        && email.getSubject().contains(part);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }
}
