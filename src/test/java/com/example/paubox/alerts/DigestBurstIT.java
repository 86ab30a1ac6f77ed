package com.example.paubox.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.RateLimitedSlack;
import com.example.paubox.support.ReceiverITSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The burst of {@link BounceBurst} with digests on, as shipped (a 60 s window, Slack paced at one
 * message a second per webhook): each destination gets its first alert at once and the rest in
 * at most two digests whose counts add up to its events; every ticket is opened, nothing is dead,
 * and the 429s of the stand-in are honoured without losing a held alert.
 */
class DigestBurstIT extends ReceiverITSupport {

    private static final RateLimitedSlack SLACK = new RateLimitedSlack();

    @DynamicPropertySource
    static void burstSettings(DynamicPropertyRegistry registry) {
        BounceBurst.register(registry, SLACK, true);
    }

    @AfterAll
    static void stopSlack() {
        SLACK.close();
    }

    @Test
    void eachDestinationGetsItsFirstAlertAtOnceAndTheRestInAFewDigests() throws Exception {
        long start = System.currentTimeMillis();
        Map<String, Long> firstBounce = BounceBurst.post(webhooks);

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE sink LIKE 'slack-alert/%' AND status = 'DELIVERED'") == BounceBurst.EVENTS);
        long lastAlert = 0;
        for (String domain : BounceBurst.DOMAINS) {
            List<RateLimitedSlack.Accepted> messages = SLACK.accepted(BounceBurst.path(domain));
            assertThat(messages).as(domain + ": at most 3 messages").hasSizeBetween(2, 3);
            assertThat(messages.get(0).atMillis() - firstBounce.get(domain)).as(domain + ": the first alert at once").isLessThan(2000);
            assertThat(BounceBurst.alerts(messages.get(0))).as("the first is a normal alert").isEqualTo(1);
            assertThat(messages.stream().mapToInt(BounceBurst::alerts).sum()).as(domain + ": the counts add up to its events")
                    .isEqualTo(BounceBurst.EVENTS / BounceBurst.DOMAINS.size());
            String digest = messages.get(1).body();
            assertThat(digest).contains(domain + ".example", "and ", "/admin/digests/", "Tickets:").doesNotContain("stale", "Lab results");
            lastAlert = Math.max(lastAlert, messages.get(messages.size() - 1).atMillis());
            System.out.printf("DigestBurstIT digests on: %s got %d messages (%s alerts), %d answered 429; first %d ms after its first bounce%n",
                    domain, messages.size(), messages.stream().map(m -> Integer.toString(BounceBurst.alerts(m))).toList(),
                    SLACK.refused(BounceBurst.path(domain)), messages.get(0).atMillis() - firstBounce.get(domain));
        }
        System.out.printf("DigestBurstIT digests on: last alert %d s after the first bounce%n", (lastAlert - start) / 1000);
        assertThat(count("SELECT COUNT(*) FROM tickets WHERE status = 'OPEN'")).as("every ticket").isEqualTo(BounceBurst.EVENTS);
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE status = 'DEAD'")).as("nothing dead").isZero();
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE sink LIKE 'slack-alert/%' AND digest_id IS NOT NULL"))
                .as("every alert but the firsts rode a digest").isEqualTo(BounceBurst.EVENTS - BounceBurst.DOMAINS.size());
    }
}
