package com.example.paubox.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Browser;
import com.example.paubox.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console in a real browser (headless Chromium): signing in, the overview's figures as events arrive, signing out. */
class ConsoleBrowserIT extends ConsoleBrowserSupport {

    @Test
    void anOperatorSignsInAndSeesEventsArriveOnTheOverview() throws Exception {
        browser.get("http://127.0.0.1:" + port + "/console");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
        browser.findElement(By.id("operator")).sendKeys("dana");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("form button")).click();
        waitFor(ExpectedConditions.urlContains("?failed"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("not the admin token");

        Browser.screenshot(browser, "sign-in");
        browser.findElement(By.id("operator")).sendKeys("dana");
        browser.findElement(By.id("token")).sendKeys(Webhooks.ADMIN_TOKEN);
        browser.findElement(By.cssSelector("form button")).click();
        waitFor(ExpectedConditions.titleContains("Overview"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(browser.findElement(By.cssSelector(".operator")).getText()).isEqualTo("dana");
        long openedBefore = kindCount("api_mail_log_opened");

        for (int i = 0; i < 3; i++) {
            webhooks.post(Webhooks.event("api_mail_log_opened", Webhooks.nextId(), "reader" + i + "@patient.example.org"));
        }
        webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "gone@patient.example.org"));
        browser.navigate().refresh();
        assertThat(kindCount("api_mail_log_opened")).isEqualTo(openedBefore + 3);
        assertThat(kindCount("api_mail_log_permanent_failure")).isGreaterThanOrEqualTo(1);
        assertThat(browser.findElement(By.id("minutes-since-last")).getText()).isEqualTo("0 min");
        assertThat(browser.findElements(By.cssSelector("#sink-states tr[data-sink]"))).isNotEmpty();
        assertThat(browser.getPageSource()).doesNotContain("reader0@patient.example.org").doesNotContain(Webhooks.SUBJECT);
        Browser.screenshot(browser, "overview");

        browser.findElement(By.cssSelector(".sign-out button")).click();
        waitFor(ExpectedConditions.urlContains("signed-out"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in?signed-out");
        browser.get("http://127.0.0.1:" + port + "/console");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    }

    private long kindCount(String kind) {
        var rows = browser.findElements(By.cssSelector("#events-by-kind tr[data-kind='" + kind + "'] td.hour"));
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).getText());
    }
}
