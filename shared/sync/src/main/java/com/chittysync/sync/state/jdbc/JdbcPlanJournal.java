package com.chittysync.sync.state.jdbc;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.store.BinaryCopy;
import com.chittysync.store.Database;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.Resolution;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.PlanSupersededException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@link PlanJournal} in {@code chittysync.plans}, {@code plan_ops}, {@code plan_records}, {@code
 * plan_observations} and {@code plan_batches}. Bulk writes go through COPY or one statement per few
 * thousand rows; a batch's outcome, its snapshots and its audit entries commit together, the audit
 * log joining this transaction.
 */
public final class JdbcPlanJournal implements PlanJournal {
  /** Content hash of the empty record a deleted key's canonical row keeps. */
  private static final String EMPTY_HASH_HEX =
      HexFormat.of().formatHex(new CanonicalRecord("", Map.of()).contentHash());

  /** Plans larger than this refresh the planner's statistics of the plan tables. */
  private static final int ANALYZE_ABOVE = 5000;

  private final Database database;
  private final AuditLog audit;

  public JdbcPlanJournal(Database database, AuditLog audit) {
    this.database = database;
    this.audit = audit;
  }

  @Override
  public void store(Plan plan, PlanStatus status, Acceptance acceptance) {
    database.inTransaction(
        c -> {
          if (acceptance != null) {
            if (acceptance.work() != null) {
              acceptance.work().run(c);
            }
            audit.append(c, acceptance.entries());
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.plans SET status = 'superseded' WHERE registry = ? AND status = 'planned'")) {
            ps.setString(1, plan.registry());
            ps.executeUpdate();
          }
          ObjectNode summary = summary(plan.opCounts());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.plans (plan_id, registry, run_id, generation, status, dry_run, summary)"
                      + " SELECT ?, ?, ?, coalesce(max(generation), 0) + 1, ?, ?, ?::jsonb FROM chittysync.plans WHERE registry = ?")) {
            ps.setObject(1, plan.planId());
            ps.setString(2, plan.registry());
            ps.setObject(3, plan.runId());
            ps.setString(4, status.wire());
            ps.setBoolean(5, plan.dryRun());
            ps.setString(6, summary.toString());
            ps.setString(7, plan.registry());
            ps.executeUpdate();
          }
          copyContents(c, plan);
          if (plan.opCount() + plan.observations().size() > ANALYZE_ABOVE) {
            analyze(c);
          }
          return null;
        });
  }

  private static ObjectNode summary(Map<String, Plan.OpCounts> counts) {
    ObjectNode summary = Json.mapper().createObjectNode();
    counts.forEach(
        (endpoint, n) ->
            summary
                .putObject(endpoint)
                .put("create", n.create())
                .put("update", n.update())
                .put("delete", n.delete()));
    return summary;
  }

  @Override
  public Plan storeInParts(Header header, PlanStatus status, Function<PlanParts, Plan> build) {
    // Superseded until the last part is in: a process that dies while making it leaves a plan
    // that nothing applies, and no transaction stays open while the plan is made.
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.plans (plan_id, registry, run_id, generation, status, dry_run, summary)"
                      + " SELECT ?, ?, ?, coalesce(max(generation), 0) + 1, 'superseded', ?, '{}'::jsonb"
                      + " FROM chittysync.plans WHERE registry = ?")) {
            ps.setObject(1, header.planId());
            ps.setString(2, header.registry());
            ps.setObject(3, header.runId());
            ps.setBoolean(4, header.dryRun());
            ps.setString(5, header.registry());
            ps.executeUpdate();
          }
          return null;
        });
    long[] rows = new long[1];
    Plan rest =
        build.apply(
            part -> {
              if (part.settled().isEmpty()
                  && part.observations().isEmpty()
                  && part.opCount() == 0) {
                return;
              }
              database.inTransaction(
                  c -> {
                    copyContents(c, part);
                    return null;
                  });
              rows[0] += part.opCount() + part.observations().size();
            });
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.plans SET status = 'superseded' WHERE registry = ? AND status = 'planned'")) {
            ps.setString(1, header.registry());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.plans SET status = ?, summary = ?::jsonb WHERE plan_id = ?")) {
            ps.setString(1, status.wire());
            ps.setString(2, summary(rest.opCounts()).toString());
            ps.setObject(3, header.planId());
            ps.executeUpdate();
          }
          if (rows[0] > ANALYZE_ABOVE) {
            analyze(c);
          }
          return null;
        });
    return rest;
  }

  private static void analyze(Connection c) throws SQLException {
    // Applying joins these tables; without statistics on rows just written the planner takes
    // them for empty and nests loops over them.
    try (var st = c.createStatement()) {
      st.execute(
          "ANALYZE chittysync.plan_ops, chittysync.plan_records, chittysync.plan_observations");
    }
  }

  /** Copies {@code plan}'s ops, settled records and observations into the journal's tables. */
  private static void copyContents(Connection c, Plan plan) throws SQLException {
    // An initial sync's plan settles every record of the registry: COPY, not INSERT, and
    // each record stored once (create ops and observations that match it refer to it).
    Map<String, CanonicalRecord> resolved = new HashMap<>();
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
            .jsonb(r.record().map(CanonicalRecord::toJsonString).orElse(null))
            .bytes(r.record().map(CanonicalRecord::contentHash).orElse(null));
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
            .jsonb(matches ? null : o.record().map(CanonicalRecord::toJsonString).orElse(null))
            .bool(matches)
            .bytes(matches ? null : o.record().map(CanonicalRecord::contentHash).orElse(null));
      }
      copy.finish();
    }
  }

  private static boolean sameFields(CanonicalRecord a, CanonicalRecord b) {
    return b != null && a.fields().equals(b.fields());
  }

  private static void copyOp(
      BinaryCopy row, String endpoint, Op op, Map<String, CanonicalRecord> resolved) {
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

  @Override
  public void savePositions(UUID planId, Map<String, Position> positions) {
    if (positions.isEmpty()) {
      return;
    }
    com.fasterxml.jackson.databind.node.ObjectNode json = Json.mapper().createObjectNode();
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

  @Override
  public Begun begin(UUID planId, String registry, Collection<String> endpoints, boolean fresh) {
    begin(planId, registry, fresh);
    Map<String, List<Op>> pending = new LinkedHashMap<>();
    Map<String, byte[]> resolved = new HashMap<>();
    if (!fresh) {
      for (String endpoint : endpoints) {
        pending.put(endpoint, pendingOps(planId, endpoint, resolved));
      }
    }
    return new Begun(pending, resolved);
  }

  private void begin(UUID planId, String registry, boolean fresh) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT status, registry, generation FROM chittysync.plans WHERE plan_id = ? FOR UPDATE")) {
            ps.setObject(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new ChittySyncException(ErrorCode.SYNC_FAILED, "no plan " + planId);
              }
              if (!rs.getString(2).equals(registry)) {
                throw new ChittySyncException(
                    ErrorCode.SYNC_FAILED,
                    "plan " + planId + " belongs to registry '" + rs.getString(2) + "'");
              }
              String status = rs.getString(1);
              if (fresh && !status.equals("planned") && !status.equals("applying")) {
                throw new ChittySyncException(
                    ErrorCode.INTERNAL, "plan " + planId + " is " + status + ", not new");
              }
              if (status.equals("superseded")) {
                throw new PlanSupersededException(planId);
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.plans SET status = 'applying' WHERE plan_id = ? AND status = 'planned'")) {
            ps.setObject(1, planId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  /**
   * The ops of {@code endpoint} still to apply; adds their keys' resolved hashes to {@code
   * resolved}.
   */
  @Override
  public Begun pendingOps(UUID planId, String endpoint, int afterOpNo, int limit) {
    Map<String, byte[]> resolved = new HashMap<>();
    Map<String, List<Op>> pending = new LinkedHashMap<>();
    pending.put(endpoint, pendingOps(planId, endpoint, resolved, afterOpNo, limit));
    return new Begun(pending, resolved);
  }

  private List<Op> pendingOps(UUID planId, String endpoint, Map<String, byte[]> resolved) {
    return pendingOps(planId, endpoint, resolved, -1, Integer.MAX_VALUE);
  }

  private List<Op> pendingOps(
      UUID planId, String endpoint, Map<String, byte[]> resolved, int afterOpNo, int limit) {
    return database.inTransaction(
        c -> {
          List<Op> ops = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT o.op_no, o.op, o.record_key, o.remote_id, o.precondition::text, coalesce(o.changes, r.record)::text, r.content_hash"
                      + " FROM chittysync.plan_ops o LEFT JOIN chittysync.plan_records r"
                      + " ON r.plan_id = o.plan_id AND r.record_key = o.record_key"
                      + " WHERE o.plan_id = ? AND o.endpoint = ? AND o.op_no > ? AND o.op_no NOT IN (SELECT unnest(b.op_nos)"
                      // A batch's ops are in op order: one whose last is not above the chunk's
                      // start holds none of the chunk.
                      + " FROM chittysync.plan_batches b WHERE b.plan_id = ? AND b.endpoint = ?"
                      + " AND b.op_nos[cardinality(b.op_nos)] > ?) ORDER BY o.op_no LIMIT ?")) {
            ps.setFetchSize(JdbcRows.CHUNK);
            ps.setObject(1, planId);
            ps.setString(2, endpoint);
            ps.setInt(3, afterOpNo);
            ps.setObject(4, planId);
            ps.setString(5, endpoint);
            ps.setInt(6, afterOpNo);
            ps.setInt(7, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ops.add(
                    JdbcRows.op(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)));
                byte[] hash = rs.getBytes(7);
                if (hash != null) {
                  resolved.put(rs.getString(3), hash);
                }
              }
            }
          }
          return ops;
        });
  }

  @Override
  public void recordBatch(UUID planId, String registry, String endpoint, Batch batch) {
    // The batch's outcome: the ops it settled, and those it did not apply with why.
    ObjectNode unsettled = Json.mapper().createObjectNode();
    batch
        .unsettled()
        .forEach(
            (opNo, u) ->
                unsettled
                    .putObject(Integer.toString(opNo))
                    .put("status", u.status().wire())
                    .put("error", u.error()));
    Integer[] settled = batch.opNos().toArray(Integer[]::new);
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.plan_batches (plan_id, endpoint, first_op, op_nos, unsettled)"
                      + " VALUES (?, ?, ?, ?, ?::jsonb)")) {
            ps.setObject(1, planId);
            ps.setString(2, endpoint);
            ps.setInt(3, settled[0]);
            ps.setArray(4, c.createArrayOf("integer", settled));
            ps.setString(5, unsettled.toString());
            ps.executeUpdate();
          }
          upsertSnapshots(c, registry, endpoint, batch.upserts());
          deleteSnapshots(c, registry, endpoint, batch.deletes());
          audit.append(c, batch.entries());
          return null;
        });
  }

  private static void upsertSnapshots(
      Connection c, String registry, String endpoint, List<SnapshotRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    // Staged with COPY, then merged in one statement: a batch holds thousands of records. The
    // staging table lives only until the transaction ends, so no state outlives it on a pooled
    // connection.
    try (var st = c.createStatement()) {
      st.execute(
          "CREATE TEMP TABLE snapshot_stage (record_key text, remote_id text, record jsonb, content_hash bytea)"
              + " ON COMMIT DROP");
    }
    try (BinaryCopy copy =
        BinaryCopy.open(
            c,
            "COPY snapshot_stage (record_key, remote_id, record, content_hash) FROM STDIN (FORMAT binary)")) {
      for (SnapshotRow row : rows) {
        copy.row(4).text(row.key()).text(row.remoteId()).jsonb(row.recordJson()).bytes(row.hash());
      }
      copy.finish();
    }
    try (var st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO chittysync.endpoint_snapshots (registry, endpoint, record_key, remote_id, record, content_hash, seen_at)"
              + " SELECT "
              + JdbcRows.literal(registry)
              + ", "
              + JdbcRows.literal(endpoint)
              + ", x.record_key, x.remote_id, x.record, x.content_hash, now()"
              + " FROM snapshot_stage x"
              + " ON CONFLICT (registry, endpoint, record_key) DO UPDATE SET remote_id = EXCLUDED.remote_id, record = EXCLUDED.record,"
              + " content_hash = EXCLUDED.content_hash, seen_at = EXCLUDED.seen_at");
      st.execute("DROP TABLE snapshot_stage");
    }
  }

  private static void deleteSnapshots(
      Connection c, String registry, String endpoint, List<String> keys) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM chittysync.endpoint_snapshots WHERE registry = ? AND endpoint = ? AND record_key = ANY(?)")) {
      ps.setString(1, registry);
      ps.setString(2, endpoint);
      ps.setArray(3, c.createArrayOf("text", keys.toArray()));
      ps.executeUpdate();
    }
  }

  @Override
  public void finish(UUID planId, String registry) {
    database.inTransaction(
        c -> {
          String p = "'" + planId + "'::uuid";
          try (var st = c.createStatement()) {
            // Set-based statements over one plan's rows: the journal's statistics predate
            // this apply (every op was pending then), and a nested loop on that estimate is
            // quadratic in the plan's size.
            st.execute("SET LOCAL enable_nestloop = off");
            // The ops this plan applied, from its batches' outcomes.
            st.execute(
                "CREATE TEMP TABLE applied_ops ON COMMIT DROP AS SELECT o.endpoint, o.record_key"
                    + " FROM chittysync.plan_ops o JOIN (SELECT b.endpoint, unnest(b.op_nos) AS op_no, b.unsettled"
                    + " FROM chittysync.plan_batches b WHERE b.plan_id = "
                    + p
                    + ") x ON x.endpoint = o.endpoint AND x.op_no = o.op_no"
                    + " WHERE o.plan_id = "
                    + p
                    + " AND NOT x.unsettled ? o.op_no::text");
            st.execute("ANALYZE applied_ops");
            // A snapshot stored by hash only is the canonical record it hashes to. Where this
            // plan changes that canonical record, such snapshots take their record first.
            st.executeUpdate(
                "UPDATE chittysync.endpoint_snapshots s SET record = c.record"
                    + " FROM chittysync.canonical_records c JOIN chittysync.plan_records r"
                    + " ON r.plan_id = "
                    + p
                    + " AND r.record_key = c.record_key"
                    + " WHERE c.registry = "
                    + JdbcRows.literal(registry)
                    + " AND s.registry = c.registry AND s.record_key = c.record_key"
                    + " AND s.record IS NULL AND s.content_hash = c.content_hash"
                    + " AND r.content_hash IS DISTINCT FROM c.content_hash");
            // The canonical state the plan settled.
            st.executeUpdate(
                "INSERT INTO chittysync.canonical_records (registry, record_key, record, content_hash, deleted, updated_at)"
                    + " SELECT "
                    + JdbcRows.literal(registry)
                    + ", r.record_key, coalesce(r.record, '{}'::jsonb),"
                    + " coalesce(r.content_hash, decode('"
                    + EMPTY_HASH_HEX
                    + "', 'hex')), r.deleted, now()"
                    + " FROM chittysync.plan_records r WHERE r.plan_id = "
                    + p
                    + " ON CONFLICT (registry, record_key) DO UPDATE SET record = EXCLUDED.record,"
                    + " content_hash = EXCLUDED.content_hash, deleted = EXCLUDED.deleted, updated_at = now()");
            // What each endpoint was seen to hold, where no op of this plan changed it since.
            String untouched =
                " AND NOT EXISTS (SELECT 1 FROM applied_ops o"
                    + " WHERE o.endpoint = b.endpoint AND o.record_key = b.record_key)";
            st.executeUpdate(
                "INSERT INTO chittysync.endpoint_snapshots (registry, endpoint, record_key, remote_id, record, content_hash, seen_at)"
                    + " SELECT "
                    + JdbcRows.literal(registry)
                    + ", b.endpoint, b.record_key, b.remote_id, b.record,"
                    + " coalesce(b.content_hash, r.content_hash), now()"
                    + " FROM chittysync.plan_observations b LEFT JOIN chittysync.plan_records r"
                    + " ON r.plan_id = b.plan_id AND r.record_key = b.record_key"
                    + " WHERE b.plan_id = "
                    + p
                    + " AND (b.record IS NOT NULL OR b.matches_resolved)"
                    + untouched
                    + " ON CONFLICT (registry, endpoint, record_key) DO UPDATE SET remote_id = EXCLUDED.remote_id,"
                    + " record = EXCLUDED.record, content_hash = EXCLUDED.content_hash, seen_at = EXCLUDED.seen_at");
            st.executeUpdate(
                "DELETE FROM chittysync.endpoint_snapshots s USING chittysync.plan_observations b"
                    + " WHERE b.plan_id = "
                    + p
                    + " AND b.record IS NULL AND NOT b.matches_resolved AND s.registry = "
                    + JdbcRows.literal(registry)
                    + " AND s.endpoint = b.endpoint AND s.record_key = b.record_key"
                    + untouched);
            st.executeUpdate(
                "UPDATE chittysync.plans SET applied_at = now(), status = CASE WHEN (SELECT count(*) FROM chittysync.plan_ops o"
                    + " WHERE o.plan_id = "
                    + p
                    + ") > (SELECT count(*) FROM applied_ops) THEN 'partial' ELSE 'applied' END WHERE plan_id = "
                    + p);
            st.execute("DROP TABLE applied_ops");
            // Only a plan that settled everything moves the fetch positions on; otherwise the
            // next run reads the same changes again and retries what did not apply.
            st.executeUpdate(
                "INSERT INTO chittysync.endpoint_cursors (registry, endpoint, cursor, last_full_scan_at, updated_at)"
                    + " SELECT p.registry, e.key, e.value->>'cursor',"
                    + " CASE WHEN (e.value->>'full_scan')::boolean THEN now() END, now()"
                    + " FROM chittysync.plans p, jsonb_each(p.positions) e WHERE p.plan_id = "
                    + p
                    + " AND p.status = 'applied'"
                    + " ON CONFLICT (registry, endpoint) DO UPDATE SET cursor = EXCLUDED.cursor,"
                    + " last_full_scan_at = coalesce(EXCLUDED.last_full_scan_at,"
                    + " chittysync.endpoint_cursors.last_full_scan_at), updated_at = now()");
          }
          return null;
        });
  }

  @Override
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

  @Override
  public Set<String> endpointsWithPendingOps(UUID planId) {
    return database.withConnection(
        c -> {
          Set<String> out = new HashSet<>();
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

  @Override
  public Progress progress(UUID planId) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT (SELECT count(*) FROM chittysync.plan_ops WHERE plan_id = ?),"
                      + " (SELECT coalesce(sum(cardinality(op_nos)), 0) FROM chittysync.plan_batches"
                      + " WHERE plan_id = ?), count(*) FILTER (WHERE u.value ->> 'status' = 'skipped_stale'),"
                      + " count(*) FILTER (WHERE u.value ->> 'status' = 'failed')"
                      + " FROM chittysync.plan_batches b, jsonb_each(b.unsettled) u WHERE b.plan_id = ?")) {
            ps.setObject(3, planId);
            ps.setObject(1, planId);
            ps.setObject(2, planId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              int total = rs.getInt(1);
              int stale = rs.getInt(3);
              int failed = rs.getInt(4);
              return new Progress(total, rs.getInt(2) - stale - failed, stale, failed);
            }
          }
        });
  }
}
