package com.chittysync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.state.Overview;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.chittysync.sync.state.jdbc.JdbcOverview;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every drift check is a run of kind drift, which the dashboard reads back as the last report. */
class DriftRecordingTest {
  @TempDir Path dir;
  private TestDatabase db;
  private Database database;
  private SyncService sync;
  private SyncConfig config;
  private Overview overview;

  @BeforeEach
  void open() throws Exception {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    sql(
        "CREATE TABLE people (id text PRIMARY KEY, name text);"
            + "CREATE TABLE contacts (contact_id text PRIMARY KEY, display_name text);"
            + "INSERT INTO people VALUES ('P1', 'Ann'), ('P2', 'Bob');"
            + "INSERT INTO contacts VALUES ('P1', 'Ann'), ('P2', 'Bob');");
    Files.writeString(dir.resolve("any.schema.json"), "{\"type\":\"object\"}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n  people:\n    schema: any.schema.json\n    key: id\n    endpoints:\n"
            + "      main: {type: postgres, table: people, fields: {id: id, name: name}}\n"
            + "      replica: {type: postgres, table: contacts, fields: {id: contact_id, name: display_name}}\n");
    Map<String, String> env = new HashMap<>(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    sync =
        new SyncService(
            Environment.of(env),
            database,
            new AuditLog(database, Clock.systemUTC()),
            Clock.systemUTC(),
            Set.of(new PostgresEndpointType(null)));
    config = sync.config(Optional.empty());
    overview = new JdbcOverview(database);
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  @Test
  void neverCheckedHasNoReport() {
    assertThat(overview.lastDrift("people")).isEmpty();
  }

  @Test
  void aCleanCheckIsConvergedWithNoDifferences() {
    SyncService.DriftReport report = sync.checkDrift(config, "people", "cli");
    assertThat(report.differences()).isEmpty();
    Overview.Run run = overview.lastDrift("people").orElseThrow();
    assertThat(run.runId()).isEqualTo(report.runId());
    assertThat(run.kind()).isEqualTo(RunKind.DRIFT);
    assertThat(run.status()).isEqualTo(RunStatus.CONVERGED);
    assertThat(run.trigger()).isEqualTo("cli");
    assertThat(run.fullScan()).isTrue();
    assertThat(run.finishedAt()).isPresent();
    assertThat(run.counts().path("differences").asInt()).isZero();
    assertThat(run.counts().path("details")).isEmpty();
    // A drift check looks only: the fleet's "last run" stays a syncing run (none here).
    assertThat(overview.line("people").orElseThrow().lastRun()).isEmpty();
  }

  @Test
  void differencesAreRecordedAsAttentionWithTheirDetails() {
    sql(
        "UPDATE contacts SET display_name = '<b>Bobby</b>' WHERE contact_id = 'P2';"
            + "DELETE FROM contacts WHERE contact_id = 'P1';");
    SyncService.DriftReport report = sync.checkDrift(config, "people", "dashboard");
    assertThat(report.differences()).hasSize(2);
    Overview.Run run = overview.lastDrift("people").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.ATTENTION);
    assertThat(run.trigger()).isEqualTo("dashboard");
    assertThat(run.counts().path("differences").asInt()).isEqualTo(2);
    JsonNode details = run.counts().path("details");
    assertThat(details).hasSize(2);
    assertThat(details.get(0).path("key").asText()).isEqualTo("P1");
    assertThat(details.get(0).path("endpoint").asText()).isEqualTo("replica");
    assertThat(details.get(0).path("field").isNull()).isTrue();
    assertThat(details.get(0).path("actual").asText()).isEqualTo("missing");
    assertThat(details.get(1).path("field").asText()).isEqualTo("name");
    assertThat(details.get(1).path("expected").asText()).isEqualTo("\"Bob\"");
    assertThat(details.get(1).path("actual").asText()).isEqualTo("\"<b>Bobby</b>\"");

    // Values are as the CLI prints them: JSON. The latest check wins.
    sql(
        "INSERT INTO contacts VALUES ('P1', 'Ann'); UPDATE contacts SET display_name = 'Bob' WHERE contact_id = 'P2';");
    UUID newer = sync.checkDrift(config, "people", "cli").runId();
    assertThat(overview.lastDrift("people").orElseThrow().runId()).isEqualTo(newer);
    assertThat(overview.lastDrift("people").orElseThrow().status()).isEqualTo(RunStatus.CONVERGED);
  }

  @Test
  void detailsKeepTheFirstFiveHundred() {
    List<SyncService.Difference> many =
        IntStream.range(0, 620)
            .mapToObj(i -> new SyncService.Difference("K" + i, "replica", "f", "a", "b"))
            .toList();
    JsonNode counts = SyncService.driftCounts(many);
    assertThat(counts.path("differences").asInt()).isEqualTo(620);
    assertThat(counts.path("details")).hasSize(SyncService.DRIFT_DETAILS);
    String longValue = "x".repeat(5000);
    JsonNode cut =
        SyncService.driftCounts(
            List.of(new SyncService.Difference("K", "replica", "f", longValue, "y")));
    assertThat(cut.at("/details/0/expected").asText()).hasSize(1001).endsWith("…");
  }

  @Test
  void aFailedCheckIsRecordedAsFailedAndThrown() {
    sql("DROP TABLE contacts");
    assertThatThrownBy(() -> sync.checkDrift(config, "people", "cli"))
        .isInstanceOf(RuntimeException.class);
    Overview.Run run = overview.lastDrift("people").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error()).isPresent();
  }

  private void sql(String statements) {
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(statements);
          }
          return null;
        });
  }
}
