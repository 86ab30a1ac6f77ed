package com.example.paubox.console;

import com.example.paubox.support.Browser;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Base of the console's browser tests: a receiver, headless Chromium for each test, and signing in as an operator. */
abstract class ConsoleBrowserSupport extends ReceiverITSupport {

    protected ChromeDriver browser;

    @BeforeEach
    void openTheBrowser() {
        browser = Browser.startOrSkip();
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Signs in through the form, as {@code dana}, and waits for the overview. */
    protected void signIn() {
        browser.get(url("/console/sign-in"));
        browser.findElement(By.id("operator")).sendKeys("dana");
        browser.findElement(By.id("token")).sendKeys(Webhooks.ADMIN_TOKEN);
        browser.findElement(By.cssSelector("form button")).click();
        waitFor(ExpectedConditions.titleContains("Overview"));
    }

    protected void waitFor(ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition);
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
