package com.example.paubox.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Browser;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The chart, events and tickets pages in headless Chromium, as events arrive over HTTP. */
@ExtendWith(OutputCaptureExtension.class)
class ConsolePagesBrowserIT extends ConsoleBrowserSupport {

    private static final String HARD_BOUNCE = "api_mail_log_permanent_failure";
    private static final String DELIVERED = "api_mail_log_delivered";
    private static final String CLINIC_A = "billing@clinic-a.example.org";
    private static final String CLINIC_B = "notices@clinic-b.example.org";

    @Test
    void theChartCountsKindsAndTheHardBounceRatePerSenderDomainAndChangesAsEventsArrive() throws Exception {
        post(HARD_BOUNCE, CLINIC_A, "a1@patient.example.org");
        post(HARD_BOUNCE, CLINIC_A, "a2@patient.example.org");
        for (int i = 0; i < 3; i++) {
            post(DELIVERED, CLINIC_B, "b" + i + "@patient.example.org");
        }
        post(HARD_BOUNCE, CLINIC_B, "b9@patient.example.org");
        signIn();

        browser.get(url("/console/chart?range=hour"));
        assertThat(kindTotal(HARD_BOUNCE)).isEqualTo(3);
        assertThat(kindTotal(DELIVERED)).isEqualTo(3);
        assertThat(browser.findElements(By.cssSelector("#kinds-chart rect[data-kind='" + HARD_BOUNCE + "']"))).isNotEmpty();
        assertThat(rate("clinic-a.example.org")).isEqualTo("100.0 %");
        assertThat(rate("clinic-b.example.org")).isEqualTo("25.0 %");
        Browser.screenshot(browser, "chart");

        for (int i = 0; i < 4; i++) {
            post(DELIVERED, CLINIC_A, "a-more" + i + "@patient.example.org");
        }
        browser.navigate().refresh();
        assertThat(kindTotal(DELIVERED)).isEqualTo(7);
        assertThat(rate("clinic-a.example.org")).isEqualTo("33.3 %");
        assertThat(browser.getPageSource()).doesNotContain("patient.example.org").doesNotContain(Webhooks.SUBJECT);
    }

    @Test
    void eventsAreFilteredBySenderDomainAndKind() throws Exception {
        post(HARD_BOUNCE, CLINIC_A, "a1@patient.example.org");
        post(DELIVERED, CLINIC_A, "a2@patient.example.org");
        post(DELIVERED, CLINIC_B, "b1@patient.example.org");
        signIn();

        browser.get(url("/console/events"));
        assertThat(browser.findElements(By.cssSelector("#events tr[data-event]"))).hasSize(3);
        browser.findElement(By.name("domain")).sendKeys("clinic-a.example.org");
        browser.findElement(By.cssSelector("form.filter button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("domain=clinic-a.example.org"));
        assertThat(browser.findElements(By.cssSelector("#events tr[data-event]"))).hasSize(2);
        browser.findElement(By.name("kind")).sendKeys(HARD_BOUNCE);
        browser.findElement(By.cssSelector("form.filter button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("kind=" + HARD_BOUNCE));
        List<WebElement> rows = browser.findElements(By.cssSelector("#events tr[data-event]"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains(HARD_BOUNCE, "clinic-a.example.org", "a***@patient.example.org")
                .doesNotContain("a1@patient.example.org");
        Browser.screenshot(browser, "events");
        assertThat(browser.getCurrentUrl()).doesNotContain("patient.example.org");
    }

    @Test
    void eventsArePagedFiftyAtATimeNewestFirst() throws Exception {
        for (int i = 0; i < 52; i++) {
            post(DELIVERED, CLINIC_B, "p" + i + "@patient.example.org");
        }
        signIn();
        browser.get(url("/console/events"));
        List<WebElement> first = browser.findElements(By.cssSelector("#events tr[data-event]"));
        assertThat(first).hasSize(50);
        long newest = Long.parseLong(first.get(0).getAttribute("data-event"));
        assertThat(browser.findElements(By.cssSelector(".pages a[rel=prev]"))).isEmpty();
        browser.findElement(By.cssSelector(".pages a[rel=next]")).click();
        waitFor(ExpectedConditions.urlContains("page=1"));
        List<WebElement> second = browser.findElements(By.cssSelector("#events tr[data-event]"));
        assertThat(second).hasSize(2);
        assertThat(Long.parseLong(second.get(0).getAttribute("data-event"))).isLessThan(newest);
        assertThat(browser.findElements(By.cssSelector(".pages a[rel=next]"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".pages a[rel=prev]")).getText()).isEqualTo("Newer");
    }

    @Test
    void aTicketShowsItsAddressOnlyWhenAskedAndTheAuditLineSaysWhoAndWhichTicket(CapturedOutput output) throws Exception {
        long eventId = eventId(webhooks.post(Webhooks.event(HARD_BOUNCE, Webhooks.nextId(), CLINIC_A, "jane.roe@patient.example.org")).body());
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("ticket-store")));
        long ticket = jdbc.queryForObject("SELECT id FROM tickets WHERE recipient = 'jane.roe@patient.example.org'", Long.class);
        signIn();

        browser.get(url("/console/tickets"));
        WebElement row = browser.findElement(By.cssSelector("#tickets tr[data-ticket='" + ticket + "']"));
        assertThat(row.getText()).contains("OPEN", "j***@patient.example.org", "clinic-a.example.org", "event #" + eventId)
                .doesNotContain("jane.roe");
        Browser.screenshot(browser, "tickets");
        row.findElement(By.cssSelector("button.reveal")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".revealed")));
        assertThat(browser.findElement(By.cssSelector("#tickets tr[data-ticket='" + ticket + "'] .revealed")).getText())
                .isEqualTo("jane.roe@patient.example.org");
        assertThat(browser.getCurrentUrl()).doesNotContain("jane.roe");
        assertThat(output.getAll()).contains("Console reveal operator=dana ticket=" + ticket);
        assertThat(output.getAll().lines().filter(line -> line.contains("Console reveal"))).noneMatch(line -> line.contains("jane.roe"));
    }

    private void post(String kind, String sender, String recipient) {
        assertThat(webhooks.post(Webhooks.event(kind, Webhooks.nextId(), sender, recipient)).statusCode()).isEqualTo(200);
    }

    private long kindTotal(String kind) {
        return browser.findElements(By.cssSelector("#kinds-table td[data-kind='" + kind + "']")).stream()
                .mapToLong(cell -> Long.parseLong(cell.getText())).sum();
    }

    private String rate(String domain) {
        return browser.findElement(By.cssSelector("#domain-rates tr[data-domain='" + domain + "'] td.rate")).getText();
    }

}
