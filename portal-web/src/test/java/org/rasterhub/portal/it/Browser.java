package org.rasterhub.portal.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver: no Selenium Manager, no browser
 * download, no traffic off the machine.
 */
final class Browser implements AutoCloseable {
    static final Path ARTIFACTS = Path.of(System.getProperty("rasterhub.it.workDir", "target/it"), "screenshots");

    final WebDriver driver;
    final WebDriverWait wait;

    Browser() throws IOException {
        Path profile = Files.createTempDirectory("rasterhub-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1366,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // Vaadin re-renders views after server round trips; an element read mid-update is simply read again.
        wait.ignoring(StaleElementReferenceException.class);
    }

    /** Saves a screenshot (and on request the page source) under target/it/screenshots. */
    Path save(String name, boolean withSource) throws IOException {
        Files.createDirectories(ARTIFACTS);
        Path png = ARTIFACTS.resolve(name + ".png");
        Files.write(png, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        if (withSource) {
            Files.writeString(ARTIFACTS.resolve(name + ".html"), driver.getPageSource());
        }
        return png;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
