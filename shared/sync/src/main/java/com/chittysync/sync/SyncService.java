package com.chittysync.sync;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.EndpointType;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.sync.config.ConfigLoader;
import com.chittysync.sync.config.ConfigLocation;
import com.chittysync.sync.engine.Applier;
import com.chittysync.sync.engine.Deadline;
import com.chittysync.sync.engine.Lease;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.sync.engine.Write;
import com.chittysync.sync.schema.RecordValidator;
import com.chittysync.sync.schema.SchemaSource;
import com.chittysync.sync.state.EngineState;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanStates;
import com.chittysync.sync.state.PlanStates.PlanState;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.chittysync.sync.state.jdbc.JdbcPlanStates;
import com.chittysync.sync.state.jdbc.JdbcSnapshotLookup;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The sync engine wired to configuration, endpoints and schemas: what the CLI and the functions
 * call. Loads and validates the config (signature first when required), opens a registry's
 * endpoints, compiles its schema, runs the cycle, and closes what it opened.
 */
public final class SyncService {
  private final Environment env;
  private final Database database;
  private final SyncEngine engine;
  private final Applier applier;
  private final EngineState state;
  private final PlanStates plans;
  private final Map<String, EndpointType> types;

  /**
   * A service that knows the endpoint {@code types} the function's component contributes
   * (PostgreSQL, Notion, Sheets...): a function carries only the connectors it needs.
   */
  public SyncService(
      Environment env,
      Database database,
      AuditLog audit,
      Clock clock,
      Set<? extends EndpointType> types) {
    this.env = env;
    this.database = database;
    this.state = EngineState.jdbc(database, audit);
    this.engine = new SyncEngine(state, clock);
    this.applier = new Applier(state);
    this.plans = new JdbcPlanStates(database);
    this.types = ConfigLoader.typesOf(types);
  }

  /** The endpoint types this build supports. */
  public Map<String, EndpointType> types() {
    return types;
  }

  /**
   * Loads and validates the config: {@code --config}, else {@code CHITTYSYNC_CONFIG}, else
   * ./chittysync.yaml.
   */
  public SyncConfig config(Optional<Path> flag) {
    return ConfigLoader.loadVerified(ConfigLocation.resolve(flag, env), types, env);
  }

  /** Runs one cycle of {@code registry}. */
  public SyncEngine.Result sync(
      SyncConfig config, String registry, SyncEngine.Options options, Consumer<String> progress) {
    return sync(config, registry, options, UnaryOperator.identity(), progress);
  }

  /**
   * Runs one cycle of {@code registry} whose options {@code underLease} may change once the
   * registry's lease is held, before anything is read (see {@link SyncEngine#run}).
   */
  public SyncEngine.Result sync(
      SyncConfig config,
      String registry,
      SyncEngine.Options options,
      UnaryOperator<SyncEngine.Options> underLease,
      Consumer<String> progress) {
    RegistryConfig reg = config.registry(registry);
    RecordValidator validator = SchemaSource.create(env, database).load(config, reg);
    Map<String, Endpoint> endpoints = open(config, reg);
    try {
      return engine.run(reg, endpoints, validator::validate, options, null, underLease, progress);
    } finally {
      endpoints.values().forEach(Endpoint::close);
    }
  }

  /**
   * Runs one cycle of {@code registry} that also applies {@code write}, checking records with
   * {@code validator} (the caller has compiled it to validate the write already).
   */
  public SyncEngine.Result write(
      SyncConfig config, String registry, RecordValidator validator, Write write, String holder) {
    RegistryConfig reg = config.registry(registry);
    Map<String, Endpoint> endpoints = open(config, reg);
    try {
      return engine.run(
          reg,
          endpoints,
          validator::validate,
          new SyncEngine.Options(false, true, "api", holder),
          write,
          s -> {});
    } finally {
      endpoints.values().forEach(Endpoint::close);
    }
  }

