package com.chittysync.sync.engine;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.store.BinaryCopy;
import com.chittysync.sync.Record;
import com.chittysync.sync.config.RegistryConfig;
import com.chittysync.sync.endpoint.Endpoint;
import com.chittysync.sync.endpoint.Op;
import com.chittysync.sync.endpoint.OpResult;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Applies a stored plan, journaled so that a crash at any point followed by a re-run finishes the
 * work with no duplicate and no lost change.
 *
 * <p>For each batch: the ops are marked in flight (committed), the endpoint applies them under
 * their preconditions (idempotently), then in one transaction their outcomes, the endpoint's
 * snapshot for each and one audit entry per op that took effect are written. A crash before the
 * last step leaves the ops in flight; the re-run applies them again and the endpoint answers
 * "already applied" where the write had happened. When every endpoint is done, the canonical
 * records and the snapshots of untouched keys advance in one last transaction.
 */
public final class Applier {
  /** Content hash of the empty record a deleted key's canonical row keeps. */
  private static final String EMPTY_HASH_HEX =
      java.util.HexFormat.of().formatHex(new Record("", Map.of()).contentHash());

  private final SyncStore store;
  private final AuditLog audit;
  private volatile CommitKey commitKey;

  public Applier(SyncStore store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  /** The deployment's commit key, read (or created) once per applier. */
  private CommitKey commitKey() {
    CommitKey key = commitKey;
    if (key == null) {
      key = CommitKey.current(store.database());
      commitKey = key;
    }
    return key;
  }

  /**
   * What applying did.
   *
   * @param applied ops that took effect (now or before a crash)
   * @param stale ops skipped because the record changed since planning
   * @param failed ops the endpoint refused
   * @param errors one line per stale or failed op
   */
  public record Outcome(int applied, int stale, int failed, List<String> errors) {}

  /**
   * Applies plan {@code planId} of {@code registry} to {@code endpoints}.
   *
   * @throws ChittySyncException {@code sync.failed} if the plan is superseded or unknown
   */
  public Outcome apply(
      UUID planId, RegistryConfig registry, Map<String, Endpoint> endpoints, Lease lease) {
    return apply(planId, registry, endpoints, lease, null, new HashMap<>());
  }

  /**
   * Applies {@code plan}, just stored by this process: its ops are taken from memory rather than
   * read back from the journal, which holds exactly them, all pending.
   */
  public Outcome apply(
      Plan plan, RegistryConfig registry, Map<String, Endpoint> endpoints, Lease lease) {
    Map<String, byte[]> resolved = new HashMap<>();
    for (Resolution r : plan.settled()) {
      r.record().ifPresent(record -> resolved.put(r.key(), record.contentHash()));
    }
    return apply(plan.planId(), registry, endpoints, lease, plan.ops(), resolved);
  }

  private Outcome apply(
      UUID planId,
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Lease lease,
      Map<String, List<Op>> fresh,
      Map<String, byte[]> resolved) {
    begin(planId, registry.name(), fresh != null);
    int applied = 0;
    int stale = 0;
    int failed = 0;
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
      String name = entry.getKey();
      Endpoint endpoint = entry.getValue();
      List<Op> pending =
          fresh != null ? fresh.getOrDefault(name, List.of()) : pendingOps(planId, name, resolved);
      int batchSize = Math.max(1, endpoint.capabilities().maxBatch());
      for (int from = 0; from < pending.size(); from += batchSize) {
        lease.check();
        List<Op> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
        // No "in flight" mark before the call: a pending op is re-applied after a crash all the
        // same, and the endpoint's idempotence makes that safe; the mark would cost a write per op.
        List<OpResult> results = endpoint.apply(batch);
        record(planId, registry, name, endpoint, batch, results, resolved);
        for (OpResult r : results) {
          if (r.done()) {
            applied++;
          } else if (r.outcome() == OpResult.Outcome.STALE) {
            stale++;
            errors.add(name + " op " + r.opNo() + ": stale: " + r.error());
          } else {
            failed++;
            errors.add(name + " op " + r.opNo() + ": failed: " + r.error());
          }
        }
      }
    }
    finish(planId, registry.name());
    return new Outcome(applied, stale, failed, errors);
  }

