package com.chittysync.sync.engine;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.store.BinaryCopy;
import com.chittysync.store.Database;
import com.chittysync.store.SqlWork;
import com.chittysync.sync.Record;
import com.chittysync.sync.endpoint.Op;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The engine's state in PostgreSQL: canonical records (the merge base), per-endpoint snapshots,
 * runs, and stored plans with their op journal. Bulk reads and writes go through one statement per
 * few thousand rows ({@code jsonb_to_recordset}), which is fast and safe behind a transaction-mode
 * pooler.
 */
public final class SyncStore {
  /** Rows per bulk statement. */
  static final int CHUNK = 5000;

  /** Plans larger than this refresh the planner's statistics of the plan tables. */
  private static final int ANALYZE_ABOVE = 5000;

  private final Database database;

  public SyncStore(Database database) {
    this.database = database;
  }

  /** The database. */
  public Database database() {
    return database;
  }

  /** A snapshot entry: the record an endpoint held at its last sync, and its identity there. */
  public record Snapshot(Optional<String> remoteId, Record record) {}

  /** Records the registry if it is new. */
  public void ensureRegistry(String registry) {
    database.inTransaction(
        c -> {
          ensureRegistry(c, registry);
          return null;
        });
  }

  /** Records the registry if it is new, inside the caller's transaction. */
  static void ensureRegistry(Connection c, String registry) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO chittysync.registries (name) VALUES (?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, registry);
      ps.executeUpdate();
    }
  }

  /** A snapshot entry by hash only: enough to tell that a fetched record did not change. */
  public record SnapshotHash(Optional<String> remoteId, byte[] hash) {}

  /** What {@code endpoint} held at its last sync, by key, as content hashes. */
  public Map<String, SnapshotHash> snapshotHashes(String registry, String endpoint) {
    return database.inTransaction(
        c -> {
          Map<String, SnapshotHash> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, remote_id, content_hash FROM chittysync.endpoint_snapshots WHERE registry = ? AND endpoint = ?")) {
            ps.setFetchSize(CHUNK * 4);
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(
                    rs.getString(1),
                    new SnapshotHash(Optional.ofNullable(rs.getString(2)), rs.getBytes(3)));
              }
            }
          }
          return out;
        });
  }

  /** The content hash of every live canonical record of {@code registry}. */
  public Map<String, byte[]> baseHashes(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, byte[]> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, content_hash FROM chittysync.canonical_records WHERE registry = ? AND NOT deleted")) {
            ps.setFetchSize(CHUNK * 4);
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getBytes(2));
              }
            }
          }
          return out;
        });
  }

  /** The live canonical records of {@code keys}. */
  public Map<String, Record> base(String registry, java.util.Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    return database.inTransaction(
        c -> {
          Map<String, Record> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, record::text FROM chittysync.canonical_records"
                      + " WHERE registry = ? AND NOT deleted AND record_key = ANY(?)")) {
            ps.setFetchSize(CHUNK);
            ps.setString(1, registry);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), record(rs.getString(1), rs.getString(2)));
              }
            }
          }
          return out;
        });
  }

  /** What {@code endpoint} held at its last sync for {@code keys}. */
  public Map<String, Snapshot> snapshots(
      String registry, String endpoint, java.util.Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    return database.inTransaction(
        c -> {
          Map<String, Snapshot> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  // A snapshot stored by hash only is the canonical record with that hash; while
                  // a crash leaves its plan unfinished, it is that plan's resolved record.
                  "SELECT s.record_key, s.remote_id, coalesce(s.record, c.record,"
                      + " (SELECT r.record FROM chittysync.plans p JOIN chittysync.plan_records r ON r.plan_id = p.plan_id"
                      + " WHERE p.registry = s.registry AND p.status = 'applying' AND r.record_key = s.record_key"
                      + " AND r.content_hash = s.content_hash LIMIT 1))::text"
                      + " FROM chittysync.endpoint_snapshots s LEFT JOIN chittysync.canonical_records c"
                      + " ON c.registry = s.registry AND c.record_key = s.record_key AND c.content_hash = s.content_hash"
                      + " WHERE s.registry = ? AND s.endpoint = ? AND s.record_key = ANY(?)")) {
            ps.setFetchSize(CHUNK);
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.setArray(3, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (rs.getString(3) == null) {
                  throw new ChittySyncException(
                      ErrorCode.INTERNAL,
                      "the state store holds endpoint "
                          + endpoint
                          + "'s snapshot of a record of registry '"
                          + registry
                          + "' by hash, but no record with that hash; run `chittysync sync --full`"
                          + " to read every endpoint again");
                }
                out.put(
                    rs.getString(1),
                    new Snapshot(
                        Optional.ofNullable(rs.getString(2)),
                        record(rs.getString(1), rs.getString(3))));
              }
            }
          }
          return out;
        });
  }

  static Record record(String key, String json) {
    try {
      JsonNode node = Json.mapper().readTree(json);
      Map<String, JsonNode> fields = new TreeMap<>();
      node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
      return new Record(key, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where an endpoint's last successful fetch left off.
   *
   * @param cursor the position its incremental fetch continues from
   * @param lastFullScan when it was last read in full
   */
  public record CursorState(Optional<String> cursor, Optional<java.time.Instant> lastFullScan) {}

  /** The fetch positions of {@code registry}'s endpoints, by endpoint. */
  public Map<String, CursorState> cursors(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, CursorState> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT endpoint, cursor, last_full_scan_at FROM chittysync.endpoint_cursors WHERE registry = ?")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                java.sql.Timestamp at = rs.getTimestamp(3);
                out.put(
                    rs.getString(1),
                    new CursorState(
                        Optional.ofNullable(rs.getString(2)),
                        Optional.ofNullable(at).map(java.sql.Timestamp::toInstant)));
              }
            }
          }
          return out;
        });
  }

  /** The endpoints that have ops of plan {@code planId} still to apply. */
  public java.util.Set<String> endpointsWithPendingOps(UUID planId) {
    return database.withConnection(
        c -> {
          java.util.Set<String> out = new java.util.HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT o.endpoint FROM chittysync.plan_ops o WHERE o.plan_id = ? GROUP BY o.endpoint"
                      + " HAVING count(*) > (SELECT coalesce(sum(cardinality(b.op_nos)), 0)"
                      + " FROM chittysync.plan_batches b WHERE b.plan_id = ? AND b.endpoint = o.endpoint)")) {
            ps.setObject(1, planId);
            ps.setObject(2, planId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  /** Records with plan {@code planId} where each endpoint's fetch left off. */
  void savePositions(UUID planId, Map<String, SyncEngine.Position> positions) {
    if (positions.isEmpty()) {
      return;
    }
    com.fasterxml.jackson.databind.node.ObjectNode json =
        com.chittysync.core.json.Json.mapper().createObjectNode();
    positions.forEach(
        (endpoint, position) ->
            json.putObject(endpoint)
                .put("cursor", position.cursor())
                .put("full_scan", position.fullScan()));
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.plans SET positions = ?::jsonb WHERE plan_id = ?")) {
            ps.setString(1, json.toString());
            ps.setObject(2, planId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** Records where {@code endpoint}'s fetch left off, and whether it was a full scan. */
  public void saveCursor(String registry, String endpoint, String cursor, boolean fullScan) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.endpoint_cursors (registry, endpoint, cursor, last_full_scan_at, updated_at)"
                      + " VALUES (?, ?, ?, CASE WHEN ? THEN now() END, now())"
                      + " ON CONFLICT (registry, endpoint) DO UPDATE SET cursor = EXCLUDED.cursor,"
                      + " last_full_scan_at = coalesce(EXCLUDED.last_full_scan_at, chittysync.endpoint_cursors.last_full_scan_at),"
                      + " updated_at = now()")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.setString(3, cursor);
            ps.setBoolean(4, fullScan);
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** Starts a run row; returns its id. */
  public UUID startRun(String registry, String kind, String trigger, boolean full) {
    UUID runId = UUID.randomUUID();
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.runs (run_id, registry, kind, trigger, status, full_scan) VALUES (?, ?, ?, ?, 'running', ?)")) {
            ps.setObject(1, runId);
            ps.setString(2, registry);
            ps.setString(3, kind);
            ps.setString(4, trigger);
            ps.setBoolean(5, full);
            ps.executeUpdate();
          }
          return null;
        });
    return runId;
  }

  /** Finishes a run row. */
  public void finishRun(
      UUID runId, String status, JsonNode counts, UUID planId, String errorCode, String error) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.runs SET status = ?, counts = ?::jsonb, plan_id = ?, error_code = ?, error = ?, finished_at = now() WHERE run_id = ?")) {
            ps.setString(1, status);
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

  /**
   * Whether the run that made plan {@code planId} left something for people (quarantined records,
   * held conflicts or deletes): applying every op of such a plan still does not converge.
   */
  public boolean planLeftAttention(UUID planId) {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT EXISTS (SELECT 1 FROM chittysync.runs WHERE plan_id = ? AND kind <> 'apply'"
                      + " AND status = 'attention')")) {
            ps.setObject(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
  }

  /** Stores {@code plan} and its contents in one transaction; supersedes older unapplied plans. */
  public void storePlan(Plan plan) {
    storePlan(plan, "planned", null);
  }

  /**
   * Stores {@code plan} with {@code status} ({@code planned}, or {@code applying} for a plan that
   * must be finished rather than superseded if this process dies), doing {@code also} in the same
   * transaction.
   */
  public void storePlan(Plan plan, String status, SqlWork<Void> also) {
    database.inTransaction(
        c -> {
          if (also != null) {
            also.run(c);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.plans SET status = 'superseded' WHERE registry = ? AND status = 'planned'")) {
            ps.setString(1, plan.registry());
            ps.executeUpdate();
          }
          ObjectNode summary = Json.mapper().createObjectNode();
          plan.ops().forEach((endpoint, ops) -> summary.set(endpoint, counts(ops)));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.plans (plan_id, registry, run_id, generation, status, dry_run, summary)"
                      + " SELECT ?, ?, ?, coalesce(max(generation), 0) + 1, ?, ?, ?::jsonb FROM chittysync.plans WHERE registry = ?")) {
            ps.setObject(1, plan.planId());
            ps.setString(2, plan.registry());
            ps.setObject(3, plan.runId());
            ps.setString(4, status);
            ps.setBoolean(5, plan.dryRun());
            ps.setString(6, summary.toString());
            ps.setString(7, plan.registry());
            ps.executeUpdate();
          }
          // An initial sync's plan settles every record of the registry: COPY, not INSERT, and
          // each record stored once (create ops and observations that match it refer to it).
          Map<String, Record> resolved = new HashMap<>();
          for (Resolution r : plan.settled()) {
            r.record().ifPresent(record -> resolved.put(r.key(), record));
          }
          try (BinaryCopy copy =
              BinaryCopy.open(
                  c,
                  "COPY chittysync.plan_ops (plan_id, op_no, endpoint, op, record_key, remote_id, precondition, changes)"
                      + " FROM STDIN (FORMAT binary)")) {
            for (Map.Entry<String, List<Op>> entry : plan.ops().entrySet()) {
              for (Op op : entry.getValue()) {
                copyOp(copy.row(8).uuid(plan.planId()), entry.getKey(), op, resolved);
              }
            }
            copy.finish();
          }
          try (BinaryCopy copy =
              BinaryCopy.open(
                  c,
                  "COPY chittysync.plan_records (plan_id, record_key, deleted, record, content_hash)"
                      + " FROM STDIN (FORMAT binary)")) {
            for (Resolution r : plan.settled()) {
              copy.row(5)
                  .uuid(plan.planId())
                  .text(r.key())
                  .bool(r.outcome() == Resolution.Outcome.DELETED)
                  .jsonb(r.record().map(Record::toJsonString).orElse(null))
                  .bytes(r.record().map(Record::contentHash).orElse(null));
            }
            copy.finish();
          }
          try (BinaryCopy copy =
              BinaryCopy.open(
                  c,
                  "COPY chittysync.plan_observations (plan_id, endpoint, record_key, remote_id, record, matches_resolved,"
                      + " content_hash) FROM STDIN (FORMAT binary)")) {
            for (Plan.Observation o : plan.observations()) {
              boolean matches =
                  o.record().isPresent() && sameFields(o.record().get(), resolved.get(o.key()));
              copy.row(7)
                  .uuid(plan.planId())
                  .text(o.endpoint())
                  .text(o.key())
                  .text(o.remoteId().orElse(null))
                  .jsonb(matches ? null : o.record().map(Record::toJsonString).orElse(null))
                  .bool(matches)
                  .bytes(matches ? null : o.record().map(Record::contentHash).orElse(null));
            }
            copy.finish();
          }
          if (plan.opCount() + plan.observations().size() > ANALYZE_ABOVE) {
            // Applying joins these tables; without statistics on rows this transaction just wrote
            // the planner takes them for empty and nests loops over them.
            try (var st = c.createStatement()) {
              st.execute(
                  "ANALYZE chittysync.plan_ops, chittysync.plan_records, chittysync.plan_observations");
            }
          }
          return null;
        });
  }

  static ObjectNode counts(List<Op> ops) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("create", ops.stream().filter(o -> o instanceof Op.Create).count());
    n.put("update", ops.stream().filter(o -> o instanceof Op.Update).count());
    n.put("delete", ops.stream().filter(o -> o instanceof Op.Delete).count());
    return n;
  }

  private static boolean sameFields(Record a, Record b) {
    return b != null && a.fields().equals(b.fields());
  }

  private static void copyOp(BinaryCopy row, String endpoint, Op op, Map<String, Record> resolved) {
    row.int4(op.opNo()).text(endpoint);
    if (op instanceof Op.Create create) {
      // Null changes: the create writes the plan's resolved record for the key.
      row.text("create")
          .text(op.key())
          .nul()
          .nul()
          .jsonb(
              sameFields(create.target(), resolved.get(op.key()))
                  ? null
                  : create.target().toJsonString());
    } else if (op instanceof Op.Update update) {
      ObjectNode changes = Json.mapper().createObjectNode();
      update.changes().forEach(changes::set);
      row.text("update")
          .text(op.key())
          .text(update.remoteId())
          .jsonb(update.expected().toJsonString())
          .jsonb(changes.toString());
    } else {
      Op.Delete delete = (Op.Delete) op;
      row.text("delete")
          .text(op.key())
          .text(delete.remoteId())
          .jsonb(delete.expected().toJsonString())
          .jsonb("{}");
    }
  }

  /** Reads an op back from its journal row. */
  static Op op(
      int opNo, String kind, String key, String remoteId, String precondition, String changes) {
    return switch (kind) {
      case "create" -> new Op.Create(opNo, key, record(key, changes));
      case "update" -> {
        Map<String, JsonNode> map = new TreeMap<>();
        try {
          Json.mapper()
              .readTree(changes)
              .fields()
              .forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        yield new Op.Update(opNo, key, remoteId, record(key, precondition), map);
      }
      default -> new Op.Delete(opNo, key, remoteId, record(key, precondition));
    };
  }

  /** Runs {@code sql} (one {@code ?::jsonb} parameter) over {@code rows} a chunk at a time. */
  static void bulk(Connection c, List<? extends JsonNode> rows, String sql) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Iterator<? extends JsonNode> it = rows.iterator();
      while (it.hasNext()) {
        ArrayNode chunk = Json.mapper().createArrayNode();
        while (it.hasNext() && chunk.size() < CHUNK) {
          chunk.add(it.next());
        }
        ps.setString(1, chunk.toString());
        ps.executeUpdate();
      }
    }
  }

  /** Plans of {@code registry} that started applying and did not finish (a crash), oldest first. */
  public List<UUID> unfinishedPlans(String registry) {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT plan_id FROM chittysync.plans WHERE registry = ? AND status = 'applying' ORDER BY generation")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              List<UUID> out = new ArrayList<>();
              while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
              }
              return out;
            }
          }
        });
  }

  /**
   * Keys of {@code registry} that wait for a person or for a person's decision to be applied: open
   * and decided conflicts, held and decided deletes, and records the last finished sync
   * quarantined. An incremental read rechecks them, so that every run sees them as they are: an
   * edit made while the key was held is in no snapshot, and a decision applied against the snapshot
   * alone would overwrite it.
   */
  public java.util.Set<String> keysAwaitingPeople(String registry) {
    return database.inTransaction(
        c -> {
          java.util.Set<String> out = new java.util.HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key FROM chittysync.conflicts WHERE registry = ? AND (status = 'open'"
                      + " OR (status = 'resolved' AND NOT jsonb_exists(coalesce(resolution, '{}'), 'applied')))"
                      + " UNION SELECT record_key FROM chittysync.held_deletes WHERE registry = ?"
                      + " AND status IN ('held', 'approved', 'rejected')"
                      + " UNION SELECT v.record_key FROM chittysync.validation_reports v WHERE v.registry = ?"
                      + " AND v.record_key IS NOT NULL AND v.run_id = (SELECT r.run_id FROM chittysync.runs r"
                      + " WHERE r.registry = ? AND r.kind IN ('sync', 'diff') AND r.finished_at IS NOT NULL"
                      + " AND r.status <> 'failed' ORDER BY r.started_at DESC LIMIT 1)")) {
            for (int i = 1; i <= 4; i++) {
              ps.setString(i, registry);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  /** Keys of {@code registry} whose delete is held and not yet decided. */
  public java.util.Set<String> heldDeleteKeys(String registry) {
    return database.inTransaction(
        c -> {
          java.util.Set<String> out = new java.util.HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key FROM chittysync.held_deletes WHERE registry = ? AND status = 'held'")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  /** Values people chose for held conflicts and not yet applied, by key and field. */
  public Map<String, Map<String, JsonNode>> decisions(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, Map<String, JsonNode>> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, field, resolution->'value' FROM chittysync.conflicts WHERE registry = ?"
                      + " AND status = 'resolved' AND jsonb_exists(resolution, 'value') AND NOT jsonb_exists(resolution, 'applied')")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                    .put(rs.getString(2), Json.mapper().readTree(rs.getString(3)));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return out;
        });
  }

  /**
   * Held deletes people decided and not yet applied: key to true (approved) or false (rejected).
   */
  public Map<String, Boolean> deleteDecisions(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, Boolean> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, status = 'approved' FROM chittysync.held_deletes WHERE registry = ? AND status IN ('approved', 'rejected')")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getBoolean(2));
              }
            }
          }
          return out;
        });
  }

  /**
   * Records what a run hands to people (quarantined records, held conflicts, held deletes) and
   * spends the decisions its plan used, closing what the endpoints settled by themselves.
   */
  public void recordAttention(Plan plan) {
    database.inTransaction(
        c -> {
          List<ObjectNode> invalid = new ArrayList<>();
          for (Plan.Invalid i : plan.invalid()) {
            ObjectNode row = Json.mapper().createObjectNode();
            row.put("endpoint", i.endpoint());
            row.put("record_key", i.key());
            ArrayNode errors = row.putArray("errors");
            i.errors()
                .forEach(e -> errors.addObject().put("path", e.path()).put("message", e.message()));
            invalid.add(row);
          }
          bulk(
              c,
              invalid,
              "INSERT INTO chittysync.validation_reports (run_id, registry, endpoint, record_key, errors)"
                  + " SELECT '"
                  + plan.runId()
                  + "'::uuid, "
                  + Applier.literal(plan.registry())
                  + ", x.endpoint, x.record_key, x.errors"
                  + " FROM jsonb_to_recordset(?::jsonb) AS x(endpoint text, record_key text, errors jsonb)");
          List<ObjectNode> conflicts = new ArrayList<>();
          for (Conflict conflict : plan.conflicts()) {
            if (!conflict.held()) {
              continue;
            }
            ObjectNode row = Json.mapper().createObjectNode();
            row.put("record_key", conflict.key());
            row.put("field", conflict.field());
            row.set("base_value", conflict.base());
            ObjectNode candidates = row.putObject("candidates");
            conflict.candidates().forEach(candidates::set);
            conflicts.add(row);
          }
          bulk(
              c,
              conflicts,
              "INSERT INTO chittysync.conflicts (registry, record_key, field, base_value, candidates, run_id)"
                  + " SELECT "
                  + Applier.literal(plan.registry())
                  + ", x.record_key, x.field, x.base_value, x.candidates, '"
                  + plan.runId()
                  + "'::uuid"
                  + " FROM jsonb_to_recordset(?::jsonb) AS x(record_key text, field text, base_value jsonb, candidates jsonb)"
                  + " ON CONFLICT (registry, record_key, field) WHERE status = 'open' DO UPDATE SET candidates = EXCLUDED.candidates, run_id = EXCLUDED.run_id");
          List<ObjectNode> held = new ArrayList<>();
          for (Resolution r : plan.heldDeletes()) {
            ObjectNode row = Json.mapper().createObjectNode();
            row.put("record_key", r.key());
            row.put("source_endpoint", String.join(",", r.deleteFrom()));
            row.put("reason", r.reason());
            held.add(row);
          }
          bulk(
              c,
              held,
              "INSERT INTO chittysync.held_deletes (registry, record_key, source_endpoint, reason, run_id)"
                  + " SELECT "
                  + Applier.literal(plan.registry())
                  + ", x.record_key, x.source_endpoint, x.reason, '"
                  + plan.runId()
                  + "'::uuid"
                  + " FROM jsonb_to_recordset(?::jsonb) AS x(record_key text, source_endpoint text, reason text)"
                  + " ON CONFLICT (registry, record_key) WHERE status = 'held' DO NOTHING");
          closeReviewed(c, plan);
          return null;
        });
  }

  /**
   * Closes the open conflicts and held deletes of keys the plan looked at again and no longer holds
   * for people: the endpoints came to agree, or the record went everywhere. Left open, they would
   * be listed for a decision nothing needs, and a later decision would overwrite what people did
   * since.
   */
  private static void closeReviewed(Connection c, Plan plan) throws SQLException {
    if (plan.reviewed().isEmpty()) {
      return;
    }
    List<String> heldKeys = new ArrayList<>();
    List<String> heldFields = new ArrayList<>();
    for (Conflict conflict : plan.conflicts()) {
      if (conflict.held()) {
        heldKeys.add(conflict.key());
        heldFields.add(conflict.field());
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE chittysync.conflicts SET status = 'resolved', resolved_at = now(),"
                + " resolution = jsonb_build_object('by', 'sync', 'superseded', true, 'applied', true, 'run_id', ?::text)"
                + " WHERE registry = ? AND status = 'open' AND record_key = ANY(?)"
                + " AND NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[]) AS h(k, f)"
                + " WHERE h.k = record_key AND h.f = field)")) {
      ps.setString(1, plan.runId().toString());
      ps.setString(2, plan.registry());
      ps.setArray(3, c.createArrayOf("text", plan.reviewed().toArray()));
      ps.setArray(4, c.createArrayOf("text", heldKeys.toArray()));
      ps.setArray(5, c.createArrayOf("text", heldFields.toArray()));
      ps.executeUpdate();
    }
    List<String> heldDeletes = plan.heldDeletes().stream().map(Resolution::key).toList();
    // A decision is spent by the first plan that looks at its key and holds nothing there: kept,
    // it would decide a later conflict or delete nobody has seen (a rejected delete, whose record
    // is only restored where it went missing, settles nothing and would stay pending forever).
    List<String> stillWaiting = new ArrayList<>(heldKeys);
    stillWaiting.addAll(heldDeletes);
    updateReviewed(
        c,
        plan,
        "UPDATE chittysync.conflicts SET resolution = resolution || '{\"applied\": true}'::jsonb"
            + " WHERE status = 'resolved' AND resolution IS NOT NULL"
            + " AND NOT jsonb_exists(resolution, 'applied')",
        stillWaiting);
    updateReviewed(
        c,
        plan,
        "UPDATE chittysync.held_deletes SET status = 'applied'"
            + " WHERE status IN ('approved', 'rejected')",
        stillWaiting);
    updateReviewed(
        c,
        plan,
        "UPDATE chittysync.held_deletes SET status = 'superseded', decided_at = now(),"
            + " decided_by = 'sync' WHERE status = 'held'",
        heldDeletes);
  }

  /**
   * Runs {@code update} (whose WHERE clause comes last) on the rows of the plan's registry whose
   * key the plan reviewed, except {@code except}.
   */
  private static void updateReviewed(Connection c, Plan plan, String update, List<String> except)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            update + " AND registry = ? AND record_key = ANY(?) AND NOT (record_key = ANY(?))")) {
      ps.setString(1, plan.registry());
      ps.setArray(2, c.createArrayOf("text", plan.reviewed().toArray()));
      ps.setArray(3, c.createArrayOf("text", except.toArray()));
      ps.executeUpdate();
    }
  }
}