  /** The registry's schema check, compiled. */
  public RecordValidator validator(SyncConfig config, String registry) {
    return SchemaSource.create(env, database).load(config, config.registry(registry));
  }

  /** The last synced records of {@code keys}, the base a partial upsert is merged onto. */
  public Map<String, CanonicalRecord> base(String registry, Collection<String> keys) {
    return state.canonical().base(registry, keys);
  }

  /** The deployment's key for the audit log's commitments (created on first use). */
  public CommitKey commitKey() {
    return CommitKey.current(database);
  }

  /** The keys of {@code registry}'s live synced records. */
  public Set<String> keys(String registry) {
    return state.canonical().baseHashes(registry).keySet();
  }

  /**
   * Applies stored plan {@code planId} (for example one a dry run made).
   *
   * @throws ChittySyncException {@code sync.failed} if there is no such plan
   */
  public Applier.Outcome apply(SyncConfig config, UUID planId, String holder) {
    return apply(config, planId, holder, "cli");
  }

  /**
   * Applies stored plan {@code planId} under the registry's lease and records the run (kind {@code
   * apply}, triggered by {@code trigger}). Endpoints with nothing left to apply are not contacted.
   *
   * @throws ChittySyncException {@code sync.failed} if there is no such plan or it was superseded;
   *     {@code lease.held} while another run holds the registry
   */
  public Applier.Outcome apply(SyncConfig config, UUID planId, String holder, String trigger) {
    return apply(config, planId, holder, trigger, Deadline.none());
  }

  /**
   * As {@link #apply(SyncConfig, UUID, String, String)}, starting no batch once {@code deadline}
   * has passed: the rest of the plan is left for another call ({@link Applier.Outcome#complete}
   * false), and the run ends {@code handed_over} with the plan's progress in its counts.
   */
  public Applier.Outcome apply(
      SyncConfig config, UUID planId, String holder, String trigger, Deadline deadline) {
    PlanState state =
        planState(planId)
            .orElseThrow(
                () -> new ChittySyncException(ErrorCode.SYNC_FAILED, "there is no plan " + planId));
    RegistryConfig reg = config.registry(state.registry());
    Map<String, Endpoint> endpoints = open(config, reg);
    try (Lease lease = Lease.acquire(this.state.leases(), state.registry(), holder)) {
      UUID runId = this.state.runs().startRun(state.registry(), RunKind.APPLY, trigger, false);
      try {
        Set<String> pending = this.state.journal().endpointsWithPendingOps(planId);
        endpoints.forEach(
            (name, endpoint) -> {
              if (pending.contains(name)) {
                endpoint.check();
              }
            });
        Applier.Outcome outcome = applier.apply(planId, reg, endpoints, lease, deadline);
        // The plan's progress over every invocation that applied part of it, not only this one's:
        // a plan handed over is judged whole when its last part is applied.
        PlanJournal.Progress progress = this.state.journal().progress(planId);
        ObjectNode counts = Json.mapper().createObjectNode();
        counts.put("applied", outcome.applied());
        counts.put("stale", outcome.stale());
        counts.put("failed", outcome.failed());
        counts.put("plan_ops", progress.total());
        counts.put("plan_applied", progress.applied());
        counts.put("plan_pending", progress.pending());
        RunStatus status;
        if (!outcome.complete()) {
          status = RunStatus.HANDED_OVER;
        } else if (progress.failed() == 0
            && progress.stale() == 0
            && !this.state.review().planLeftAttention(planId)) {
          status = RunStatus.CONVERGED;
        } else {
          status = RunStatus.ATTENTION;
        }
        this.state.runs().finishRun(runId, status, counts, planId, null, null);
        return outcome;
      } catch (RuntimeException e) {
        String code = e instanceof ChittySyncException cse ? cse.code().code() : "internal";
        this.state
            .runs()
            .finishRun(
                runId,
                RunStatus.FAILED,
                Json.mapper().createObjectNode(),
                planId,
                code,
                e.getMessage());
        throw e;
      }
    } finally {
      endpoints.values().forEach(Endpoint::close);
    }
  }

