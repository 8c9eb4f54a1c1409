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
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.SampleEvents;
import com.chittysync.testkit.TestDatabase;
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