  private void begin(UUID planId, String registry, boolean fresh) {
    store
        .database()
        .inTransaction(
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
                    throw new ChittySyncException(
                        ErrorCode.SYNC_FAILED,
                        "plan " + planId + " was superseded by a newer plan; run sync again");
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
  private List<Op> pendingOps(UUID planId, String endpoint, Map<String, byte[]> resolved) {
    return store
        .database()
        .inTransaction(
            c -> {
              List<Op> ops = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT o.op_no, o.op, o.record_key, o.remote_id, o.precondition::text, coalesce(o.changes, r.record)::text, r.content_hash"
                          + " FROM chittysync.plan_ops o LEFT JOIN chittysync.plan_records r"
                          + " ON r.plan_id = o.plan_id AND r.record_key = o.record_key"
                          + " WHERE o.plan_id = ? AND o.endpoint = ? AND o.op_no NOT IN (SELECT unnest(b.op_nos)"
                          + " FROM chittysync.plan_batches b WHERE b.plan_id = ? AND b.endpoint = ?) ORDER BY o.op_no")) {
                ps.setFetchSize(SyncStore.CHUNK);
                ps.setObject(1, planId);
                ps.setString(2, endpoint);
                ps.setObject(3, planId);
                ps.setString(4, endpoint);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    ops.add(
                        SyncStore.op(
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

  private void record(
      UUID planId,
      RegistryConfig registry,
      String endpoint,
      Endpoint target,
      List<Op> batch,
      List<OpResult> results,
      Map<String, byte[]> resolved) {
    if (results.size() != batch.size()) {
      throw new ChittySyncException(
          ErrorCode.INTERNAL,
          "endpoint "
              + endpoint
              + " answered "
              + results.size()
              + " results for "
              + batch.size()
              + " ops");
    }
    // The batch's outcome: the ops it settled, and those it did not apply with why.
    ObjectNode unsettled = Json.mapper().createObjectNode();
    Integer[] settled = new Integer[batch.size()];
    List<SnapshotRow> upserts = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    List<Integer> done = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Op op = batch.get(i);
      OpResult result = results.get(i);
      settled[i] = op.opNo();
      if (!result.done()) {
        unsettled
            .putObject(Integer.toString(op.opNo()))
            .put("status", OpStatus.of(result.outcome()).wire())
            .put("error", result.error());
        continue;
      }
      if (op.after().isPresent()) {
        // What the endpoint holds now, not what the plan meant: a value it cannot hold as given
        // (a null checkbox) would otherwise read back as an edit nobody made.
        Record after = target.represent(op.after().get());
        byte[] hash = after.contentHash();
        // Where the endpoint holds exactly the plan's resolved record, the snapshot is that record
        // by hash only (null record): it becomes the canonical record when the plan finishes.
        upserts.add(
            new SnapshotRow(
                op.key(),
                result.remoteId().orElse(remoteIdOf(op)),
                Arrays.equals(hash, resolved.get(op.key())) ? null : after.toJsonString(),
                hash));
      } else {
        deletes.add(op.key());
      }
      done.add(i);
    }
    // Each entry hashes every value it names: thousands per batch, independent of each other.
    CommitKey key = done.isEmpty() ? null : commitKey();
    List<AuditRecord> entries =
        done.parallelStream()
            .map(
                i ->
                    new AuditRecord(
                        "sync.op",
                        "engine",
                        auditBody(key, planId, registry, endpoint, batch.get(i), results.get(i))))
            .toList();
    store
        .database()
        .inTransaction(
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
              upsertSnapshots(c, registry.name(), endpoint, upserts);
              deleteSnapshots(c, registry.name(), endpoint, deletes);
              audit.append(c, entries);
              return null;
            });
  }

  private static String remoteIdOf(Op op) {
    if (op instanceof Op.Update u) {
      return u.remoteId();
    }
    return op.key();
  }

  /** A snapshot to store: what an endpoint holds for a key after an op. */
  record SnapshotRow(String key, String remoteId, String recordJson, byte[] hash) {}

  static void upsertSnapshots(
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
              + literal(registry)
              + ", "
              + literal(endpoint)
              + ", x.record_key, x.remote_id, x.record, x.content_hash, now()"
              + " FROM snapshot_stage x"
              + " ON CONFLICT (registry, endpoint, record_key) DO UPDATE SET remote_id = EXCLUDED.remote_id, record = EXCLUDED.record,"
              + " content_hash = EXCLUDED.content_hash, seen_at = EXCLUDED.seen_at");
      st.execute("DROP TABLE snapshot_stage");
    }
  }

  static void deleteSnapshots(Connection c, String registry, String endpoint, List<String> keys)
      throws SQLException {
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

  /** A SQL string literal of a name the config validated (registry and endpoint names). */
  static String literal(String validatedName) {
    if (!validatedName.matches("[A-Za-z0-9 _.-]{1,100}")) {
      throw new IllegalArgumentException("unexpected name: " + validatedName);
    }
    return "'" + validatedName + "'";
  }

  /**
   * The most canonical bytes a {@code sync.op} body may take with values in it, leaving room under
   * {@link AuditLog#MAX_ENTRY_BYTES} for the rest of the entry.
   */
  static final int MAX_VALUES_BODY_BYTES = AuditLog.MAX_ENTRY_BYTES - 16 * 1024;

  private static ObjectNode auditBody(
      CommitKey key,
      UUID planId,
      RegistryConfig registry,
      String endpoint,
      Op op,
      OpResult result) {
    if (registry.audit() != RegistryConfig.AuditDetail.VALUES) {
      return auditBody(key, planId, registry, endpoint, op, result, false);
    }
    ObjectNode body = auditBody(key, planId, registry, endpoint, op, result, true);
    if (com.chittysync.audit.Jcs.canonicalize(body).length <= MAX_VALUES_BODY_BYTES) {
      return body;
    }
    // The log refuses an entry this large, and refusing would fail the apply: the op is recorded
    // as in hashes mode instead, saying why.
    ObjectNode hashed = auditBody(key, planId, registry, endpoint, op, result, false);
    hashed.put("values_omitted", "too large for one audit entry");
    return hashed;
  }

  /**
   * A {@code sync.op} body. In hashes mode each value is a keyed commitment ({@link CommitKey})
   * rather than a plain hash, which anyone could reverse for the few values a boolean, a status or
   * a list of emails can take; with {@code keys: commit} the record key is committed to as well.
   */
  private static ObjectNode auditBody(
      CommitKey key,
      UUID planId,
      RegistryConfig registry,
      String endpoint,
      Op op,
      OpResult result,
      boolean values) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("registry", registry.name());
    body.put("plan_id", planId.toString());
    body.put("op_no", op.opNo());
    body.put("endpoint", endpoint);
    body.put(
        "op", op instanceof Op.Create ? "create" : op instanceof Op.Update ? "update" : "delete");
    boolean commitKeys = registry.auditKeys() == RegistryConfig.AuditKeys.COMMIT;
    if (!values || commitKeys) {
      body.put("commitment", CommitKey.SCHEME);
      body.put("commit_key", key.keyId());
    }
    String plan = planId.toString();
    if (commitKeys) {
      body.put(
          "key_hmac",
          key.commitOp(
              registry.name(),
              plan,
              op.opNo(),
              endpoint,
              "key",
              null,
              Json.mapper().getNodeFactory().textNode(op.key())));
    } else {
      body.put("key", op.key());
    }
    if (result.outcome() == OpResult.Outcome.ALREADY_APPLIED) {
      body.put("recovered", true);
    }
    Record before =
        op instanceof Op.Update u ? u.expected() : op instanceof Op.Delete d ? d.expected() : null;
    Record after = op.after().orElse(null);
    Set<String> fields = new TreeSet<>();
    if (op instanceof Op.Update u) {
      fields.addAll(u.changes().keySet());
    } else {
      if (before != null) {
        fields.addAll(before.fields().keySet());
      }
      if (after != null) {
        fields.addAll(after.fields().keySet());
      }
    }
    ArrayNode names = body.putArray("fields");
    fields.forEach(names::add);
    ObjectNode beforeNode = body.putObject(values ? "before" : "before_hmac");
    ObjectNode afterNode = body.putObject(values ? "after" : "after_hmac");
    for (String f : fields) {
      if (before != null) {
        beforeNode.set(
            f,
            values
                ? before.get(f)
                : Json.mapper()
                    .getNodeFactory()
                    .textNode(
                        key.commitOp(
                            registry.name(),
                            plan,
                            op.opNo(),
                            endpoint,
                            "before",
                            f,
                            before.get(f))));
      }
      if (after != null) {
        afterNode.set(
            f,
            values
                ? after.get(f)
                : Json.mapper()
                    .getNodeFactory()
                    .textNode(
                        key.commitOp(
                            registry.name(), plan, op.opNo(), endpoint, "after", f, after.get(f))));
      }
    }
    return body;
  }

  private void finish(UUID planId, String registry) {
    store
        .database()
        .inTransaction(
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
                        + literal(registry)
                        + " AND s.registry = c.registry AND s.record_key = c.record_key"
                        + " AND s.record IS NULL AND s.content_hash = c.content_hash"
                        + " AND r.content_hash IS DISTINCT FROM c.content_hash");
                // The canonical state the plan settled.
                st.executeUpdate(
                    "INSERT INTO chittysync.canonical_records (registry, record_key, record, content_hash, deleted, updated_at)"
                        + " SELECT "
                        + literal(registry)
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
                        + literal(registry)
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
                        + literal(registry)
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
}
