package com.chittysync.functions.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.config.Environment;
import com.chittysync.functions.diff.DiffComponent;
import com.chittysync.functions.diff.DiffHandler;
import com.chittysync.functions.schedule.ScheduleComponent;
import com.chittysync.functions.schedule.ScheduleHandler;
import com.chittysync.observe.log.LogSettings;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.EmfCheck;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.LogLineCheck;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.SampleEvents;
import com.chittysync.testkit.Stdout;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestLambdaContext;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule, diff and apply handlers, each wired by its own Dagger component from environment
 * variables, fed the sample events of {@code events/} and then each other's events as moto's
 * EventBridge delivers them to an SQS queue.
 */
class PipelineHandlersTest {
  @TempDir Path dir;
  private TestDatabase db;
  private EventBusTap bus;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    db = TestPostgres.createDatabase();
    Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
    sql(
        "CREATE TABLE people_a (name text PRIMARY KEY, email text);"
            + "CREATE TABLE people_b (name text PRIMARY KEY, email text);"
            + "INSERT INTO people_a VALUES ('Ada', 'ada@example.com'), ('Bo', 'bo@example.com')");
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
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
    env.putAll(MotoServer.shared().env());
    env.putAll(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    bus = EventBusTap.create(env);
    env.put("CHITTYSYNC_EVENT_BUS", bus.bus());
  }

  @AfterEach
  void tearDown() {
    LogSettings.text();
    bus.close();
    db.close();
  }

  @Test
  void scheduleDiffAndApplyHandlersCarryASyncThroughTheBus() throws Exception {
    ScheduleHandler schedule = new ScheduleHandler(ScheduleComponent.create(env).scheduler());
    assertThat(schedule.handleRequest(sample("schedule", "scheduled.json"), null))
        .containsEntry("requested", List.of("people"));
    JsonNode requested = only(drain(), "SyncRequested");
    assertThat(requested.at("/detail/registry").asText()).isEqualTo("people");

    DiffHandler diff = new DiffHandler(DiffComponent.create(env).diffService());
    Map<String, Object> planned = diff.handleRequest(event(requested), null);
    assertThat(planned).containsEntry("status", "planned").containsEntry("ops", 2);
    JsonNode ready = only(drain(), "PlanReady");

    ApplyHandler apply = new ApplyHandler(ApplyComponent.create(env).applyService());
    assertThat(apply.handleRequest(event(ready), null))
        .containsEntry("status", "applied")
        .containsEntry("applied", 2);
    assertThat(only(drain(), "SyncCompleted").at("/detail/failed").asInt()).isZero();
    assertThat(count("people_b")).isEqualTo(2);
    // EventBridge delivers the same PlanReady again: nothing is applied twice.
    assertThat(apply.handleRequest(event(ready), null)).containsEntry("status", "duplicate");
    assertThat(count("people_b")).isEqualTo(2);
  }

  @Test
  void theSampleEventsParseAndAPlanThatDoesNotExistFailsTheInvocation() {
    Map<String, Object> answer =
        new DiffHandler(DiffComponent.create(env).diffService())
            .handleRequest(sample("diff", "sync-requested.json"), null);
    assertThat(answer).containsEntry("registry", "people").containsEntry("status", "planned");
    ApplyHandler apply = new ApplyHandler(ApplyComponent.create(env).applyService());
    assertThatThrownBy(() -> apply.handleRequest(sample("apply", "plan-ready.json"), null))
        .isInstanceOf(ChittySyncException.class)
        .hasMessageContaining("00000000-0000-0000-0000-000000000000");
    ScheduledEvent noPlan = sample("apply", "plan-ready.json");
    noPlan.getDetail().remove("plan_id");
    assertThatThrownBy(() -> apply.handleRequest(noPlan, null))
        .hasMessageContaining("PlanReady event has no 'plan_id'");
  }

  /** A value only a record holds: it must never reach a log line or a metric. */
  private static final String RECORD_VALUE = "zq-7731-only-in-a-record@example.com";

