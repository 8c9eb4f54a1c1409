package com.chittysync.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.SnapshotLookup;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.state.jdbc.JdbcLeases;
import com.chittysync.sync.state.jdbc.JdbcPlanStates;
import com.chittysync.sync.state.jdbc.JdbcRegistryRows;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import com.chittysync.sync.state.jdbc.JdbcRunLog;
import com.chittysync.sync.state.jdbc.JdbcSnapshotLookup;
import com.chittysync.sync.state.jdbc.JdbcStateAdmin;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC state keeps the state interfaces' contracts on PostgreSQL. Each test gets a copy of a
 * database migrated once for the class. What runs write (runs, plans, review queues, snapshots) is
 * staged with SQL here, as the JDBC plan journal would write it.
 */
class JdbcStateTest extends StateBehaviour {
  private static TestDatabase template;

  /** The environment that points the state at {@code db}: directly, here. */
  Map<String, String> env(TestDatabase db) {
    return db.env();
  }

  private static synchronized TestDatabase template() {
    if (template == null) {
      template = TestPostgres.createDatabase();
      Migrator.of(DatabaseSettings.from(Environment.of(template.env()))).migrate();
    }
    return template;
  }

  @AfterAll
  static synchronized void dropTemplate() {
    if (template != null) {
      template.close();
      template = null;
    }
  }

  @Override
  Subject open() {
    TestDatabase db = TestPostgres.createDatabase(template());
    Database database = Database.open(DatabaseSettings.from(Environment.of(env(db))));
    return new JdbcSubject(db, database);
  }

