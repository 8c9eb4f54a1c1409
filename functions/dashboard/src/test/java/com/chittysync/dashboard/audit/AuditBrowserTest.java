package com.chittysync.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.dashboard.testing.DashboardServer;
import com.chittysync.testkit.Browsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The entry page's verification in real Chromium: WebCrypto recomputes the leaf, walks the path,
 * checks the log's and the witnesses' Ed25519 signatures, and says so in words; a tampered proof
 * turns the verdict red, naming what failed. Skipped where there is no chromedriver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditBrowserTest {
  // The docs' screenshots come from the demo's real data (DashboardBrowserIT in functions/cli);
  // these, of the fixture's log, stay in the build directory.
  private static final Path IMAGES = Path.of("target/screenshots").toAbsolutePath();

  private AuditFixture f;
  private DashboardServer server;
  private ChromeDriver driver;

  @BeforeAll
  void start() {
    driver = Browsers.chrome(); // skips the class first where there is no browser
    f = new AuditFixture().populated();
    server = DashboardServer.start(f.dashboard);
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    if (f != null) {
      f.close();
    }
  }

  @BeforeEach
  void light() {
    Browsers.colorScheme(driver, "light");
  }

  private WebElement settledVerdict() {
    WebElement verdict = driver.findElement(By.id("verdict"));
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(d -> !verdict.getAttribute("class").contains("pending"));
    return verdict;
  }

  private void paste(String text) {
    WebElement area = driver.findElement(By.id("proof-text"));
    driver.executeScript("arguments[0].value = arguments[1];", area, text);
    driver.findElement(By.id("verify-pasted")).click();
  }

  private List<String> cspViolations() {
    return Browsers.console(driver).stream()
        .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
        .toList();
  }

  @Test
  void anEntrysProofVerifiesInTheBrowser() {
    driver.get(server.url("/audit/entries/21"));
    WebElement verdict = settledVerdict();
    assertThat(verdict.getAttribute("class")).contains("ok");
    assertThat(verdict.getText())
        .contains(
            "Entry 21 is included in the log of 40 entries signed by chittysync-demo; 2 of 2 witnesses cosigned.");
    assertThat(driver.findElement(By.id("checks")).getText())
        .contains("Witness witness.example/w1 cosigned at 2026-01-01T00:00:00Z")
        .contains("The checkpoint's signature by chittysync-demo verifies");
    assertThat(cspViolations()).isEmpty();
  }

  @Test
  void pastingTheUntouchedProofVerifiesToo() {
    driver.get(server.url("/audit/entries/0"));
    settledVerdict();
    String proof = driver.findElement(By.id("proof-text")).getAttribute("value");
    paste(proof);
    WebElement verdict = settledVerdict();
    assertThat(verdict.getAttribute("class")).contains("ok");
    assertThat(verdict.getText()).startsWith("Entry 0 is included in the log of 40 entries");
  }

  @Test
  void aProofWithOneHashCharacterChangedIsRed() {
    driver.get(server.url("/audit/entries/5"));
    settledVerdict();
    String proof = driver.findElement(By.id("proof-text")).getAttribute("value");
    String[] lines = proof.split("\n", -1);
    String hash = lines[2]; // the first hash after the header and the index line
    char c = hash.charAt(10);
    lines[2] = hash.substring(0, 10) + (c == 'A' ? 'B' : 'A') + hash.substring(11);
    paste(String.join("\n", lines));
    WebElement verdict = settledVerdict();
    assertThat(verdict.getAttribute("class")).contains("fail");
    assertThat(verdict.getText()).contains("path/root mismatch");
    assertThat(cspViolations()).isEmpty();
  }

  @Test
  void aTamperedLogSignatureIsRedAndNamed() {
    driver.get(server.url("/audit/entries/7"));
    settledVerdict();
    String proof = driver.findElement(By.id("proof-text")).getAttribute("value");
    String prefix = "— chittysync-demo ";
    int at = proof.indexOf(prefix) + prefix.length() + 20; // inside the signature, past the key ID
    char c = proof.charAt(at);
    String tampered = proof.substring(0, at) + (c == 'A' ? 'B' : 'A') + proof.substring(at + 1);
    paste(tampered);
    WebElement verdict = settledVerdict();
    assertThat(verdict.getAttribute("class")).contains("fail");
    assertThat(verdict.getText()).contains("log signature").contains("chittysync-demo");
  }

  @Test
  void aTamperedWitnessCosignatureIsRedAndNamed() {
    driver.get(server.url("/audit/entries/7"));
    settledVerdict();
    String proof = driver.findElement(By.id("proof-text")).getAttribute("value");
    String prefix = "— witness.example/w2 ";
    int at = proof.indexOf(prefix) + prefix.length() + 40;
    char c = proof.charAt(at);
    paste(proof.substring(0, at) + (c == 'A' ? 'B' : 'A') + proof.substring(at + 1));
    WebElement verdict = settledVerdict();
    assertThat(verdict.getAttribute("class")).contains("fail");
    assertThat(verdict.getText()).contains("witness witness.example/w2");
  }

  @Test
  void aProofOfAnotherEntryIsNotTakenForThisOne() {
    driver.get(server.url("/audit/entries/8"));
    settledVerdict();
    String other = f.get("/audit/entries/9/proof").text();
    paste(other);
    WebElement verdict = settledVerdict();
    assertThat(verdict.getAttribute("class")).contains("fail");
    assertThat(verdict.getText()).contains("the proof is for entry 9, not for entry 8");
  }

  @Test
  void theAuditPagesHaveNoCspViolationsAndAreScreenshotted() {
    for (String scheme : List.of("light", "dark")) {
      Browsers.colorScheme(driver, scheme);
      driver.get(server.url("/audit"));
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Audit log");
      Browsers.fullPageScreenshot(driver, IMAGES.resolve("audit-" + scheme + ".png"));
      driver.get(server.url("/audit/entries/36"));
      assertThat(settledVerdict().getAttribute("class")).contains("ok");
      Browsers.fullPageScreenshot(driver, IMAGES.resolve("audit-entry-" + scheme + ".png"));
      assertThat(cspViolations()).isEmpty();
    }
    // No script of the hostile entries ran: an alert would block the driver.
    assertThat(driver.switchTo().defaultContent().getTitle()).contains("Audit entry 36");
    // The console check sees violations: an inline script added to the page is refused and logged.
    driver.executeScript(
        "var s = document.createElement('script'); s.textContent = 'window.ran = 1';"
            + " document.body.appendChild(s);");
    assertThat(driver.executeScript("return window.ran === undefined;")).isEqualTo(true);
    assertThat(cspViolations()).isNotEmpty();
  }
}