  @Test
  void theHandlersWriteJsonLogLinesAndEmfMetricsThatMatchWhatTheRunDid() throws Exception {
    sql("UPDATE people_a SET email = '" + RECORD_VALUE + "' WHERE name = 'Ada'");
    LogSettings.json();
    ScheduleHandler schedule = new ScheduleHandler(ScheduleComponent.create(env).scheduler());
    Stdout.Captured<Map<String, Object>> ticked =
        Stdout.of(
            () ->
                schedule.handleRequest(
                    sample("schedule", "scheduled.json"), TestLambdaContext.of("req-s", "s")));
    assertThat(ticked.result()).containsEntry("requested", List.of("people"));
    assertThat(LogLineCheck.violations(ticked.lines())).isEmpty();
    // Never ran: no staleness yet, and the stack-wide count is there (zero) for the alarm.
    assertThat(EmfCheck.sum(ticked.lines(), "RegistriesNotConverged", Map.of())).isZero();
    assertThat(EmfCheck.documents(ticked.lines())).hasSize(1);
    JsonNode requested = only(drain(), "SyncRequested");

    DiffHandler diff = new DiffHandler(DiffComponent.create(env).diffService());
    Stdout.Captured<Map<String, Object>> planned =
        Stdout.of(() -> diff.handleRequest(event(requested), TestLambdaContext.of("req-d", "d")));
    assertThat(planned.result()).containsEntry("ops", 2);
    assertThat(LogLineCheck.violations(planned.lines())).isEmpty();
    List<JsonNode> diffLog = LogLineCheck.logLines(planned.lines());
    assertThat(diffLog).isNotEmpty();
    assertThat(diffLog)
        .allSatisfy(
            line -> {
              assertThat(line.get("function").asText()).isEqualTo("diff");
              assertThat(line.get("request_id").asText()).isEqualTo("req-d");
              assertThat(line.get("registry").asText()).isEqualTo("people");
              assertThat(line.get("trigger").asText()).isEqualTo("schedule");
            });
    JsonNode ready = only(drain(), "PlanReady");
    String planId = ready.at("/detail/plan_id").asText();
    assertThat(diffLog.get(diffLog.size() - 1).get("plan_id").asText()).isEqualTo(planId);
    assertThat(diffLog.get(diffLog.size() - 1).get("run_id").asText()).isNotEmpty();
    Map<String, String> people = Map.of("registry", "people");
    assertThat(EmfCheck.sum(planned.lines(), "ConflictsHeld", people)).isZero();
    assertThat(EmfCheck.sum(planned.lines(), "DeletesHeld", people)).isZero();
    assertThat(EmfCheck.sum(planned.lines(), "RecordsQuarantined", people)).isZero();
    assertThat(EmfCheck.sum(planned.lines(), "PlanDuration", people)).isPositive();
    // The run goes on in the apply function: no outcome yet.
    assertThat(EmfCheck.sum(planned.lines(), "RunsConverged", people)).isZero();

    ApplyHandler apply = new ApplyHandler(ApplyComponent.create(env).applyService());
    Stdout.Captured<Map<String, Object>> applied =
        Stdout.of(() -> apply.handleRequest(event(ready), TestLambdaContext.of("req-a", "a")));
    assertThat(applied.result()).containsEntry("applied", 2);
    assertThat(LogLineCheck.violations(applied.lines())).isEmpty();
    assertThat(LogLineCheck.logLines(applied.lines()))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.get("plan_id").asText()).isEqualTo(planId));
    Map<String, String> endpointB = Map.of("registry", "people", "endpoint", "b");
    assertThat(EmfCheck.sum(applied.lines(), "OpsApplied", endpointB)).isEqualTo(2);
    assertThat(EmfCheck.sum(applied.lines(), "OpsFailed", endpointB)).isZero();
    assertThat(EmfCheck.sum(applied.lines(), "OpsStale", endpointB)).isZero();
    assertThat(EmfCheck.sum(applied.lines(), "RunsConverged", people)).isEqualTo(1);
    assertThat(EmfCheck.sum(applied.lines(), "RunsAttention", people)).isZero();
    assertThat(EmfCheck.sum(applied.lines(), "RunsFailed", people)).isZero();
    assertThat(EmfCheck.sum(applied.lines(), "ApplyDuration", people)).isNotNegative();
    drain();

    // A plan the state lacks fails the run: an ERROR line naming the error, RunsFailed 1.
    Stdout.Captured<Object> failed =
        Stdout.of(
            () -> {
              assertThatThrownBy(
                      () ->
                          apply.handleRequest(
                              sample("apply", "plan-ready.json"),
                              TestLambdaContext.of("req-f", "a")))
                  .isInstanceOf(ChittySyncException.class);
              return null;
            });
    assertThat(LogLineCheck.violations(failed.lines())).isEmpty();
    assertThat(LogLineCheck.logLines(failed.lines()))
        .anySatisfy(
            line -> {
              assertThat(line.get("level").asText()).isEqualTo("ERROR");
              assertThat(line.get("error").asText())
                  .startsWith(ChittySyncException.class.getName());
            });
    assertThat(EmfCheck.sum(failed.lines(), "RunsFailed", people)).isEqualTo(1);

    // The next tick sees the converged run: seconds since, and nobody over twice the schedule.
    Stdout.Captured<Map<String, Object>> next =
        Stdout.of(
            () ->
                schedule.handleRequest(
                    sample("schedule", "scheduled.json"), TestLambdaContext.of("req-t", "s")));
    assertThat(EmfCheck.sum(next.lines(), "SecondsSinceConverged", people)).isBetween(0.0, 60.0);
    assertThat(EmfCheck.sum(next.lines(), "RegistriesNotConverged", Map.of())).isZero();

    assertThat(String.join("\n", ticked.text(), planned.text(), applied.text(), next.text()))
        .as("keys only, never a record's value")
        .doesNotContain(RECORD_VALUE)
        .doesNotContain("bo@example.com");
  }

  @Test
  void aRegistryThatHasNotConvergedForTwiceItsScheduleIsCountedByTheTick() throws Exception {
    // A run that failed two minutes ago, and none converged since: over twice rate(1 minute).
    sql(
        "INSERT INTO chittysync.registries (name) VALUES ('people') ON CONFLICT DO NOTHING;"
            + "INSERT INTO chittysync.runs (run_id, registry, kind, trigger, status, started_at,"
            + " finished_at) VALUES (gen_random_uuid(), 'people', 'sync', 'schedule', 'failed',"
            + " now() - interval '150 seconds', now() - interval '149 seconds')");
    LogSettings.json();
    ScheduleHandler schedule = new ScheduleHandler(ScheduleComponent.create(env).scheduler());
    List<String> lines =
        Stdout.of(
                () ->
                    schedule.handleRequest(
                        sample("schedule", "scheduled.json"), TestLambdaContext.of("r", "s")))
            .lines();
    assertThat(LogLineCheck.violations(lines)).isEmpty();
    assertThat(EmfCheck.sum(lines, "RegistriesNotConverged", Map.of())).isEqualTo(1);
    assertThat(EmfCheck.sum(lines, "SecondsSinceConverged", Map.of("registry", "people")))
        .isBetween(149.0, 180.0);
    assertThat(LogLineCheck.logLines(lines))
        .anySatisfy(line -> assertThat(line.get("level").asText()).isEqualTo("WARN"));
  }

  private static ScheduledEvent sample(String function, String name) {
    return parse(SampleEvents.read(function, name));
  }

  private static ScheduledEvent event(JsonNode delivered) {
    return parse(delivered.toString());
  }

  private static ScheduledEvent parse(String json) {
    return LambdaEventSerializers.serializerFor(
            ScheduledEvent.class, PipelineHandlersTest.class.getClassLoader())
        .fromJson(json);
  }

  private static JsonNode only(List<JsonNode> events, String detailType) {
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("detail-type").asText()).isEqualTo(detailType);
    return events.get(0);
  }

  private List<JsonNode> drain() {
    return bus.drain();
  }

  private int count(String table) throws Exception {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void sql(String statements) throws Exception {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(statements);
    }
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(db.jdbcUrl());
  }
}
