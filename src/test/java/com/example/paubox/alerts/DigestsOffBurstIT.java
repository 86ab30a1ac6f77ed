package com.example.paubox.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.RateLimitedSlack;
import com.example.paubox.support.ReceiverITSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The burst of {@link BounceBurst} with digests off: one message per event, each webhook paced
 * at one a second. Every alert arrives and none is dead; how long the last one takes is printed
 * (the figure README "Alerts" gives).
 */
class DigestsOffBurstIT extends ReceiverITSupport {

    private static final RateLimitedSlack SLACK = new RateLimitedSlack();

    @DynamicPropertySource
    static void burstSettings(DynamicPropertyRegistry registry) {
        BounceBurst.register(registry, SLACK, false);
    }

    @AfterAll
    static void stopSlack() {
        SLACK.close();
    }

    @Test
    void everyAlertArrivesOneMessageEachAtTheWebhooksPace() throws Exception {
        long start = System.currentTimeMillis();
        BounceBurst.post(webhooks);

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE sink LIKE 'slack-alert/%' AND status = 'DELIVERED'") == BounceBurst.EVENTS);
        long lastAlert = 0;
        for (String domain : BounceBurst.DOMAINS) {
            List<RateLimitedSlack.Accepted> messages = SLACK.accepted(BounceBurst.path(domain));
            assertThat(messages).as(domain + ": one message per event").hasSize(BounceBurst.EVENTS / BounceBurst.DOMAINS.size());
            lastAlert = Math.max(lastAlert, messages.get(messages.size() - 1).atMillis());
            System.out.printf("DigestsOffBurstIT digests off: %s got %d messages, %d answered 429%n", domain, messages.size(),
                    SLACK.refused(BounceBurst.path(domain)));
        }
        System.out.printf("DigestsOffBurstIT digests off: last alert %d s after the first bounce%n", (lastAlert - start) / 1000);
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE status = 'DEAD'")).as("nothing dead").isZero();
        assertThat(lastAlert - start).as("a webhook takes one a second: 100 alerts take over 90 s").isGreaterThan(90_000);
    }
}
