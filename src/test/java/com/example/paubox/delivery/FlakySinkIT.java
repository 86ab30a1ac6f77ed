package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 200 events of the four kinds, sent concurrently, while Slack fails every third request: in the
 * end every sink has exactly what the routing table says, each event once, and nothing is left
 * pending.
 */
class FlakySinkIT extends ReceiverITSupport {

    private static final String[] KINDS = {
        "api_mail_log_permanent_failure", "api_mail_log_temporary_failure", "api_mail_log_opened", "api_mail_log_delivered"};
    private static final Pattern PAUBOX_ID = Pattern.compile("Paubox message (\\d+)");

    @Test
    void everySinkGetsEachEventOnceDespiteAFlakySlack() throws Exception {
        slackFailsEveryThirdRequest();
        Map<String, List<Long>> sent = new HashMap<>();
        List<Future<Integer>> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 200; i++) {
                String kind = KINDS[i % KINDS.length];
                long paubox = Webhooks.nextId();
                sent.computeIfAbsent(kind, k -> new ArrayList<>()).add(paubox);
                String body = Webhooks.event(kind, paubox, "patient" + i + "@patient.example.net");
                answers.add(clients.submit(() -> webhooks.post(body).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdown();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(jdbc.queryForList("SELECT status || ' ' || COUNT(*) FROM webhook_events GROUP BY status", String.class))
                    .containsExactlyInAnyOrder("DISPATCHED 200");
            assertThat(jdbc.queryForList("SELECT sink || ' ' || status || ' ' || COUNT(*) FROM deliveries GROUP BY sink, status",
                    String.class)).containsExactlyInAnyOrder("ticket-store DELIVERED 50", "slack-alert DELIVERED 100",
                    "email-notify DELIVERED 50", "ticket-resolve DELIVERED 50");
        });

        Map<Long, Long> slackById = TestPeers.acceptedAlertsByPauboxId();
        List<Long> alerted = new ArrayList<>(sent.get(KINDS[0]));
        alerted.addAll(sent.get(KINDS[1]));
        assertThat(slackById.keySet()).containsExactlyInAnyOrderElementsOf(alerted);
        assertThat(slackById.values()).as("each alert accepted by Slack once").containsOnly(1L);
        assertThat(TestPeers.slack().getAllServeEvents()).as("Slack did fail some requests")
                .anyMatch(e -> e.getResponse().getStatus() == 500);

        Map<Long, Long> emailsById = java.util.Arrays.stream(emails())
                .collect(Collectors.groupingBy(FlakySinkIT::paubox, Collectors.counting()));
        assertThat(emailsById.keySet()).containsExactlyInAnyOrderElementsOf(sent.get(KINDS[2]));
        assertThat(emailsById.values()).containsOnly(1L);

        assertThat(jdbc.queryForList("SELECT paubox_message_id FROM tickets", String.class))
                .containsExactlyInAnyOrderElementsOf(sent.get(KINDS[0]).stream().map(String::valueOf).toList());
        Map<String, Long> deliveriesBySink = jdbc.queryForList("SELECT sink FROM deliveries", String.class).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(deliveriesBySink).isEqualTo(Map.of(
                "ticket-store", 50L, "slack-alert", 100L, "email-notify", 50L, "ticket-resolve", 50L));
    }

    private static void slackFailsEveryThirdRequest() {
        TestPeers.slack().resetAll();
        String[] states = {STARTED, "second", "third"};
        for (int i = 0; i < states.length; i++) {
            TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).inScenario("flaky")
                    .whenScenarioStateIs(states[i])
                    .willReturn(i == 0 ? aResponse().withStatus(500) : aResponse().withStatus(200).withBody("ok"))
                    .willSetStateTo(states[(i + 1) % states.length]));
        }
        // WireMock moves a scenario's state without a lock: a request arriving while another one
        // changes it can match none of the three stubs and get a 404, which the receiver rightly
        // treats as permanent. Such a request fails like the flaky ones do, with a 500.
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).atPriority(10)
                .willReturn(aResponse().withStatus(500)));
    }

    private static long paubox(MimeMessage mail) {
        try {
            return paubox(mail.getSubject());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long paubox(String text) {
        Matcher id = PAUBOX_ID.matcher(text);
        if (!id.find()) {
            Matcher subject = Pattern.compile("message (\\d+)").matcher(text);
            assertThat(subject.find()).as("a Paubox id in " + text).isTrue();
            return Long.parseLong(subject.group(1));
        }
        return Long.parseLong(id.group(1));
    }
}
