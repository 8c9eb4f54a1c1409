package com.chittysync.sync.state.jdbc;

import com.chittysync.store.Database;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link RunLog} in {@code chittysync.runs}. */
public final class JdbcRunLog implements RunLog {
  private final Database database;

  public JdbcRunLog(Database database) {
    this.database = database;
  }

  @Override
  public List<RunSummary> recentRuns(Optional<String> registry, int limit) {
    return database.withConnection(
        c -> {
          List<RunSummary> out = new ArrayList<>();
          // The duration is taken by the database's clock, the one that stamped the start.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT run_id, registry, kind, trigger, status, started_at,"
                      + " round(extract(epoch FROM (coalesce(finished_at, now()) - started_at)) * 1000), counts::text, error"
                      + " FROM chittysync.runs WHERE (?::text IS NULL OR registry = ?) ORDER BY started_at DESC LIMIT ?")) {
            ps.setString(1, registry.orElse(null));
            ps.setString(2, registry.orElse(null));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new RunSummary(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        RunKind.fromWire(rs.getString(3)),
                        rs.getString(4),
                        RunStatus.fromWire(rs.getString(5)),
                        rs.getTimestamp(6).toInstant(),
                        Duration.ofMillis(rs.getLong(7)),
                        rs.getString(8),
                        Optional.ofNullable(rs.getString(9))));
              }
            }
          }
          return out;
        });
  }

  @Override
  public UUID startRun(String registry, RunKind kind, String trigger, boolean full) {
    UUID runId = UUID.randomUUID();
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.runs (run_id, registry, kind, trigger, status, full_scan) VALUES (?, ?, ?, ?, 'running', ?)")) {
            ps.setObject(1, runId);
            ps.setString(2, registry);
            ps.setString(3, kind.wire());
            ps.setString(4, trigger);
            ps.setBoolean(5, full);
            ps.executeUpdate();
          }
          return null;
        });
    return runId;
  }

  @Override
  public void finishRun(
      UUID runId, RunStatus status, JsonNode counts, UUID planId, String errorCode, String error) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.runs SET status = ?, counts = ?::jsonb, plan_id = ?, error_code = ?, error = ?, finished_at = now() WHERE run_id = ?")) {
            ps.setString(1, status.wire());
            ps.setString(2, counts.toString());
            ps.setObject(3, planId);
            ps.setString(4, errorCode);
            ps.setString(5, error);
            ps.setObject(6, runId);
            ps.executeUpdate();
          }
          return null;
        });
  }
}