  @Test
  void everyRunStatusAndKindIsOneTheRunsTableAccepts() {
    for (RunStatus status : RunStatus.values()) {
      for (RunKind kind : RunKind.values()) {
        assertThatCode(
                () -> {
                  UUID run = state.startRun("people", kind, "test", Instant.now());
                  state.finishRun(run, status, Json.mapper().createObjectNode(), Optional.empty());
                })
            .as("%s %s", kind, status)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void everyDeleteDecisionIsAStatusTheHeldDeletesTableAccepts() {
    for (DeleteDecision decision : DeleteDecision.values()) {
      long id = state.holdDelete("people", "k-" + decision, "a", "policy: hold");
      assertThat(state.review().decideDelete(id, decision, "ops")).as("%s", decision).isTrue();
    }
  }

  private static final class JdbcSubject implements Subject {
    private final TestDatabase db;
    private final Database database;

    JdbcSubject(TestDatabase db, Database database) {
      this.db = db;
      this.database = database;
    }

    @Override
    public Leases leases() {
      return new JdbcLeases(database);
    }

    @Override
    public RegistryRows registries() {
      return new JdbcRegistryRows(database);
    }

    @Override
    public ReviewQueue review() {
      return new JdbcReviewQueue(database);
    }

    @Override
    public RunLog runs() {
      return new JdbcRunLog(database);
    }

    @Override
    public PlanStates plans() {
      return new JdbcPlanStates(database);
    }

    @Override
    public SnapshotLookup snapshots() {
      return new JdbcSnapshotLookup(database);
    }

    @Override
    public StateAdmin admin() {
      return new JdbcStateAdmin(database);
    }

    private AuditLog audit;

    private AuditLog audit() {
      if (audit == null) {
        audit = new AuditLog(database, Clock.systemUTC());
      }
      return audit;
    }

    @Override
    public EngineState engine() {
      return EngineState.jdbc(database, audit());
    }

    @Override
    public long auditSize() {
      return audit().head().size();
    }

    @Override
    public UUID startRun(String registry, RunKind kind, String trigger, Instant startedAt) {
      UUID id = UUID.randomUUID();
      database.inTransaction(
          c -> {
            JdbcRegistryRows.ensure(c, registry);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO chittysync.runs (run_id, registry, kind, trigger, status, started_at)"
                        + " VALUES (?, ?, ?, ?, 'running', ?)")) {
              ps.setObject(1, id);
              ps.setString(2, registry);
              ps.setString(3, kind.wire());
              ps.setString(4, trigger);
              ps.setTimestamp(5, Timestamp.from(startedAt));
              ps.executeUpdate();
            }
            return null;
          });
      return id;
    }

    @Override
    public void finishRun(UUID runId, RunStatus status, JsonNode counts, Optional<String> error) {
      database.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE chittysync.runs SET status = ?, counts = ?::jsonb, error = ?,"
                        + " finished_at = now() WHERE run_id = ?")) {
              ps.setString(1, status.wire());
              ps.setString(2, counts.toString());
              ps.setString(3, error.orElse(null));
              ps.setObject(4, runId);
              ps.executeUpdate();
            }
            return null;
          });
    }

    @Override
    public void storePlan(UUID planId, String registry, PlanStatus status) {
      UUID run = startRun(registry, RunKind.SYNC, "test", Instant.now());
      database.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO chittysync.plans (plan_id, registry, run_id, generation, status)"
                        + " VALUES (?, ?, ?, (SELECT coalesce(max(generation), 0) + 1"
                        + " FROM chittysync.plans WHERE registry = ?), ?)")) {
              ps.setObject(1, planId);
              ps.setString(2, registry);
              ps.setObject(3, run);
              ps.setString(4, registry);
              ps.setString(5, status.wire());
              ps.executeUpdate();
            }
            return null;
          });
    }

    @Override
    public long openConflict(
        String registry, String recordKey, String field, JsonNode baseValue, JsonNode candidates) {
      return database.inTransaction(
          c -> {
            JdbcRegistryRows.ensure(c, registry);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO chittysync.conflicts (registry, record_key, field, base_value, candidates)"
                        + " VALUES (?, ?, ?, ?::jsonb, ?::jsonb) RETURNING id")) {
              ps.setString(1, registry);
              ps.setString(2, recordKey);
              ps.setString(3, field);
              ps.setString(4, baseValue == null ? null : baseValue.toString());
              ps.setString(5, candidates.toString());
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            }
          });
    }

    @Override
    public long holdDelete(
        String registry, String recordKey, String sourceEndpoint, String reason) {
      return database.inTransaction(
          c -> {
            JdbcRegistryRows.ensure(c, registry);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO chittysync.held_deletes (registry, record_key, source_endpoint, reason)"
                        + " VALUES (?, ?, ?, ?) RETURNING id")) {
              ps.setString(1, registry);
              ps.setString(2, recordKey);
              ps.setString(3, sourceEndpoint);
              ps.setString(4, reason);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            }
          });
    }

    @Override
    public void reportInvalid(String registry, String recordKey) {
      UUID run = startRun(registry, RunKind.SYNC, "test", Instant.now());
      database.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO chittysync.validation_reports (run_id, registry, endpoint, record_key, errors)"
                        + " VALUES (?, ?, 'a', ?, '[]')")) {
              ps.setObject(1, run);
              ps.setString(2, registry);
              ps.setString(3, recordKey);
              ps.executeUpdate();
            }
            return null;
          });
    }

    @Override
    public void putSnapshot(
        String registry, String endpoint, String recordKey, Optional<String> remoteId) {
      database.inTransaction(
          c -> {
            JdbcRegistryRows.ensure(c, registry);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO chittysync.endpoint_snapshots (registry, endpoint, record_key, remote_id, record, content_hash)"
                        + " VALUES (?, ?, ?, ?, '{}', '\\x00')")) {
              ps.setString(1, registry);
              ps.setString(2, endpoint);
              ps.setString(3, recordKey);
              ps.setString(4, remoteId.orElse(null));
              ps.executeUpdate();
            }
            return null;
          });
    }

    @Override
    public void close() {
      database.close();
      db.close();
    }
  }
}
