package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.lambda.FunctionLauncher;
import com.chittysync.emulators.lambda.InvocationResult;
import com.chittysync.emulators.lambda.RuntimeApiEmulator;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.RepoPaths;
import com.chittysync.testkit.SampleEvents;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every function's deployable jar, started the way Lambda starts it (the real runtime interface
 * client, a Runtime API to poll), answers its sample event. A jar that lacks a class its wiring
 * needs fails here at init, as it would in AWS, not in a unit test that runs on Maven's classpath.
 */
class FunctionJarsIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static TestDatabase db;
  private static EventBusTap bus;
  private static final Map<String, String> ENV = new HashMap<>();
  private static Path dir;

  @BeforeAll
  static void fixture() throws Exception {
    dir = Files.createTempDirectory("chittysync-jars");
    db = TestPostgres.createDatabase();
    Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE people_a (name text PRIMARY KEY, email text);"
              + "CREATE TABLE people_b (name text PRIMARY KEY, email text);"
              + "INSERT INTO people_a VALUES ('Ada', 'ada@example.com')");
    }
    Files.writeString(dir.resolve("any.schema.json"), "{\"type\":\"object\"}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n"
            + "  people:\n"
            + "    schema: any.schema.json\n"
            + "    key: name\n"
            + "    schedule: rate(1 minute)\n"
            + "    endpoints:\n"
            + "      a: {type: postgres, table: people_a, fields: {name: name, email: email}}\n"
            + "      b: {type: postgres, table: people_b, fields: {name: name, email: email}}\n");
    ENV.putAll(MotoServer.shared().env());
    ENV.putAll(db.env());
    ENV.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    ENV.put("CHITTYSYNC_NOTION_WEBHOOK_SECRET", "chittysync-test/" + UUID.randomUUID());
    bus = EventBusTap.create(ENV);
    ENV.put("CHITTYSYNC_EVENT_BUS", bus.bus());
  }

  @AfterAll
  static void close() {
    bus.close();
    db.close();
  }

  @Test
  void healthStartsAndAnswers200() throws Exception {
    JsonNode answer = response("health", "com.chittysync.functions.health.HealthHandler", "health");
    assertThat(answer.get("statusCode").asInt()).as(answer.toString()).isEqualTo(200);
  }

  @Test
  void webhookStartsAndStoresTheHandshakeToken() throws Exception {
    JsonNode answer =
        response("webhook", "com.chittysync.functions.webhook.WebhookHandler", "webhook");
    assertThat(answer.get("statusCode").asInt()).as(answer.toString()).isEqualTo(200);
  }

  @Test
  void apiStartsAndAnswersItsRoute() throws Exception {
    JsonNode answer = response("api", "com.chittysync.functions.api.ApiHandler", "api");
    // No checkpoint is signed yet: a 404 that says so is the route working.
    assertThat(answer.get("statusCode").asInt()).as(answer.toString()).isIn(200, 404);
    assertThat(answer.get("body").asText()).doesNotContain("internal");
  }

  @Test
  void scheduleDiffAndApplyStartAndCarryASync() throws Exception {
    JsonNode scheduled =
        response("schedule", "com.chittysync.functions.schedule.ScheduleHandler", "schedule");
    assertThat(scheduled.get("requested")).isNotNull();
    JsonNode planned = response("diff", "com.chittysync.functions.diff.DiffHandler", "diff");
    assertThat(planned.get("status").asText()).as(planned.toString()).isEqualTo("planned");
    ObjectNode planReady =
        (ObjectNode) Json.mapper().readTree(SampleEvents.read("apply", "plan-ready.json"));
    ((ObjectNode) planReady.get("detail")).put("plan_id", planned.get("plan_id").asText());
    JsonNode applied =
        invoke("apply", "com.chittysync.functions.apply.ApplyHandler", planReady.toString());
    assertThat(applied.get("status").asText()).as(applied.toString()).isEqualTo("applied");
    assertThat(applied.get("applied").asInt()).isEqualTo(1);
  }

  /** Invokes {@code function}'s jar with the first sample event of {@code events/<dir>/}. */
  private static JsonNode response(String function, String handler, String events)
      throws Exception {
    Path event = SampleEvents.of(events).get(0);
    return invoke(function, handler, Files.readString(event));
  }

  private static JsonNode invoke(String function, String handler, String event) throws Exception {
    Path jar =
        RepoPaths.resolve("functions/" + function + "/target/chittysync-" + function + ".jar");
    assertThat(jar).as("built by mvn package").exists();
    List<Path> classpath = new ArrayList<>(runtimeJars());
    classpath.add(jar);
    Path log = dir.resolve(function + ".log");
    try (RuntimeApiEmulator api = RuntimeApiEmulator.start("chittysync-" + function)) {
      Process process =
          FunctionLauncher.of("chittysync-" + function, handler + "::handleRequest")
              .classpath(classpath)
              .env(ENV)
              .taskRoot(Files.createTempDirectory(dir, function))
              .log(log)
              .start(api);
      try {
        InvocationResult result = api.invoke(event, LIMIT);
        assertThat(result.outcome())
            .as(function + ": " + result.body() + " " + Files.readString(log))
            .isEqualTo(InvocationResult.Outcome.RESPONSE);
        return Json.mapper().readTree(result.body());
      } finally {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * What Lambda's managed Java runtime provides beside a function's jar: the runtime interface
   * client and the libraries it brings, taken from this test's classpath.
   */
  private static List<Path> runtimeJars() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("aws-lambda-java-runtime-interface-client-")
          || name.startsWith("aws-lambda-java-serialization-")
          || name.startsWith("aws-lambda-java-core-")
          || name.startsWith("utils-lite-")) {
        jars.add(Path.of(entry));
      }
    }
    assertThat(jars).as("the runtime interface client on the test classpath").isNotEmpty();
    return jars;
  }
}
