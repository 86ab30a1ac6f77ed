package com.example.paubox.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.RateLimitedSlack;
import com.example.paubox.support.ReadmeExamples;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A bulk send to a stale list, as issue "alerts people can act on" measures it: 300 hard bounces
 * from 3 sender domains within 30 seconds, each domain routed to a Slack destination of its own,
 * a {@link RateLimitedSlack} behind the three incoming webhooks.
 */
final class BounceBurst {

    static final List<String> DOMAINS = List.of("clinic-a", "clinic-b", "clinic-c");
    static final int EVENTS = 300;
    static final long SPREAD_MILLIS = 30_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST_COUNT = Pattern.compile("digest: (\\d+) alerts");

    private BounceBurst() {
    }

    /** The receiver's settings for the burst: the routes below, Slack paced as shipped, digests on or off, each domain's webhook on {@code slack}. */
    static void register(DynamicPropertyRegistry registry, RateLimitedSlack slack, boolean digests) {
        registry.add("PAUBOX_ROUTES_LOCATION", () -> "file:" + routes() + "/*.camel.yaml");
        registry.add("paubox.alerts.digest.enabled", () -> Boolean.toString(digests));
        registry.add("paubox.sinks.slack-alert.pace", () -> "1s");
        DOMAINS.forEach(domain -> registry.add(variable(domain), () -> slack.url(path(domain))));
    }

    /** routes/ with each domain's hard bounces going to its own Slack destination. */
    static Path routes() {
        StringBuilder branch = new StringBuilder("""
                - expression:
                    simple:
                      expression: "${header.eventName} == 'api_mail_log_permanent_failure'"
                  steps:
                    - to:
                        uri: direct:ticket-store
                    - choice:
                        when:
                """);
        for (String domain : DOMAINS) {
            branch.append("""
                              - expression:
                                  simple:
                                    expression: "${header.senderDomain} == '%s.example'"
                                steps:
                                  - to:
                                      uri: direct:slack-alert/%s
                    """.formatted(domain, domain));
        }
        branch.append("""
                        otherwise:
                          steps:
                            - to:
                                uri: direct:slack-alert
                """);
        return ReadmeExamples.routesWithRouterPartReplaced(ReadmeExamples.SHIPPED_HARD_BOUNCE_BRANCH, branch.toString().indent(14));
    }

    static String path(String domain) {
        return "/services/T000BURST/B000" + domain.toUpperCase().replace("-", "") + "/" + domain;
    }

    static String variable(String domain) {
        return "SLACK_WEBHOOK_URL_" + domain.toUpperCase().replace('-', '_');
    }

    /**
     * Posts the burst, evenly over {@value #SPREAD_MILLIS} ms, the domains in turn.
     *
     * @return when each domain's first bounce was posted (epoch millis)
     */
    static Map<String, Long> post(Webhooks webhooks) throws InterruptedException {
        Map<String, Long> first = new LinkedHashMap<>();
        long start = System.currentTimeMillis();
        for (int i = 0; i < EVENTS; i++) {
            long due = start + i * SPREAD_MILLIS / EVENTS;
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            String domain = DOMAINS.get(i % DOMAINS.size());
            first.putIfAbsent(domain, System.currentTimeMillis());
            var answer = webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "desk@" + domain + ".example",
                    "stale" + i + "@list.example.net"));
            assertThat(answer.statusCode()).isEqualTo(200);
        }
        return first;
    }

    /** How many alerts a Slack message stands for: a digest says it; a single alert is one. */
    static int alerts(RateLimitedSlack.Accepted message) {
        try {
            JsonNode json = JSON.readTree(message.body());
            if (!json.has("blocks")) {
                return 1;
            }
            Matcher count = DIGEST_COUNT.matcher(json.get("blocks").get(0).get("text").get("text").asText());
            assertThat(count.find()).as("a digest's header gives its count: " + message.body()).isTrue();
            return Integer.parseInt(count.group(1));
        } catch (java.io.IOException e) {
            throw new AssertionError("Slack got a body that is not JSON", e);
        }
    }
}