  /** How far applying plan {@code planId} has got, over every invocation that applied part. */
  public PlanJournal.Progress progress(UUID planId) {
    return state.journal().progress(planId);
  }

  /** The state of stored plan {@code planId}, if there is one. */
  public Optional<PlanState> planState(UUID planId) {
    return plans.state(planId);
  }

  /** Plans of {@code registry} that a process began to apply and did not finish, oldest first. */
  public List<UUID> unfinishedPlans(String registry) {
    return state.journal().unfinishedPlans(registry);
  }

  /**
   * One difference between endpoints.
   *
   * @param key the record
   * @param endpoint where it differs from the first endpoint that holds the record
   * @param field the field, or {@code null} when the whole record is missing there
   * @param expected the value at the reference endpoint
   * @param actual the value here
   */
  public record Difference(
      String key, String endpoint, String field, String expected, String actual) {}

  /** The most differences a drift run's counts keep in {@code details}. */
  public static final int DRIFT_DETAILS = 500;

  /** The longest value a drift run's details keep of an expected or actual value. */
  static final int DRIFT_VALUE_CHARS = 1000;

  /**
   * A drift check as recorded.
   *
   * @param runId the {@link RunKind#DRIFT} run that recorded it
   * @param differences every difference found
   */
  public record DriftReport(UUID runId, List<Difference> differences) {}

  /**
   * Compares every endpoint of {@code registry} in full, as {@link #drift}, and records the check
   * as a run of kind {@link RunKind#DRIFT}: {@link RunStatus#CONVERGED} when nothing differs, else
   * {@link RunStatus#ATTENTION}, with counts {@code {"differences": n, "details": [{"key",
   * "endpoint", "field", "expected", "actual"}, …]}} (the first {@value #DRIFT_DETAILS}
   * differences; values longer than 1,000 characters cut). A check that fails is recorded as {@link
   * RunStatus#FAILED} with its error, and the failure is thrown. Changes no endpoint.
   *
   * @param trigger what asked: {@code cli}, {@code dashboard}, ...
   */
  public DriftReport checkDrift(SyncConfig config, String registry, String trigger) {
    RegistryConfig reg = config.registry(registry);
    state.registries().ensure(reg.name());
    UUID runId = state.runs().startRun(reg.name(), RunKind.DRIFT, trigger, true);
    List<Difference> differences;
    try {
      differences = drift(config, reg.name());
    } catch (RuntimeException e) {
      String code = e instanceof ChittySyncException cse ? cse.code().code() : "internal";
      state
          .runs()
          .finishRun(
              runId,
              RunStatus.FAILED,
              Json.mapper().createObjectNode(),
              null,
              code,
              e.getMessage());
      throw e;
    }
    state
        .runs()
        .finishRun(
            runId,
            differences.isEmpty() ? RunStatus.CONVERGED : RunStatus.ATTENTION,
            driftCounts(differences),
            null,
            null,
            null);
    return new DriftReport(runId, List.copyOf(differences));
  }

  /** A drift run's counts: how many differences, and the first {@value #DRIFT_DETAILS}. */
  static com.fasterxml.jackson.databind.node.ObjectNode driftCounts(List<Difference> differences) {
    com.fasterxml.jackson.databind.node.ObjectNode counts = Json.mapper().createObjectNode();
    counts.put("differences", differences.size());
    com.fasterxml.jackson.databind.node.ArrayNode details = counts.putArray("details");
    for (Difference d : differences.subList(0, Math.min(DRIFT_DETAILS, differences.size()))) {
      com.fasterxml.jackson.databind.node.ObjectNode o = details.addObject();
      o.put("key", d.key());
      o.put("endpoint", d.endpoint());
      o.put("field", d.field());
      o.put("expected", cut(d.expected()));
      o.put("actual", cut(d.actual()));
    }
    return counts;
  }

