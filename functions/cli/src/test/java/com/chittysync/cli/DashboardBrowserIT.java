package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.chittysync.testkit.Browsers;
import com.chittysync.testkit.RepoPaths;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does after {@code chittysync demo --keep-running}, in real headless Chromium
 * against the built jar running as its own process on a throwaway database: signs in with the
 * printed one-time link, resolves the demo's conflict, decides held deletes, verifies an audit
 * proof, and is protected from another site's forms. Every page is screenshotted, light and dark,
 * into {@code docs/images/dashboard}. Skipped where there is no chromedriver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
  private static final Path JAR = Path.of("target/chittysync.jar").toAbsolutePath();
  private static final Path IMAGES = RepoPaths.resolve("docs/images/dashboard");
  private static final String PROJECTS = "demo_projects";
  private static final String SESSION_COOKIE = "__Host-chittysync-session";
  private static final Pattern LINK =
      Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:(\\d+))(/login/local\\?token=\\S+)");

  private TestDatabase db;
  private Path dir;
  private Process demo;
  private final StringBuffer output = new StringBuffer();
  private String base;
  private int port;
  private String link;
  private ChromeDriver driver;
  private final List<String> console = new ArrayList<>();

  @BeforeAll
  void startDemo() throws Exception {
    Browsers.assumeAvailable();
    assertThat(JAR).exists();
    db = TestPostgres.createDatabase();
    dir = Files.createTempDirectory("dashboard-browser-it");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            JAR.toString(),
            "demo",
            "--keep-running",
            "--records",
            "30",
            "--dir",
            dir.toString(),
            "--port",
            "0");
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(RepoPaths.root().toFile()).redirectErrorStream(true);
    pb.environment().remove("DATABASE_URL_UNPOOLED");
    pb.environment().putAll(db.env());
    demo = pb.start();
    demo.getOutputStream().close();
    CompletableFuture<Matcher> dashboardLine = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.append(line).append('\n');
                  Matcher m = LINK.matcher(line);
                  if (m.find()) {
                    dashboardLine.complete(m);
                  }
                }
              } catch (IOException e) {
                // The process ended.
              }
              dashboardLine.completeExceptionally(new IllegalStateException("the demo ended"));
            },
            "demo-output");
    reader.setDaemon(true);
    reader.start();
    Matcher m;
    try {
      m = dashboardLine.get(120, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new AssertionError(
          "the demo printed no 'Dashboard:' line within 120 s (" + e + "); its output:\n" + output,
          e);
    }
    base = m.group(1);
    port = Integer.parseInt(m.group(2));
    link = base + m.group(3);
    assertThat(output.toString()).contains("every check passed");
    driver = chrome();
  }

  @AfterAll
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (demo != null) {
      demo.descendants().forEach(ProcessHandle::destroy);
      demo.destroy();
      if (!demo.waitFor(15, TimeUnit.SECONDS)) {
        demo.descendants().forEach(ProcessHandle::destroyForcibly);
        demo.destroyForcibly();
        demo.waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (db != null) {
      db.close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // ---------------------------------------------------------------- the tests, in a person's order

  @Test
  @Order(1)
  void oneTimeLinkSignsInOnceAndTheFleetShowsTheSyncedRegistries() {
    visit(link);
    waiting(15).until(d -> d.getCurrentUrl().equals(base + "/"));
    Cookie session = driver.manage().getCookieNamed(SESSION_COOKIE);
    assertThat(session)
        .as(
            "Chromium kept the session cookie %s set over http://127.0.0.1 (cookies: %s)",
            SESSION_COOKIE, driver.manage().getCookies())
        .isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");

    List<WebElement> projects = fleetRow(PROJECTS);
    assertThat(projects.get(0).getText()).isEqualTo("Needs attention");
    assertThat(projects.get(6).getText()).as("conflicts").isEqualTo("1");
    assertThat(projects.get(7).getText()).as("held deletes").isEqualTo("0");
    assertThat(projects.get(8).getText()).as("quarantined").isEqualTo("1");
    List<WebElement> teams = fleetRow("demo_teams");
    assertThat(teams.get(0).getText()).isEqualTo("Healthy");
    assertThat(teams.get(6).getText()).isEqualTo("0");
    assertThat(teams.get(8).getText()).isEqualTo("0");
    assertThat(driver.findElement(By.cssSelector("header .who")).getText())
        .contains("local operator");

    // A second browser (its own profile) opening the same link is refused.
    ChromeDriver other = chrome();
    try {
      other.get(link);
      assertThat(other.manage().getCookieNamed(SESSION_COOKIE)).isNull();
      assertThat(other.findElement(By.tagName("body")).getText())
          .contains("this login link was already used");
      other.get(base + "/");
      assertThat(other.getCurrentUrl()).isEqualTo(base + "/");
      assertThat(other.findElement(By.tagName("body")).getText()).doesNotContain(PROJECTS);
      console.addAll(messages(other));
    } finally {
      other.quit();
    }
  }

  @Test
  @Order(2)
  void aForeignOriginPostIsRefused() throws Exception {
    long conflict = openConflictId();
    long actionsBefore = count("SELECT count(*) FROM chittysync.dashboard_actions");
    String resolve = base + "/registries/" + PROJECTS + "/conflicts/" + conflict + "/resolve";
    String decide = base + "/registries/" + PROJECTS + "/deletes/decide";
    String page =
        "<!doctype html><html><head><title>win a prize</title></head><body>"
            + "<form id=f method=post action=\""
            + resolve
            + "\"><input type=hidden name=choice value=\"endpoint:sheet\">"
            + "<input type=hidden name=action_id value=\""
            + UUID.randomUUID()
            + "\"></form><script>"
            + "var h = {'HX-Request':'true','Content-Type':'application/x-www-form-urlencoded'};"
            + "function post(url, body) { return fetch(url, {method:'POST', credentials:'include',"
            + " headers:h, body:body}).then(function (r) { return 'status ' + r.status; },"
            + " function (e) { return 'failed ' + e; }); }"
            + "Promise.all([post('"
            + decide
            + "', 'id=1&count=1&decision=approve&action_id="
            + UUID.randomUUID()
            + "'), post('"
            + resolve
            + "', 'choice=endpoint%3Asheet&action_id="
            + UUID.randomUUID()
            + "')]).then(function (r) { document.title = 'fetched: ' + r.join(', ');"
            + " setTimeout(function () { document.getElementById('f').submit(); }, 100); });"
            + "</script></body></html>";
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    attacker.createContext(
        "/",
        exchange -> {
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    attacker.start();
    try {
      // localhost is another site than 127.0.0.1: its page's requests are cross-site.
      driver.get("http://localhost:" + attacker.getAddress().getPort() + "/");
      waiting(15).until(d -> d.getCurrentUrl().startsWith(base));
      assertThat(driver.findElement(By.tagName("body")).getText())
          .containsAnyOf("Sign in needed", "Not allowed");
    } finally {
      attacker.stop(0);
    }
    console.addAll(messages(driver));
    assertThat(openConflictId()).isEqualTo(conflict);
    assertThat(count("SELECT count(*) FROM chittysync.dashboard_actions")).isEqualTo(actionsBefore);
    assertThat(count("SELECT count(*) FROM chittysync.audit_entries WHERE type LIKE 'dashboard.%'"))
        .isZero();

    // The same POST straight from a program that has the real session cookie and CSRF token.
    visit(base + "/registries/" + PROJECTS + "/conflicts");
    String cookie =
        SESSION_COOKIE + "=" + driver.manage().getCookieNamed(SESSION_COOKIE).getValue();
    String csrf = csrfToken();
    String form = "choice=endpoint%3Asheet&action_id=" + UUID.randomUUID();
    Map<String, String> good = new HashMap<>();
    good.put("Cookie", cookie);
    good.put("Origin", base);
    good.put("Sec-Fetch-Site", "same-origin");
    good.put("HX-Request", "true");
    good.put("X-CSRF-Token", csrf);
    good.put("Content-Type", "application/x-www-form-urlencoded");

    HttpResponse<String> evilOrigin =
        post(
            resolve,
            form,
            with(
                good,
                h -> {
                  h.remove("Sec-Fetch-Site");
                  h.put("Origin", "http://evil.example");
                }));
    assertThat(evilOrigin.statusCode()).isEqualTo(403);
    assertThat(evilOrigin.body()).contains("came from another origin (http://evil.example)");

    HttpResponse<String> crossSite =
        post(resolve, form, with(good, h -> h.put("Sec-Fetch-Site", "cross-site")));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("came from another site (Sec-Fetch-Site: cross-site)");

    HttpResponse<String> noCsrf = post(resolve, form, with(good, h -> h.remove("X-CSRF-Token")));
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(noCsrf.body()).contains("carries no CSRF token");

    HttpResponse<String> noHtmx = post(resolve, form, with(good, h -> h.remove("HX-Request")));
    assertThat(noHtmx.statusCode()).isEqualTo(403);
    assertThat(noHtmx.body()).contains("lacks HX-Request");

    // DNS rebinding: a page elsewhere pointing its own name at 127.0.0.1 sends its own Host.
    String rebound = rawPost("evil.example", resolve, form, good);
    assertThat(rebound).startsWith("HTTP/1.1 421").contains("not for 'evil.example'");

    assertThat(openConflictId()).isEqualTo(conflict);
    assertThat(count("SELECT count(*) FROM chittysync.dashboard_actions")).isEqualTo(actionsBefore);
  }

  @Test
  @Order(3)
  void resolvingAConflictInTheBrowserIsAppliedByTheNextSync() throws Exception {
    long conflict = openConflictId();
    visit(base + "/registries/" + PROJECTS + "/conflicts");
    screenshots("registry-conflicts");
    WebElement row = driver.findElement(By.id("conflict-" + conflict));
    assertThat(row.getText())
        .contains("P-0004")
        .contains("budget")
        .contains("1000")
        .contains("2000");
    row.findElement(By.cssSelector("input[type=radio][value='endpoint:notion']")).click();
    row.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement result =
        waiting(15).until(ExpectedConditions.presenceOfElementLocated(By.id("action-result")));
    assertThat(result.getText())
        .contains("Conflict #" + conflict + " (P-0004.budget) resolved with notion's value");
    assertThat(driver.findElement(By.id("conflicts")).getText())
        .contains("No conflict is waiting.");

    syncNow();
    assertThat(query("SELECT budget FROM chittysync_demo.projects WHERE project_id = 'P-0004'"))
        .isEqualTo("1000");
    assertThat(
            query(
                "SELECT record->>'budget' FROM chittysync.canonical_records"
                    + " WHERE registry = 'demo_projects' AND record_key = 'P-0004'"))
        .isEqualTo("1000");
    // The state keeps of each endpoint only the hash of what it holds there: every one now holds
    // the canonical record, budget 1000 included.
    assertThat(
            column(
                "SELECT s.endpoint FROM chittysync.endpoint_snapshots s"
                    + " JOIN chittysync.canonical_records c USING (registry, record_key)"
                    + " WHERE registry = 'demo_projects' AND record_key = 'P-0004'"
                    + " AND s.content_hash = c.content_hash ORDER BY 1"))
        .containsExactly("notion", "postgres", "sheet");
    visit(base + "/registries/" + PROJECTS + "/conflicts");
    assertThat(driver.findElement(By.id("conflicts")).getText())
        .contains("No conflict is waiting.");
    assertThat(
            query(
                "SELECT string_agg(actor, ',') FROM chittysync.audit_entries"
                    + " WHERE type = 'dashboard.conflict_resolved'"))
        .isEqualTo("user:local operator");
    visit(base + "/audit?type=dashboard.conflict_resolved");
    assertThat(driver.findElement(By.cssSelector("table.entries tbody")).getText())
        .contains("dashboard.conflict_resolved")
        .contains("user:local operator")
        .contains(PROJECTS);
  }

  @Test
  @Order(4)
  void approvingAHeldDeleteDeletesItEverywhere() throws Exception {
    // The guard (delete_guard, default 0.25) holds every delete when a fetch misses more than a
    // quarter of the records an endpoint held.
    long known =
        count(
            "SELECT count(*) FROM chittysync.endpoint_snapshots"
                + " WHERE registry = 'demo_projects' AND endpoint = 'postgres'");
    int n = (int) (known / 4) + 1;
    List<String> keys =
        column(
            "SELECT project_id FROM chittysync_demo.projects"
                + " WHERE project_id NOT IN ('P-0004', 'P-0006') ORDER BY project_id DESC LIMIT "
                + n);
    assertThat(keys).hasSize(n);
    execute(
        "DELETE FROM chittysync_demo.projects WHERE project_id IN ('"
            + String.join("','", keys)
            + "')");

    syncNow();
    visit(base + "/registries/" + PROJECTS + "/deletes");
    List<WebElement> rows = driver.findElements(By.cssSelector("#deletes tbody tr[id^=delete-]"));
    assertThat(rows).hasSize(n);
    for (WebElement row : rows) {
      assertThat(row.getText())
          .contains("delete guard: postgres missed more than 25% of the records it held");
    }
    screenshots("registry-deletes");
    // Every other endpoint still holds them meanwhile.
    assertThat(
            count(
                "SELECT count(*) FROM chittysync.endpoint_snapshots WHERE registry = 'demo_projects'"
                    + " AND endpoint = 'notion' AND record_key IN ('"
                    + String.join("','", keys)
                    + "')"))
        .isEqualTo(n);

    String approved = keys.get(0);
    WebElement row =
        driver.findElement(
            By.xpath("//table[@id='deletes']//tr[th[normalize-space()='" + approved + "']]"));
    row.findElement(By.xpath(".//button[normalize-space()='Approve']")).click();
    Alert confirm = waiting(10).until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).isEqualTo("Delete " + approved + " everywhere?");
    confirm.accept();
    waiting(15)
        .until(
            d ->
                d.findElements(By.id("action-result")).stream()
                    .anyMatch(e -> e.getText().startsWith("Approved 1 held delete")));
    assertThat(driver.findElements(By.cssSelector("#deletes tbody tr[id^=delete-]")))
        .hasSize(n - 1);

    driver.findElement(By.cssSelector("input[data-select-all]")).click();
    assertThat(
            driver.findElements(By.cssSelector("#deletes input[type=checkbox][name=id]")).stream()
                .allMatch(WebElement::isSelected))
        .as("'select all' selects every row")
        .isTrue();
    driver.findElement(By.xpath("//button[normalize-space()='Reject selected']")).click();
    Alert bulk = waiting(10).until(ExpectedConditions.alertIsPresent());
    assertThat(bulk.getText()).isEqualTo("Reject " + (n - 1) + " held deletes?");
    bulk.accept();
    waiting(15)
        .until(
            d ->
                d.findElements(By.id("action-result")).stream()
                    .anyMatch(
                        e -> e.getText().startsWith("Rejected " + (n - 1) + " held deletes")));
    assertThat(driver.findElement(By.id("deletes")).getText()).contains("No delete is held.");

    syncNow();
    String in = "('" + String.join("','", keys.subList(1, keys.size())) + "')";
    assertThat(count("SELECT count(*) FROM chittysync_demo.projects WHERE project_id IN " + in))
        .as("the rejected deletes are restored in PostgreSQL")
        .isEqualTo(n - 1);
    assertThat(
            count(
                "SELECT count(*) FROM chittysync_demo.projects WHERE project_id = '"
                    + approved
                    + "'"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM chittysync.endpoint_snapshots WHERE registry = 'demo_projects'"
                    + " AND record_key = '"
                    + approved
                    + "'"))
        .as("no endpoint holds the approved delete any more")
        .isZero();
    assertThat(
            query(
                "SELECT deleted::text FROM chittysync.canonical_records"
                    + " WHERE registry = 'demo_projects' AND record_key = '"
                    + approved
                    + "'"))
        .isEqualTo("true");
    for (String endpoint : List.of("notion", "sheet", "postgres")) {
      assertThat(
              count(
                  "SELECT count(*) FROM chittysync.endpoint_snapshots WHERE registry ="
                      + " 'demo_projects' AND endpoint = '"
                      + endpoint
                      + "' AND record_key IN "
                      + in))
          .as(endpoint + " holds the rejected ones")
          .isEqualTo(n - 1);
    }
    assertThat(
            count(
                "SELECT count(*) FROM chittysync.audit_entries"
                    + " WHERE type = 'dashboard.deletes_decided' AND actor = 'user:local operator'"))
        .isEqualTo(2);
  }

  @Test
  @Order(5)
  void anAuditEntryVerifiesInTheBrowserAndATamperedProofFails() {
    visit(base + "/audit");
    long checkpointed = count("SELECT max(tree_size) FROM chittysync.audit_checkpoints");
    assertThat(checkpointed).isPositive();
    long seq = checkpointed / 2;
    visit(base + "/audit/entries/" + seq);
    WebElement verdict = settledVerdict();
    assertThat(verdict.getAttribute("class")).contains("ok");
    assertThat(verdict.getText())
        .startsWith("Entry " + seq + " is included in the log of ")
        .contains("signed by chittysync-demo");

    String proof = driver.findElement(By.id("proof-text")).getAttribute("value");
    String[] lines = proof.split("\n", -1);
    String hash = lines[2]; // the first hash after the header and the index line
    char c = hash.charAt(10);
    lines[2] = hash.substring(0, 10) + (c == 'A' ? 'B' : 'A') + hash.substring(11);
    WebElement area = driver.findElement(By.id("proof-text"));
    driver.executeScript("arguments[0].value = arguments[1];", area, String.join("\n", lines));
    driver.findElement(By.id("verify-pasted")).click();
    WebElement red = settledVerdict();
    assertThat(red.getAttribute("class")).contains("fail");
    assertThat(red.getText()).contains("mismatch");
  }

  @Test
  @Order(6)
  void darkModeRenders() {
    colorScheme("dark");
    visit(base + "/");
    assertThat(bodyLuminance()).as("dark background").isLessThan(0.2);
    colorScheme("light");
    visit(base + "/");
    assertThat(bodyLuminance()).as("light background").isGreaterThan(0.8);
  }

  @Test
  @Order(7)
  void everyPageIsScreenshottedLightAndDark() {
    String registry = base + "/registries/" + PROJECTS;
    // The run of the demo's edits: a few ops of every kind (the first run copies every record).
    String runId =
        query(
            "SELECT r.run_id FROM chittysync.runs r JOIN chittysync.plan_ops o USING (plan_id)"
                + " WHERE r.registry = 'demo_projects' GROUP BY r.run_id, r.started_at"
                + " HAVING count(*) < 30 ORDER BY r.started_at LIMIT 1");
    assertThat(runId).isNotNull();
    String run = registry + "/runs/" + runId;
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("fleet", base + "/");
    pages.put("registry-status", registry);
    pages.put("registry-runs", registry + "/runs");
    pages.put("run", run);
    pages.put("registry-validation", registry + "/validation");
    pages.put("registry-drift", registry + "/drift");
    pages.put("registry-dead-letters", registry + "/dead-letters");
    pages.put("audit", base + "/audit");
    pages.put("audit-entry", base + "/audit/entries/1");
    // A drift check first, so that its page shows a report.
    visit(registry + "/drift");
    driver.findElement(By.xpath("//button[normalize-space()='Check now']")).click();
    waiting(60).until(d -> d.findElement(By.id("drift")).getText().contains("Last checked"));
    for (Map.Entry<String, String> page : pages.entrySet()) {
      visit(page.getValue());
      assertThat(driver.findElement(By.tagName("h1")).getText()).isNotBlank();
      screenshots(page.getKey());
    }
    for (String name : List.of("registry-conflicts", "registry-deletes")) {
      assertThat(IMAGES.resolve(name + "-light.png")).exists();
      assertThat(IMAGES.resolve(name + "-dark.png")).exists();
    }
  }

  @Test
  @Order(8)
  void noPageLoggedAContentSecurityPolicyViolation() {
    console.addAll(messages(driver));
    assertThat(
            console.stream()
                .filter(
                    m ->
                        m.contains("Content Security Policy")
                            || m.contains("Content-Security-Policy"))
                .toList())
        .isEmpty();
  }

  // ---------------------------------------------------------------- the browser

  private static ChromeDriver chrome() {
    return Browsers.chrome();
  }

  private static List<String> messages(ChromeDriver driver) {
    return Browsers.console(driver);
  }

  /** Opens {@code url}, keeping what the console said on the page before. */
  private void visit(String url) {
    console.addAll(messages(driver));
    driver.get(url);
  }

  private void colorScheme(String scheme) {
    Browsers.colorScheme(driver, scheme);
  }

  /** The current page, light and dark, full height, as {@code name-light.png}, {@code -dark}. */
  private void screenshots(String name) {
    String url = driver.getCurrentUrl();
    for (String scheme : List.of("light", "dark")) {
      colorScheme(scheme);
      visit(url);
      if (!driver.findElements(By.id("verdict")).isEmpty()) {
        settledVerdict();
      }
      if (!driver.findElements(By.cssSelector("[data-chart]")).isEmpty()) {
        waiting(10).until(d -> !d.findElements(By.cssSelector("[data-chart] canvas")).isEmpty());
      }
      Browsers.fullPageScreenshot(driver, IMAGES.resolve(name + "-" + scheme + ".png"));
    }
    colorScheme("light");
  }

  /** A wait that retries when htmx replaced an element while it was being read. */
  private WebDriverWait waiting(int seconds) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private WebElement settledVerdict() {
    WebElement verdict = driver.findElement(By.id("verdict"));
    waiting(15).until(d -> !verdict.getAttribute("class").contains("pending"));
    return verdict;
  }

  private double bodyLuminance() {
    String rgb =
        (String) driver.executeScript("return getComputedStyle(document.body).backgroundColor;");
    Matcher m = Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)").matcher(rgb);
    assertThat(m.find()).as(rgb).isTrue();
    double r = linear(Integer.parseInt(m.group(1)));
    double g = linear(Integer.parseInt(m.group(2)));
    double b = linear(Integer.parseInt(m.group(3)));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  private static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  /** The cells (after the name) of a registry's row on the fleet page. */
  private List<WebElement> fleetRow(String registry) {
    WebElement row =
        driver.findElement(
            By.xpath(
                "//table[contains(@class,'fleet')]//tr[th/a[normalize-space()='"
                    + registry
                    + "']]"));
    return row.findElements(By.tagName("td"));
  }

  /** Presses "Sync now" on the registry's Status tab; the demo syncs before it answers. */
  private void syncNow() {
    visit(base + "/registries/" + PROJECTS);
    driver.findElement(By.xpath("//button[normalize-space()='Sync now']")).click();
    waiting(60)
        .until(d -> d.findElement(By.id("sync-result")).getText().contains("Sync requested"));
  }

  private String csrfToken() {
    String headers = driver.findElement(By.tagName("body")).getAttribute("hx-headers");
    Matcher m = Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"").matcher(headers);
    assertThat(m.find()).as(headers).isTrue();
    return m.group(1);
  }

  // ---------------------------------------------------------------- HTTP without a browser

  private static Map<String, String> with(
      Map<String, String> headers, Consumer<Map<String, String>> change) {
    Map<String, String> copy = new HashMap<>(headers);
    change.accept(copy);
    return copy;
  }

  private static HttpResponse<String> post(String url, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST whose {@code Host} header is {@code host} (java.net.http does not let one set it). */
  private String rawPost(String host, String url, String body, Map<String, String> headers)
      throws IOException {
    URI uri = URI.create(url);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder();
    request.append("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host).append("\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("Content-Length: ").append(bytes.length).append("\r\n");
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // ---------------------------------------------------------------- the demo's database

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl());
  }

  private long openConflictId() throws SQLException {
    List<String> ids =
        column(
            "SELECT id FROM chittysync.conflicts WHERE registry = 'demo_projects'"
                + " AND record_key = 'P-0004' AND field = 'budget' AND status = 'open'");
    assertThat(ids).as("P-0004's budget conflict is open").hasSize(1);
    return Long.parseLong(ids.get(0));
  }

  private long count(String sql) {
    String value = query(sql);
    return value == null ? 0 : Long.parseLong(value);
  }

  private String query(String sql) {
    List<String> values = column(sql);
    assertThat(values).as(sql).hasSizeLessThanOrEqualTo(1);
    return values.isEmpty() ? null : values.get(0);
  }

  private List<String> column(String sql) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      fail(sql + ": " + e.getMessage());
      return List.of();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.execute();
    }
  }
}
