package com.chittysync.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian Chromium for browser tests, driven by the system's chromedriver: nothing is
 * downloaded (Selenium Manager is never asked, because the driver's path is given). Tests that need
 * it call {@link #chrome()}, which skips the test (an assumption) where there is no chromedriver.
 */
public final class Browsers {
  /** Debian's chromium. */
  public static final String CHROMIUM = "/usr/bin/chromium";

  /** Debian's chromedriver, of the same version. */
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private Browsers() {}

  /** Whether a browser test can run here. */
  public static boolean available() {
    return new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
  }

  /**
   * Skips the calling test where there is no Chromium; fails it instead where CI promised one
   * ({@code CHITTYSYNC_REQUIRE_CHROMIUM=true}).
   */
  public static void assumeAvailable() {
    if (!available() && "true".equals(System.getenv("CHITTYSYNC_REQUIRE_CHROMIUM"))) {
      throw new IllegalStateException(
          "CHITTYSYNC_REQUIRE_CHROMIUM=true but "
              + CHROMEDRIVER
              + " or "
              + CHROMIUM
              + " is missing");
    }
    assumeTrue(available(), "no " + CHROMEDRIVER + " here: browser tests skipped");
  }

  /** A fresh headless Chromium, 1280×900, console logged; skips the test where there is none. */
  public static ChromeDriver chrome() {
    assumeAvailable();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** The browser console's messages since the last call (CSP violations are reported there). */
  public static List<String> console(ChromeDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  /** Emulates {@code prefers-color-scheme: dark} (or light) for the pages loaded next. */
  public static void colorScheme(ChromeDriver driver, String scheme) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** Saves a PNG screenshot of the current page to {@code file}. */
  public static void screenshot(ChromeDriver driver, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A screenshot of the whole page height (not only the window), via the DevTools protocol. */
  public static void fullPageScreenshot(ChromeDriver driver, Path file) {
    Number width = (Number) driver.executeScript("return document.documentElement.scrollWidth;");
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
    Object result =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x",
                    0,
                    "y",
                    0,
                    "width",
                    width.doubleValue(),
                    "height",
                    height.doubleValue(),
                    "scale",
                    1)));
    String data = (String) ((Map<?, ?>) result).get("data");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