  private static String cut(String value) {
    if (value == null || value.length() <= DRIFT_VALUE_CHARS) {
      return value;
    }
    int end = DRIFT_VALUE_CHARS;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + "…";
  }

  /** Compares every endpoint of {@code registry} in full; changes nothing. */
  public List<Difference> drift(SyncConfig config, String registry) {
    RegistryConfig reg = config.registry(registry);
    Map<String, Endpoint> endpoints = open(config, reg);
    try {
      Map<String, Map<String, CanonicalRecord>> all = new LinkedHashMap<>();
      Set<String> keys = new TreeSet<>();
      for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
        e.getValue().check();
        Map<String, CanonicalRecord> byKey = new LinkedHashMap<>();
        for (RemoteRecord r : e.getValue().fetch(FetchRequest.fullScan()).records()) {
          byKey.put(r.key(), r.record());
        }
        all.put(e.getKey(), byKey);
        keys.addAll(byKey.keySet());
      }
      List<Difference> differences = new ArrayList<>();
      for (String key : keys) {
        String referenceName = null;
        CanonicalRecord reference = null;
        for (Map.Entry<String, Map<String, CanonicalRecord>> e : all.entrySet()) {
          CanonicalRecord r = e.getValue().get(key);
          if (r != null && reference == null) {
            reference = r;
            referenceName = e.getKey();
          }
        }
        for (Map.Entry<String, Map<String, CanonicalRecord>> e : all.entrySet()) {
          if (e.getKey().equals(referenceName)) {
            continue;
          }
          CanonicalRecord r = e.getValue().get(key);
          if (r == null) {
            differences.add(
                new Difference(key, e.getKey(), null, "present at " + referenceName, "missing"));
            continue;
          }
          Set<String> fields = new TreeSet<>(reference.fields().keySet());
          fields.addAll(r.fields().keySet());
          String there = referenceName;
          fields.removeIf(f -> !maps(reg, there, f) || !maps(reg, e.getKey(), f));
          // Compared as each endpoint holds values: a difference neither can represent (a Notion
          // checkbox's false for a NULL) is not drift.
          CanonicalRecord heldHere = endpoints.get(e.getKey()).represent(reference);
          CanonicalRecord heldThere = endpoints.get(referenceName).represent(r);
          for (String f : fields) {
            if (!CanonicalRecord.sameValue(reference.get(f), r.get(f))
                && !CanonicalRecord.sameValue(heldHere.get(f), r.get(f))
                && !CanonicalRecord.sameValue(heldThere.get(f), reference.get(f))) {
              differences.add(
                  new Difference(
                      key, e.getKey(), f, reference.get(f).toString(), r.get(f).toString()));
            }
          }
        }
      }
      return differences;
    } finally {
      endpoints.values().forEach(Endpoint::close);
    }
  }

  /** Whether endpoint {@code name} of {@code registry} holds canonical field {@code field}. */
  private static boolean maps(RegistryConfig registry, String name, String field) {
    EndpointConfig endpoint = registry.endpoints().get(name);
    return endpoint == null || endpoint.fields().isEmpty() || endpoint.fields().containsKey(field);
  }

  private Map<String, Endpoint> open(SyncConfig config, RegistryConfig registry) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    EndpointContext context =
        new EndpointContext(
            env,
            database,
            Optional.of(config),
            Optional.of(new JdbcSnapshotLookup(database)),
            Optional.of(reg -> SchemaSource.create(env, database).text(config, reg)));
    try {
      for (EndpointConfig endpoint : registry.endpoints().values()) {
        endpoints.put(
            endpoint.name(), types.get(endpoint.type()).open(endpoint, registry, context));
      }
      return endpoints;
    } catch (RuntimeException e) {
      endpoints.values().forEach(Endpoint::close);
      throw e;
    }
  }
}
