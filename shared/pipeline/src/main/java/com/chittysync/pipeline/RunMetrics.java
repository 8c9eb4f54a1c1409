package com.chittysync.pipeline;

import com.chittysync.observe.Redact;
import com.chittysync.observe.metrics.Dimensions;
import com.chittysync.observe.metrics.Metric;
import com.chittysync.observe.metrics.Metrics;
import com.chittysync.sync.engine.Applier;
import com.chittysync.sync.engine.Conflict;
import com.chittysync.sync.engine.SyncEngine;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run records in an invocation's {@link Metrics} (names, units and dimensions as the metrics
 * contract lists them), and the warnings for its unsettled ops: shared by the diff and apply
 * services and the CLI, which runs both in one process.
 */
public final class RunMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

  /** Warnings past this many ops are summed up in one line: the journal holds them all. */
  private static final int MAX_OP_WARNINGS = 20;

  private RunMetrics() {}

  /** What a plan holds for people, and how long planning took. */
  public static void planned(
      Metrics metrics, String registry, SyncEngine.Result result, long millis) {
    Dimensions d = Dimensions.registry(registry);
    metrics.add(
        Metric.CONFLICTS_HELD,
        d,
        result.plan().conflicts().stream().filter(Conflict::held).count());
    metrics.add(Metric.DELETES_HELD, d, result.plan().heldDeletes().size());
    metrics.add(Metric.RECORDS_QUARANTINED, d, result.plan().invalid().size());
    metrics.add(Metric.PLAN_DURATION, d, result.timingsMillis().getOrDefault("plan", millis));
  }

  /** The ops each endpoint applied, refused or found stale, and how long applying took. */
  public static void applied(
      Metrics metrics, String registry, Applier.Outcome outcome, long millis) {
    outcome
        .byEndpoint()
        .forEach(
            (endpoint, counts) -> {
              Dimensions d = Dimensions.endpoint(registry, endpoint);
              metrics.add(Metric.OPS_APPLIED, d, counts.applied());
              metrics.add(Metric.OPS_FAILED, d, counts.failed());
              metrics.add(Metric.OPS_STALE, d, counts.stale());
            });
    metrics.add(Metric.APPLY_DURATION, Dimensions.registry(registry), millis);
    List<String> errors = outcome.errors();
    for (int i = 0; i < Math.min(errors.size(), MAX_OP_WARNINGS); i++) {
      // The endpoint's reason may quote what it refused, a record's value: quoted text is left out.
      LOG.warn("registry '{}': {}", registry, Redact.quoted(errors.get(i)));
    }
    if (errors.size() > MAX_OP_WARNINGS) {
      LOG.warn(
          "registry '{}': {} more op(s) stale or failed (in the plan's journal)",
          registry,
          errors.size() - MAX_OP_WARNINGS);
    }
  }

  /**
   * A run that ended, converged or needing attention: one of the two is 1, and the others 0, so an
   * alarm on {@code RunsFailed} sees data points while runs succeed.
   */
  public static void ended(Metrics metrics, String registry, boolean converged) {
    Dimensions d = Dimensions.registry(registry);
    metrics.add(Metric.RUNS_CONVERGED, d, converged ? 1 : 0);
    metrics.add(Metric.RUNS_ATTENTION, d, converged ? 0 : 1);
    metrics.add(Metric.RUNS_FAILED, d, 0);
  }

  /** A run that failed. */
  public static void failed(Metrics metrics, String registry) {
    Dimensions d = Dimensions.registry(registry);
    metrics.add(Metric.RUNS_CONVERGED, d, 0);
    metrics.add(Metric.RUNS_ATTENTION, d, 0);
    metrics.add(Metric.RUNS_FAILED, d, 1);
  }
}
