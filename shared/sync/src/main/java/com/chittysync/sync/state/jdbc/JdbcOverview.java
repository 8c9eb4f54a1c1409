package com.chittysync.sync.state.jdbc;

import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.sync.state.Leases;
import com.chittysync.sync.state.Overview;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Overview} over the engine's tables. Each query walks an index: runs by (registry,
 * started_at), the open-conflict and held-delete partial indexes, validation reports by run.
 */
public final class JdbcOverview implements Overview {
  private static final String RUN_COLUMNS =
      "run_id, registry, kind, trigger, status, full_scan, plan_id, counts::text, error_code, error,"
          + " started_at, finished_at";

  /** The kinds whose latest run tells how a registry is: what syncs, not what only looks. */
  private static final String SYNCING_KINDS = "('sync', 'diff', 'apply', 'write')";

  private static final String LINE_SQL =
      "SELECT r.name, lr.run_id, lr.registry, lr.kind, lr.trigger, lr.status, lr.full_scan, lr.plan_id,"
          + " lr.counts::text, lr.error_code, lr.error, lr.started_at, lr.finished_at,"
          + " l.holder, l.expires_at,"
          + " (SELECT count(*) FROM chittysync.conflicts c WHERE c.registry = r.name AND c.status = 'open'),"
          + " (SELECT count(*) FROM chittysync.held_deletes h WHERE h.registry = r.name AND h.status = 'held'),"
          + " (SELECT count(*) FROM chittysync.validation_reports v WHERE v.run_id = pr.run_id)"
          + " FROM chittysync.registries r"
          + " LEFT JOIN LATERAL (SELECT "
          + RUN_COLUMNS
          + " FROM chittysync.runs x WHERE x.registry = r.name AND x.kind IN "
          + SYNCING_KINDS
          + " ORDER BY x.started_at DESC LIMIT 1) lr ON true"
          + " LEFT JOIN LATERAL (SELECT y.run_id FROM chittysync.runs y WHERE y.registry = r.name"
          + " AND y.kind IN ('sync', 'diff') AND y.finished_at IS NOT NULL"
          + " ORDER BY y.started_at DESC LIMIT 1) pr ON true"
          + " LEFT JOIN chittysync.leases l ON l.registry = r.name AND l.expires_at > now()";

  private final Database database;

  public JdbcOverview(Database database) {
    this.database = database;
  }

