package com.example.paubox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReadmeExamples;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The worked example of a new sink (docs/sinks.md, linked from the README's "Add a sink"), done
 * exactly as written there: its route file added to a copy of {@code routes/}, its router line
 * put into the hard-bounce branch, its settings applied, and a fake Microsoft Teams endpoint
 * (WireMock) behind {@code TEAMS_WEBHOOK_URL}. Whatever that endpoint does, the event's Slack
 * alert goes at once; the new sink gets every delivery guarantee.
 */
class AddSinkIT extends ReceiverITSupport {

    /** Where the example is written. */
    private static final Path EXAMPLE = Path.of("docs/sinks.md");
    private static final String TEAMS_PATH = "/webhookb2/test-channel/IncomingWebhook/abc";
    private static final WireMockServer TEAMS = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    static {
        TEAMS.start();
    }

    @DynamicPropertySource
    static void theReadmeEdits(DynamicPropertyRegistry registry) {
        registry.add("PAUBOX_ROUTES_LOCATION", () -> "file:" + routesEditedAsTheExampleSays() + "/*.camel.yaml");
        registry.add("TEAMS_WEBHOOK_URL", () -> "http://127.0.0.1:" + TEAMS.port() + TEAMS_PATH);
        exampleSettings().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopTeams() {
        TEAMS.stop();
    }

    @BeforeEach
    void teamsForgetsEverything() {
        TEAMS.resetAll();
    }

    @Test
    void failingEndpointGetsTheEventOnceAfterABackoffAndSlackDoesNotWait() throws Exception {
        TEAMS.stubFor(post(urlEqualTo(TEAMS_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        TEAMS.stubFor(post(urlEqualTo(TEAMS_PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody("1")));
        long paubox = Webhooks.nextId();

        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", paubox, "john.doe@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("teams-alert")));
        List<LoggedRequest> posts = TEAMS.findAll(postRequestedFor(urlEqualTo(TEAMS_PATH)));
        assertThat(posts).as("one refused, then the one delivery").hasSize(2);
        long backoff = posts.get(1).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime();
        assertThat(backoff).as("retried after the backoff (200 ms, less up to a quarter of jitter)").isGreaterThanOrEqualTo(140);
        assertThat(count("SELECT attempts FROM deliveries WHERE event_id = ? AND sink = 'teams-alert'", eventId)).isEqualTo(2);
        long ticket = jdbc.queryForObject("SELECT id FROM tickets WHERE open_recipient = 'john.doe@patient.example.net'", Long.class);
        assertThat(posts.get(1).getBodyAsString())
                .contains("api_mail_log_permanent_failure", Long.toString(paubox), "sender.example.com", "j***@patient.example.net",
                        "ticket " + ticket)
                .doesNotContain("john.doe", Webhooks.SUBJECT);
        assertThat(JSON.readTree(posts.get(1).getBodyAsString()).get("text").asText()).startsWith("Paubox api_mail_log_permanent_failure");
        assertThat(slackMessages()).as("the Slack alert, once, whatever Teams answered").hasSize(1);
        assertThat(deliveryStatuses(eventId)).containsEntry("slack-alert", "DELIVERED").containsEntry("ticket-store", "DELIVERED");
    }

    @Test
    void refusedEventIsADeadLetterReplayedOnceThroughTheAdminApi() throws Exception {
        TEAMS.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(400).withBody("Bad payload")));
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                "refused@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(deliveryStatuses(eventId).get("teams-alert")));
        assertThat(jdbc.queryForObject("SELECT last_error FROM deliveries WHERE event_id = ? AND sink = 'teams-alert'", String.class,
                eventId)).isEqualTo("HTTP 400");
        await().atMost(Duration.ofSeconds(5)).until(() -> slackMessages().size() == 1);

        TEAMS.resetAll();
        TEAMS.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(200).withBody("1")));
        long deadLetter = jdbc.queryForObject("SELECT id FROM deliveries WHERE event_id = ? AND sink = 'teams-alert'", Long.class, eventId);
        assertThat(JSON.readTree(webhooks.admin("POST", "/admin/dead-letters/" + deadLetter + "/replay", null).body())
                .get("replayed").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("teams-alert")));
        Thread.sleep(1000);
        assertThat(TEAMS.findAll(postRequestedFor(urlEqualTo(TEAMS_PATH)))).as("the replay, once").hasSize(1);
        assertThat(slackMessages()).as("Slack is not alerted again by the replay").hasSize(1);
    }

    @Test
    void slowEndpointDoesNotHoldUpTheSlackAlert() throws Exception {
        TEAMS.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(200).withBody("1").withFixedDelay(4000)));
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                "slow@patient.example.net")).body());

        await().atMost(Duration.ofMillis(2500)).until(() -> slackMessages().size() == 1);
        assertThat(deliveryStatuses(eventId)).containsEntry("teams-alert", "DELIVERING");
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("teams-alert")));
    }

    private static final String TEAMS_STEP = "                  - to:\n                      uri: direct:teams-alert\n";

    static Path routesEditedAsTheExampleSays() {
        Path copy = ReadmeExamples.routesWithRouterEdit(EXAMPLE, "add-a-sink-router", TEAMS_STEP);
        String route = ReadmeExamples.yaml(EXAMPLE, "add-a-sink-route");
        assertThat(route.lines().count()).as("the sink is about 20 lines").isLessThanOrEqualTo(24);
        try {
            Files.writeString(copy.resolve("teams-alert.camel.yaml"), route);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** The settings block, as the properties it makes under paubox.sinks. */
    static Map<String, String> exampleSettings() {
        Map<String, Object> sinks = new Yaml().load(ReadmeExamples.yaml(EXAMPLE, "add-a-sink-settings").stripIndent());
        Map<String, String> properties = new LinkedHashMap<>();
        flatten("paubox.sinks", sinks, properties);
        assertThat(properties).containsKey("paubox.sinks.teams-alert.enabled-by");
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, String> into) {
        tree.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map) {
                flatten(prefix + "." + key, (Map<String, Object>) map, into);
            } else {
                into.put(prefix + "." + key, String.valueOf(value));
            }
        });
    }
}
