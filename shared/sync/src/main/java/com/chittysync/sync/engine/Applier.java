package com.chittysync.sync.engine;

import com.chittysync.audit.Jcs;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.sync.state.EngineState;
import com.chittysync.sync.state.PlanJournal;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies a stored plan, journaled ({@link PlanJournal}) so that a crash at any point followed by a
 * re-run finishes the work with no duplicate and no lost change.
 *
 * <p>For each batch: the endpoint applies the ops under their preconditions (idempotently), then in
 * one transaction their outcomes, the endpoint's snapshot for each and one audit entry per op that
 * took effect are recorded. A crash before that leaves the ops pending; the re-run applies them
 * again and the endpoint answers "already applied" where the write had happened. When every
 * endpoint is done, the canonical records and the snapshots of untouched keys advance in one last
 * transaction.
 */
public final class Applier {
  private final PlanJournal journal;
  private final EngineState state;

  public Applier(EngineState state) {
    this.state = state;
    this.journal = state.journal();
  }

  /** The deployment's commit key. */
  private CommitKey commitKey() {
    return state.commitKey().get();
  }

  /**
   * What applying did.
   *
   * @param applied ops that took effect (now or before a crash)
   * @param stale ops skipped because the record changed since planning
   * @param failed ops the endpoint refused
   * @param errors one line per stale or failed op
   * @param pending ops left for a later invocation because the deadline passed (the plan stays
   *     {@code APPLYING}); zero when the plan was applied to its end and finished
   * @param byEndpoint the same counts per endpoint that was given ops, for per-endpoint metrics
   */
  public record Outcome(
      int applied,
      int stale,
      int failed,
      List<String> errors,
      int pending,
      Map<String, EndpointCounts> byEndpoint) {
    public Outcome {
      byEndpoint = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byEndpoint));
    }

    /** Counts without a per-endpoint breakdown. */
    public Outcome(int applied, int stale, int failed, List<String> errors, int pending) {
      this(applied, stale, failed, errors, pending, Map.of());
    }

    /** Whether the plan was applied to its end (and finished), rather than handed over. */
    public boolean complete() {
      return pending == 0;
    }
  }

  /**
   * What one endpoint answered in an apply.
   *
   * @param applied ops that took effect
   * @param stale ops whose precondition failed
   * @param failed ops the endpoint refused
   */
  public record EndpointCounts(int applied, int stale, int failed) {}

  /**
   * Applies plan {@code planId} of {@code registry} to {@code endpoints}.
   *
   * @throws ChittySyncException {@code sync.failed} if the plan is superseded or unknown
   */
  public Outcome apply(
      UUID planId, RegistryConfig registry, Map<String, Endpoint> endpoints, Lease lease) {
    return apply(planId, registry, endpoints, lease, Deadline.none());
  }

  /**
   * Applies plan {@code planId} of {@code registry} to {@code endpoints}, starting no batch once
   * {@code deadline} has passed. Work stopped by the deadline is recorded as far as it went and the
   * plan stays {@code APPLYING}: applying it again (another invocation) goes on from there, and no
   * op is applied twice. At least one batch is applied, so every invocation makes progress.
   *
   * @throws ChittySyncException {@code sync.failed} if the plan is superseded or unknown
   */
  public Outcome apply(
      UUID planId,
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Lease lease,
      Deadline deadline) {
    return apply(planId, registry, endpoints, lease, null, new HashMap<>(), deadline);
  }

  /**
   * Applies {@code plan}, just stored by this process: its ops are taken from memory rather than
   * read back from the journal, which holds exactly them, all pending.
   */
  public Outcome apply(
      Plan plan, RegistryConfig registry, Map<String, Endpoint> endpoints, Lease lease) {
    if (!plan.opsHeld()) {
      // A large plan was stored in parts as it was made: its ops are read back a chunk at a time.
      return apply(plan.planId(), registry, endpoints, lease);
    }
    Map<String, byte[]> resolved = new HashMap<>();
    for (Resolution r : plan.settled()) {
      r.record().ifPresent(record -> resolved.put(r.key(), record.contentHash()));
    }
    return apply(plan.planId(), registry, endpoints, lease, plan.ops(), resolved, Deadline.none());
  }

  private Outcome apply(
      UUID planId,
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Lease lease,
      Map<String, List<Op>> fresh,
      Map<String, byte[]> resolved,
      Deadline deadline) {
    // The plan's status is checked once; its pending ops, unless this process holds them, are
    // read a chunk at a time as they are applied.
    journal.begin(planId, registry.name(), List.of(), fresh != null);
    Tally tally = new Tally();
    // A batch's journal transaction runs while the next batch is written to its endpoint and its
    // audit entries are made: the two wait on different servers, or on the database and the CPU.
    // One at a time and in order, so the audit log's order is the batches' order. A crash leaves
    // at most two batches applied but not journaled; the endpoints' idempotence re-applies both
    // as "already applied", as it did one before.
    JournalWriter writer = new JournalWriter(registry.name());
    try {
      applyAll(planId, registry, endpoints, lease, fresh, resolved, writer, tally, deadline);
      writer.awaitLast();
    } catch (RuntimeException e) {
      writer.abandon(e);
      throw e;
    } finally {
      writer.close();
    }
    if (tally.stopped) {
      // Handed over: what was applied is journaled; the plan stays APPLYING for the next apply.
      int pending = journal.progress(planId).pending();
      if (pending > 0) {
        return new Outcome(
            tally.applied, tally.stale, tally.failed, tally.errors, pending, tally.byEndpoint());
      }
    }
    journal.finish(planId, registry.name());
    return new Outcome(
        tally.applied, tally.stale, tally.failed, tally.errors, 0, tally.byEndpoint());
  }

  /** What the endpoints answered, op by op. */
  private static final class Tally {
    int applied;
    int stale;
    int failed;
    boolean stopped;
    int batches;
    final List<String> errors = new ArrayList<>();
    // Per endpoint: applied, stale, failed.
    final Map<String, int[]> endpoints = new LinkedHashMap<>();

    Map<String, EndpointCounts> byEndpoint() {
      Map<String, EndpointCounts> out = new LinkedHashMap<>();
      endpoints.forEach((name, c) -> out.put(name, new EndpointCounts(c[0], c[1], c[2])));
      return out;
    }
  }

  private void applyAll(
      UUID planId,
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Lease lease,
      Map<String, List<Op>> fresh,
      Map<String, byte[]> resolved,
      JournalWriter writer,
      Tally tally,
      Deadline deadline) {
    for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
      String name = entry.getKey();
      Endpoint endpoint = entry.getValue();
      int batchSize = Math.max(1, endpoint.capabilities().maxBatch());
      if (fresh != null) {
        applyOps(
            planId,
            registry,
            name,
            endpoint,
            lease,
            fresh.getOrDefault(name, List.of()),
            batchSize,
            resolved,
            writer,
            tally,
            deadline);
        if (tally.stopped) {
          return;
        }
        continue;
      }
      // Whole batches per chunk, so the batches are those of an apply that read every op at once.
      int chunk = batchSize * Math.max(1, PENDING_CHUNK / batchSize);
      int after = -1;
      while (true) {
        PlanJournal.Begun read = journal.pendingOps(planId, name, after, chunk);
        List<Op> pending = read.pending().getOrDefault(name, List.of());
        if (pending.isEmpty()) {
          break;
        }
        applyOps(
            planId,
            registry,
            name,
            endpoint,
            lease,
            pending,
            batchSize,
            read.resolvedHashes(),
            writer,
            tally,
            deadline);
        if (tally.stopped) {
          return;
        }
        after = pending.get(pending.size() - 1).opNo();
      }
    }
  }

  /**
   * How many pending ops an apply reads from the journal at a time (rounded to whole batches): a
   * plan of a million ops is never held whole.
   */
  static final int PENDING_CHUNK = 10_000;

  private void applyOps(
      UUID planId,
      RegistryConfig registry,
      String name,
      Endpoint endpoint,
      Lease lease,
      List<Op> pending,
      int batchSize,
      Map<String, byte[]> resolved,
      JournalWriter writer,
      Tally tally,
      Deadline deadline) {
    for (int from = 0; from < pending.size(); from += batchSize) {
      if (tally.batches > 0 && deadline.passed()) {
        tally.stopped = true;
        return;
      }
      lease.check();
      List<Op> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
      // No "in flight" mark before the call: a pending op is re-applied after a crash all the
      // same, and the endpoint's idempotence makes that safe; the mark would cost a write per op.
      List<OpResult> results = endpoint.apply(batch);
      PlanJournal.Batch outcome =
          outcome(planId, registry, name, endpoint, batch, results, resolved);
      writer.submit(() -> journal.recordBatch(planId, registry.name(), name, outcome));
      tally.batches++;
      int[] counts = tally.endpoints.computeIfAbsent(name, n -> new int[3]);
      for (OpResult r : results) {
        if (r.done()) {
          tally.applied++;
          counts[0]++;
        } else if (r.outcome() == OpResult.Outcome.STALE) {
          tally.stale++;
          counts[1]++;
          tally.errors.add(name + " op " + r.opNo() + ": stale: " + r.error());
        } else {
          tally.failed++;
          counts[2]++;
          tally.errors.add(name + " op " + r.opNo() + ": failed: " + r.error());
        }
      }
    }
  }

  /**
   * Runs journal transactions one after another on a thread of its own, at most one ahead of the
   * caller: {@link #submit} first waits for the previous one and rethrows its failure.
   */
  private static final class JournalWriter implements AutoCloseable {
    private final ExecutorService executor;
    private Future<?> last;

    JournalWriter(String registry) {
      executor =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "journal-" + registry);
                t.setDaemon(true);
                return t;
              });
    }

    void submit(Runnable write) {
      awaitLast();
      last = executor.submit(write);
    }

    /** Waits for the last write; its failure is thrown as it was thrown. */
    void awaitLast() {
      if (last == null) {
        return;
      }
      Future<?> pending = last;
      last = null;
      try {
        pending.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new ChittySyncException(ErrorCode.INTERNAL, "journal write failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChittySyncException(ErrorCode.INTERNAL, "interrupted waiting for the journal");
      }
    }

    /**
     * After {@code failure}, lets a write in progress end (committed or not) rather than interrupt
     * it mid-transaction; its own failure is added to {@code failure}.
     */
    void abandon(RuntimeException failure) {
      try {
        awaitLast();
      } catch (RuntimeException | Error e) {
        if (e != failure) {
          failure.addSuppressed(e);
        }
      }
    }

    @Override
    public void close() {
      executor.shutdown();
    }
  }

  /** What the journal records of a batch the endpoint answered: outcomes, snapshots, audit. */
  private PlanJournal.Batch outcome(
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
    Map<Integer, PlanJournal.Unsettled> unsettled = new LinkedHashMap<>();
    List<Integer> settled = new ArrayList<>(batch.size());
    List<PlanJournal.SnapshotRow> upserts = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    List<Integer> done = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Op op = batch.get(i);
      OpResult result = results.get(i);
      settled.add(op.opNo());
      if (!result.done()) {
        unsettled.put(
            op.opNo(), new PlanJournal.Unsettled(OpStatus.of(result.outcome()), result.error()));
        continue;
      }
      if (op.after().isPresent()) {
        // What the endpoint holds now, not what the plan meant: a value it cannot hold as given
        // (a null checkbox) would otherwise read back as an edit nobody made.
        CanonicalRecord after = target.represent(op.after().get());
        byte[] hash = after.contentHash();
        // Where the endpoint holds exactly the plan's resolved record, the snapshot is that record
        // by hash only (null record): it becomes the canonical record when the plan finishes.
        upserts.add(
            new PlanJournal.SnapshotRow(
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
    // One transaction (PlanJournal.recordBatch): the outcome, the snapshots and the audit entries
    // commit together.
    return new PlanJournal.Batch(settled, unsettled, upserts, deletes, entries);
  }

  private static String remoteIdOf(Op op) {
    if (op instanceof Op.Update u) {
      return u.remoteId();
    }
    return op.key();
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
    if (Jcs.canonicalize(body).length <= MAX_VALUES_BODY_BYTES) {
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
    CanonicalRecord before =
        op instanceof Op.Update u ? u.expected() : op instanceof Op.Delete d ? d.expected() : null;
    CanonicalRecord after = op.after().orElse(null);
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
}
