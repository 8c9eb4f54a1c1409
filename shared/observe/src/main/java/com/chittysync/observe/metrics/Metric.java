package com.chittysync.observe.metrics;

/**
 * The metrics ChittySync publishes (namespace {@code ChittySync}), as the metrics contract of issue
 * 18 lists them: the template's alarms and dashboard name the same metrics, units and dimensions.
 */
public enum Metric {
  RUNS_CONVERGED("RunsConverged", Unit.COUNT, Scope.REGISTRY),
  RUNS_ATTENTION("RunsAttention", Unit.COUNT, Scope.REGISTRY),
  RUNS_FAILED("RunsFailed", Unit.COUNT, Scope.REGISTRY),
  OPS_APPLIED("OpsApplied", Unit.COUNT, Scope.ENDPOINT),
  OPS_FAILED("OpsFailed", Unit.COUNT, Scope.ENDPOINT),
  OPS_STALE("OpsStale", Unit.COUNT, Scope.ENDPOINT),
  CONFLICTS_HELD("ConflictsHeld", Unit.COUNT, Scope.REGISTRY),
  DELETES_HELD("DeletesHeld", Unit.COUNT, Scope.REGISTRY),
  RECORDS_QUARANTINED("RecordsQuarantined", Unit.COUNT, Scope.REGISTRY),
  DRIFT_FOUND("DriftFound", Unit.COUNT, Scope.REGISTRY),
  PLAN_DURATION("PlanDuration", Unit.MILLISECONDS, Scope.REGISTRY),
  APPLY_DURATION("ApplyDuration", Unit.MILLISECONDS, Scope.REGISTRY),
  RECORDS_PER_SECOND("RecordsPerSecond", Unit.COUNT_PER_SECOND, Scope.REGISTRY),
  NOTION_REQUESTS("NotionRequests", Unit.COUNT, Scope.REGISTRY),
  NOTION_RATE_LIMITED("NotionRateLimited", Unit.COUNT, Scope.REGISTRY),
  SHEETS_REQUESTS("SheetsRequests", Unit.COUNT, Scope.REGISTRY),
  SHEETS_RATE_LIMITED("SheetsRateLimited", Unit.COUNT, Scope.REGISTRY),
  WEBHOOK_DELIVERIES_ACCEPTED("WebhookDeliveriesAccepted", Unit.COUNT, Scope.FUNCTION),
  WEBHOOK_DELIVERIES_REFUSED("WebhookDeliveriesRefused", Unit.COUNT, Scope.FUNCTION),
  REGISTRIES_NOT_CONVERGED("RegistriesNotConverged", Unit.COUNT, Scope.FUNCTION),
  SECONDS_SINCE_CONVERGED("SecondsSinceConverged", Unit.SECONDS, Scope.REGISTRY);

  /** A CloudWatch unit, as EMF spells it. */
  public enum Unit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds"),
    SECONDS("Seconds"),
    COUNT_PER_SECOND("Count/Second");

    private final String wire;

    Unit(String wire) {
      this.wire = wire;
    }

    /** The unit's name in an EMF document. */
    public String wire() {
      return wire;
    }
  }

  /**
   * Which dimensions a metric carries, and so which dimension sets its EMF documents declare: every
   * scope also declares the coarser sets, so a per-registry metric has a stack-wide series too.
   */
  public enum Scope {
    /** {@code [[]]}: one series for the stack. */
    FUNCTION,
    /** {@code [["registry"], []]}. */
    REGISTRY,
    /** {@code [["registry","endpoint"], ["registry"], []]}. */
    ENDPOINT
  }

  private final String metricName;
  private final Unit unit;
  private final Scope scope;

  Metric(String metricName, Unit unit, Scope scope) {
    this.metricName = metricName;
    this.unit = unit;
    this.scope = scope;
  }

  /** The metric's CloudWatch name. */
  public String metricName() {
    return metricName;
  }

  /** Its unit. */
  public Unit unit() {
    return unit;
  }

  /** Its dimensions. */
  public Scope scope() {
    return scope;
  }
}