  @Override
  public List<Line> fleet() {
    return database.withConnection(
        c -> {
          List<Line> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(LINE_SQL + " ORDER BY r.name");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(line(rs));
            }
          }
          return out;
        });
  }

  @Override
  public Optional<Line> line(String registry) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(LINE_SQL + " WHERE r.name = ?")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(line(rs)) : Optional.empty();
            }
          }
        });
  }

  private static Line line(ResultSet rs) throws SQLException {
    Optional<Run> last = rs.getObject(2) == null ? Optional.empty() : Optional.of(run(rs, 2));
    Optional<Leases.Holder> lease =
        rs.getString(14) == null
            ? Optional.empty()
            : Optional.of(new Leases.Holder(rs.getString(14), rs.getTimestamp(15).toInstant()));
    return new Line(rs.getString(1), last, lease, rs.getInt(16), rs.getInt(17), rs.getInt(18));
  }

  @Override
  public List<Run> runs(String registry, RunQuery query) {
    return database.withConnection(
        c -> {
          StringBuilder sql =
              new StringBuilder("SELECT ")
                  .append(RUN_COLUMNS)
                  .append(" FROM chittysync.runs WHERE registry = ?");
          List<Object> args = new ArrayList<>();
          args.add(registry);
          query.status().ifPresent(s -> add(sql, args, " AND status = ?", s.wire()));
          query.kind().ifPresent(k -> add(sql, args, " AND kind = ?", k.wire()));
          query.from().ifPresent(f -> add(sql, args, " AND started_at >= ?", Timestamp.from(f)));
          query.before().ifPresent(b -> add(sql, args, " AND started_at < ?", Timestamp.from(b)));
          sql.append(" ORDER BY started_at DESC LIMIT ?");
          args.add(query.limit());
          List<Run> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(run(rs, 1));
              }
            }
          }
          return out;
        });
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  @Override
  public Optional<Run> lastDrift(String registry) {
    // Walks runs_registry_started backwards from the newest run of the registry.
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + RUN_COLUMNS
                      + " FROM chittysync.runs WHERE registry = ? AND kind = 'drift'"
                      + " ORDER BY started_at DESC LIMIT 1")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(run(rs, 1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Optional<Run> run(UUID runId) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + RUN_COLUMNS + " FROM chittysync.runs WHERE run_id = ?")) {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(run(rs, 1)) : Optional.empty();
            }
          }
        });
  }

  private static Run run(ResultSet rs, int at) throws SQLException {
    Timestamp finished = rs.getTimestamp(at + 11);
    return new Run(
        rs.getObject(at, UUID.class),
        rs.getString(at + 1),
        RunKind.fromWire(rs.getString(at + 2)),
        rs.getString(at + 3),
        RunStatus.fromWire(rs.getString(at + 4)),
        rs.getBoolean(at + 5),
        Optional.ofNullable(rs.getObject(at + 6, UUID.class)),
        json(rs.getString(at + 7)),
        Optional.ofNullable(rs.getString(at + 8)),
        Optional.ofNullable(rs.getString(at + 9)),
        rs.getTimestamp(at + 10).toInstant(),
        finished == null ? Optional.empty() : Optional.of(finished.toInstant()));
  }

  @Override
  public Optional<Plan> plan(UUID planId, int limit) {
    return database.withConnection(
        c -> {
          Plan head;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT status, dry_run, summary::text, created_at, applied_at,"
                      + " (SELECT count(*) FROM chittysync.plan_ops o WHERE o.plan_id = p.plan_id)"
                      + " FROM chittysync.plans p WHERE plan_id = ?")) {
            ps.setObject(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              Timestamp applied = rs.getTimestamp(5);
              head =
                  new Plan(
                      planId,
                      PlanStatus.fromWire(rs.getString(1)),
                      rs.getBoolean(2),
                      json(rs.getString(3)),
                      rs.getTimestamp(4).toInstant(),
                      applied == null ? Optional.empty() : Optional.of(applied.toInstant()),
                      List.of(),
                      rs.getInt(6));
            }
          }
          return Optional.of(
              new Plan(
                  head.planId(),
                  head.status(),
                  head.dryRun(),
                  head.summary(),
                  head.createdAt(),
                  head.appliedAt(),
                  ops(c, planId, limit),
                  head.totalOps()));
        });
  }

  private static List<PlanOp> ops(Connection c, UUID planId, int limit) throws SQLException {
    List<PlanOp> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            // A create whose record is the plan's resolved record stores no changes of its own
            // (the journal keeps that record once, in plan_records): its fields are that record's.
            "SELECT o.op_no, o.endpoint, o.op, o.record_key, coalesce(o.changes, r.record)::text,"
                + " s.status, s.error"
                + " FROM (SELECT * FROM chittysync.plan_ops WHERE plan_id = ? ORDER BY op_no LIMIT ?) o"
                + " JOIN chittysync.plan_op_status s ON s.plan_id = o.plan_id AND s.op_no = o.op_no"
                + " LEFT JOIN chittysync.plan_records r ON r.plan_id = o.plan_id AND r.record_key = o.record_key"
                + " ORDER BY o.op_no")) {
      ps.setObject(1, planId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> fields = new ArrayList<>();
          Iterator<String> names = json(rs.getString(5)).fieldNames();
          names.forEachRemaining(fields::add);
          out.add(
              new PlanOp(
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  List.copyOf(fields),
                  rs.getString(6),
                  Optional.ofNullable(rs.getString(7))));
        }
      }
    }
    return out;
  }

  @Override
  public List<Endpoint> endpoints(String registry) {
    return database.withConnection(
        c -> {
          List<Endpoint> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT e.endpoint, (SELECT count(*) FROM chittysync.endpoint_snapshots s"
                      + " WHERE s.registry = e.registry AND s.endpoint = e.endpoint),"
                      + " (SELECT max(s.seen_at) FROM chittysync.endpoint_snapshots s"
                      + " WHERE s.registry = e.registry AND s.endpoint = e.endpoint),"
                      + " c.cursor, c.last_full_scan_at"
                      + " FROM (SELECT DISTINCT registry, endpoint FROM chittysync.endpoint_cursors WHERE registry = ?"
                      + " UNION SELECT registry, endpoint FROM (SELECT DISTINCT ON (endpoint) registry, endpoint"
                      + " FROM chittysync.endpoint_snapshots WHERE registry = ?) d) e"
                      + " LEFT JOIN chittysync.endpoint_cursors c ON c.registry = e.registry AND c.endpoint = e.endpoint"
                      + " ORDER BY e.endpoint")) {
            ps.setString(1, registry);
            ps.setString(2, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Timestamp seen = rs.getTimestamp(3);
                Timestamp full = rs.getTimestamp(5);
                out.add(
                    new Endpoint(
                        rs.getString(1),
                        rs.getLong(2),
                        seen == null ? Optional.empty() : Optional.of(seen.toInstant()),
                        Optional.ofNullable(rs.getString(4)),
                        full == null ? Optional.empty() : Optional.of(full.toInstant())));
              }
            }
          }
          return out;
        });
  }

  @Override
  public List<Quarantined> quarantine(String registry, Optional<String> keyContains, int limit) {
    return database.withConnection(
        c -> {
          List<Quarantined> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT v.id, v.run_id, v.endpoint, v.record_key, v.remote_id, v.errors::text, v.created_at"
                      + " FROM chittysync.validation_reports v WHERE v.run_id = ("
                      + "SELECT y.run_id FROM chittysync.runs y WHERE y.registry = ?"
                      + " AND y.kind IN ('sync', 'diff') AND y.finished_at IS NOT NULL"
                      + " ORDER BY y.started_at DESC LIMIT 1)"
                      + " AND (?::text IS NULL OR strpos(v.record_key, ?) > 0)"
                      + " ORDER BY v.endpoint, v.record_key NULLS FIRST, v.id LIMIT ?")) {
            ps.setString(1, registry);
            ps.setString(2, keyContains.orElse(null));
            ps.setString(3, keyContains.orElse(null));
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Quarantined(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        Optional.ofNullable(rs.getString(4)),
                        Optional.ofNullable(rs.getString(5)),
                        json(rs.getString(6)),
                        rs.getTimestamp(7).toInstant()));
              }
            }
          }
          return out;
        });
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return Json.mapper().createObjectNode();
    }
    try {
      return Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the state database holds JSON it cannot parse", e);
    }
  }
}
