package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.testkit.PgBouncer;
import com.chittysync.testkit.RepoPaths;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built {@code chittysync.jar}, run as a user runs it: a separate process, from the repository
 * root.
 */
class CliJarIT {
  private static final Path JAR = Path.of("target/chittysync.jar").toAbsolutePath();
  private TestDatabase db;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void freshDatabase() {
    assertThat(JAR).exists();
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private ProcessBuilder java(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(RepoPaths.root().toFile());
    pb.environment().remove("DATABASE_URL_UNPOOLED");
    pb.environment().putAll(env);
    return pb;
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    Process p = java(env, args).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, err);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void migrateThenHealthIsTheFirstRunStory() throws Exception {
    Result before = run(db.env(), "health");
    assertThat(before.exit()).isEqualTo(1);
    assertThat(Json.mapper().readTree(before.out()).get("status").asText()).isEqualTo("down");

    Result migrate = run(db.env(), "migrate");
    assertThat(migrate.exit()).as(migrate.err()).isZero();
    long migrations;
    try (var files = Files.list(RepoPaths.resolve("migrations"))) {
      migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
    assertThat(migrate.out()).contains("applied " + migrations + " migration(s)");
    assertThat(run(db.env(), "migrate").out()).contains("applied 0 migration(s)");

    Result health = run(db.env(), "health");
    assertThat(health.exit()).as(health.err()).isZero();
    JsonNode report = Json.mapper().readTree(health.out());
    assertThat(report.get("status").asText()).isEqualTo("ok");
    assertThat(report.at("/checks/migrations/status").asText()).isEqualTo("ok");
  }

  @Test
  void invokeRunsTheRealHandlerWithTheDefaultSampleEvent() throws Exception {
    run(db.env(), "migrate");
    Result invoke = run(db.env(), "invoke", "health");
    assertThat(invoke.exit()).as(invoke.err()).isZero();
    JsonNode response = Json.mapper().readTree(invoke.out());
    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(Json.mapper().readTree(response.get("body").asText()).get("status").asText())
        .isEqualTo("ok");

    Result post = run(db.env(), "invoke", "health", "--event", "events/health/post-health.json");
    assertThat(Json.mapper().readTree(post.out()).get("statusCode").asInt()).isEqualTo(405);
  }

  @Test
  void invokeRejectsAMalformedEventClearly() throws Exception {
    Path bad = Files.createTempFile("event", ".json");
    Files.writeString(bad, "{not json");
    Result result = run(db.env(), "invoke", "health", "--event", bad.toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("input.malformed: event file " + bad + " is not a valid event for 'health'");
  }

  @Test
  void serveRoutesHttpRequestsToTheHandler() throws Exception {
    run(db.env(), "migrate");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process serve =
        java(db.env(), "serve", "--port", String.valueOf(port)).redirectErrorStream(true).start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String first = lines.readLine();
      assertThat(first).isEqualTo("chittysync serving on http://127.0.0.1:" + port);
      String dashboard = lines.readLine();
      assertThat(dashboard)
          .matches(
              "Dashboard: http://127\\.0\\.0\\.1:"
                  + port
                  + "/login/local\\?token=[A-Za-z0-9_-]{43}  \\(one-time sign-in link\\)");
      assertThat(lines.readLine())
          .matches("API token for scripts \\(Authorization: Bearer\\): [A-Za-z0-9_-]{43}");
      HttpClient http = HttpClient.newHttpClient();
      // The dashboard: nobody signed in gets 401, the printed link signs in once.
      URI fleet = URI.create("http://127.0.0.1:" + port + "/");
      assertThat(
              http.send(HttpRequest.newBuilder(fleet).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      URI link = URI.create(dashboard.substring("Dashboard: ".length(), dashboard.indexOf("  (")));
      HttpResponse<String> signIn =
          http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(302);
      String cookie = signIn.headers().firstValue("set-cookie").orElseThrow();
      assertThat(cookie).startsWith("__Host-chittysync-session=").contains("HttpOnly");
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(fleet).header("cookie", cookie.split(";")[0]).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(page.body()).contains("<h1>Registries</h1>");
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Json.mapper().readTree(health.body()).get("status").asText()).isEqualTo("ok");
      HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/missing")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
    } finally {
      serve.destroy();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void healthWorksThroughPgBouncerWithMigrationsOnTheDirectUrl() throws Exception {
    Map<String, String> env = db.pooledEnv(PgBouncer.shared());
    Result migrate = run(env, "migrate");
    assertThat(migrate.exit()).as(migrate.err()).isZero();
    Result health = run(env, "health");
    assertThat(health.exit()).as(health.out() + health.err()).isZero();
  }

  @Test
  void unknownCommandExits2() throws Exception {
    Result result = run(db.env(), "frobnicate");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("Usage: chittysync");
  }

  @Test
  void brokenConfigurationFailsWithTheSettingNamed() throws Exception {
    Result result = run(Map.of("DATABASE_URL", "mysql://root:hunter2@h/db"), "migrate");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("config.invalid: DATABASE_URL: unsupported URL scheme 'mysql'")
        .doesNotContain("hunter2");
  }

  static {
    // Fail fast with a useful message rather than a confusing one when run outside Maven.
    if (!Files.exists(JAR)) {
      System.err.println("chittysync.jar not built yet: run 'mvn -B verify'");
    }
  }
}
