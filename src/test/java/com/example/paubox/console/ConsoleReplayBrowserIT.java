package com.example.paubox.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Browser;
import com.example.paubox.support.ConsoleClient;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Dead letters made by Slack refusing alerts (WireMock answering 400), found and replayed from
 * the console in headless Chromium: one from its row, the rest by filter after a dry-run count;
 * Slack gets each once. A replay without the session's CSRF token changes nothing.
 */
class ConsoleReplayBrowserIT extends ConsoleBrowserSupport {

    private static final String SOFT_BOUNCE = "api_mail_log_temporary_failure";

    @Test
    void deadLettersAreReplayedFromThePageOneAndThenAllMatchingAndSlackGetsEachOnce() throws Exception {
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(400).withBody("invalid_payload")));
        long first = Webhooks.nextId();
        long firstEvent = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, first, "one@patient.example.net")).body());
        long second = Webhooks.nextId();
        long secondEvent = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, second, "two@patient.example.net")).body());
        long third = Webhooks.nextId();
        long thirdEvent = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, third, "three@patient.example.net")).body());
        for (long event : new long[] {firstEvent, secondEvent, thirdEvent}) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(deliveryStatuses(event).get("slack-alert")));
        }
        TestPeers.resetSlack();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

        signIn();
        browser.get(url("/console/dead-letters"));
        assertThat(browser.findElements(By.cssSelector("#dead-letters tr[data-delivery]"))).hasSize(3);
        assertThat(browser.getPageSource()).doesNotContain("one@patient.example.net");
        Browser.screenshot(browser, "dead-letters");
        long firstDelivery = jdbc.queryForObject("SELECT id FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", Long.class,
                firstEvent);

        // Without a session: refused, nothing replayed.
        ConsoleClient stranger = new ConsoleClient(port);
        assertThat(stranger.post("/console/dead-letters/" + firstDelivery + "/replay", Map.of()).statusCode()).isIn(302, 403);
        assertThat(stranger.post("/console/dead-letters/replay-matching", Map.of("kind", SOFT_BOUNCE)).statusCode()).isIn(302, 403);
        // Without the page's CSRF token (a forged form elsewhere): refused, nothing replayed.
        ConsoleClient forger = new ConsoleClient(port);
        forger.signIn("mallory", Webhooks.ADMIN_TOKEN);
        assertThat(forger.post("/console/dead-letters/" + firstDelivery + "/replay", Map.of()).statusCode()).isEqualTo(403);
        assertThat(forger.post("/console/dead-letters/replay-matching", Map.of("kind", SOFT_BOUNCE)).statusCode()).isEqualTo(403);
        Thread.sleep(1500);
        assertThat(deliveryStatuses(firstEvent).get("slack-alert")).isEqualTo("DEAD");
        assertThat(slackMessages()).isEmpty();

        // Replay one from its row.
        browser.findElement(By.cssSelector("#dead-letters tr[data-delivery='" + firstDelivery + "'] button.replay-one")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("replayed=1"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("1 put back in line.");
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(firstEvent).get("slack-alert")));

        // Its event's page: the delivery, now delivered.
        browser.get(url("/console/events/" + firstEvent));
        assertThat(browser.findElement(By.cssSelector("#deliveries li[data-sink='slack-alert']")).getAttribute("data-status"))
                .isEqualTo("DELIVERED");
        // Its timeline: refused for good (400), replayed, delivered.
        assertThat(browser.findElements(By.cssSelector("#deliveries li[data-sink='slack-alert'] li.attempt")))
                .extracting(li -> li.getAttribute("data-outcome")).containsExactly("dead", "replayed", "delivered");
        assertThat(browser.findElement(By.cssSelector("#deliveries li[data-sink='slack-alert'] li.attempt[data-outcome='dead']")).getText())
                .contains("attempt 1", "HTTP 400");
        Browser.screenshot(browser, "event");

        // The rest by filter: the dry run counts them, the confirmation replays them.
        browser.get(url("/console/dead-letters?kind=" + SOFT_BOUNCE));
        browser.findElement(By.id("replay-matching")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("matching-count")));
        assertThat(browser.findElement(By.id("matching-count")).getText())
                .isEqualTo("2 dead letters match this filter, kind " + SOFT_BOUNCE + ".");
        browser.findElement(By.id("confirm-replay")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("replayed=2"));
        for (long event : new long[] {secondEvent, thirdEvent}) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(event).get("slack-alert")));
        }
        settle();
        assertThat(slackMessages()).as("each replayed alert once").hasSize(3);
        assertThat(slackMessages().toString()).contains(Long.toString(first), Long.toString(second), Long.toString(third));
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(1500);
    }
}
