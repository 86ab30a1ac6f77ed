package com.example.paubox.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by
 * Selenium; nothing is downloaded. Where neither can be had the test is skipped, saying why, unless
 * {@code REQUIRE_CHROMIUM} is set (as {@code .ci/run} sets it): then it fails.
 */
public final class Browser {

    private static final List<Path> CHROMIUM = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    private static final List<Path> DRIVER = List.of(Path.of("/usr/bin/chromedriver"), Path.of("/usr/lib/chromium/chromedriver"));

    private Browser() {
    }

    public static ChromeDriver startOrSkip() {
        Path chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Path driver = DRIVER.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (chromium == null || driver == null) {
            String problem = "no Chromium here (" + (chromium == null ? "chromium" : "chromium-driver") + " not installed)";
            if (System.getenv("REQUIRE_CHROMIUM") != null) {
                throw new IllegalStateException("REQUIRE_CHROMIUM is set but " + problem);
            }
            assumeTrue(false, problem + ": skipping the browser test (apt-get install chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    /**
     * Saves what the browser shows as {@code name}.png in {@code target/console-screenshots/};
     * with {@code -Dconsole.screenshots=docs/console} in the README's copies as well.
     */
    public static void screenshot(ChromeDriver browser, String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        for (String dir : new String[] {"target/console-screenshots", System.getProperty("console.screenshots")}) {
            if (dir != null) {
                Path target = Files.createDirectories(Path.of(dir)).resolve(name + ".png");
                Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
