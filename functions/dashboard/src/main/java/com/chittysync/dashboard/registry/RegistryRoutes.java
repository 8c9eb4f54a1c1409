package com.chittysync.dashboard.registry;

import com.chittysync.dashboard.fleet.FleetRow;
import com.chittysync.dashboard.ops.DeadLetters;
import com.chittysync.dashboard.ops.NextRuns;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.NotFound;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.dashboard.web.Views;
import com.chittysync.sync.state.Overview;
import com.chittysync.sync.state.RunStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.inject.Inject;

/** A registry's Status, Runs and Validation tabs, and the page of one run. */
public final class RegistryRoutes implements Routes {
  static final int CHART_RUNS = 50;
  static final int RUNS_PER_PAGE = 50;
  static final int OPS_SHOWN = 1000;
  static final int QUARANTINE_SHOWN = 500;

  private final Overview overview;
  private final DeadLetters deadLetters;
  private final NextRuns nextRuns;
  private final Clock clock;

  @Inject
  public RegistryRoutes(
      Overview overview, DeadLetters deadLetters, NextRuns nextRuns, Clock clock) {
    this.overview = overview;
    this.deadLetters = deadLetters;
    this.nextRuns = nextRuns;
    this.clock = clock;
  }

  @Override
  public void register(Router router) {
    router.get("/registries/{name}", Router.Guard.READ, this::status);
    router.get("/registries/{name}/runs", Router.Guard.READ, this::runs);
    router.get("/registries/{name}/runs/{id}", Router.Guard.READ, this::run);
    router.get("/registries/{name}/validation", Router.Guard.READ, this::validation);
  }

  private Reply status(Call call) {
    String name = call.param("name");
    Overview.Line line = RegistryPages.require(overview, name);
    Instant now = clock.instant();
    FleetRow row =
        FleetRow.of(
            line,
            nextRuns.next(name, now),
            Optional.of(deadLetters.countsByRegistry().getOrDefault(name, 0)),
            now);
    StatusView view =
        new StatusView(
            row,
            overview.endpoints(name),
            RunChart.of(overview.runs(name, Overview.RunQuery.latest(CHART_RUNS))));
    return Views.page(
        call, view, "registry/status.jte", Map.of("chrome", call.frame(), "view", view));
  }

  private Reply runs(Call call) {
    String name = call.param("name");
    RegistryPages.require(overview, name);
    String status = call.query("status", "");
    String from = call.query("from", "");
    Optional<RunStatus> statusFilter;
    try {
      statusFilter = status.isEmpty() ? Optional.empty() : Optional.of(RunStatus.fromWire(status));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown run status '"
              + status
              + "'; use running, planned, converged, attention, failed, superseded or handed_over");
    }
    Optional<Instant> fromFilter;
    try {
      fromFilter =
          from.isEmpty()
              ? Optional.empty()
              : Optional.of(LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'from' must be a date like 2026-12-07, got '" + from + "'");
    }
    Optional<Instant> before;
    String b = call.query("before", "");
    try {
      before = b.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(b));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'before' must be an ISO-8601 instant, got '" + b + "'");
    }
    List<Overview.Run> runs =
        overview.runs(
            name,
            new Overview.RunQuery(
                statusFilter, Optional.empty(), fromFilter, before, RUNS_PER_PAGE + 1));
    Optional<String> older = Optional.empty();
    if (runs.size() > RUNS_PER_PAGE) {
      runs = runs.subList(0, RUNS_PER_PAGE);
      StringBuilder q = new StringBuilder("?");
      if (!status.isEmpty()) {
        q.append("status=").append(status).append('&');
      }
      if (!from.isEmpty()) {
        q.append("from=").append(from).append('&');
      }
      q.append("before=")
          .append(
              URLEncoder.encode(
                  runs.get(runs.size() - 1).startedAt().toString(), StandardCharsets.UTF_8));
      older = Optional.of(q.toString());
    }
    RunsView view = new RunsView(name, List.copyOf(runs), status, from, older);
    return Views.page(
        call, view, "registry/runs.jte", Map.of("chrome", call.frame(), "view", view));
  }

  private Reply run(Call call) {
    String name = call.param("name");
    UUID id;
    try {
      id = UUID.fromString(call.param("id"));
    } catch (IllegalArgumentException e) {
      throw new NotFound("'" + call.param("id") + "' is not a run id.");
    }
    Overview.Run run =
        overview
            .run(id)
            .filter(r -> r.registry().equals(name))
            .orElseThrow(() -> new NotFound("Registry '" + name + "' has no run " + id + "."));
    Map<String, Long> timings = new LinkedHashMap<>();
    run.counts()
        .path("timings_ms")
        .fields()
        .forEachRemaining(e -> timings.put(e.getKey(), e.getValue().asLong()));
    Optional<Overview.Plan> plan = run.planId().flatMap(p -> overview.plan(p, OPS_SHOWN));
    Map<String, Map<String, Long>> perEndpoint = new TreeMap<>();
    plan.ifPresent(
        p ->
            p.summary()
                .fields()
                .forEachRemaining(
                    e -> {
                      Map<String, Long> counts = new LinkedHashMap<>();
                      for (String k : List.of("create", "update", "delete")) {
                        counts.put(k, e.getValue().path(k).asLong());
                      }
                      perEndpoint.put(e.getKey(), counts);
                    }));
    if (perEndpoint.isEmpty()) {
      run.counts()
          .path("plan")
          .fields()
          .forEachRemaining(
              e -> {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (String k : List.of("create", "update", "delete")) {
                  counts.put(k, e.getValue().path(k).asLong());
                }
                perEndpoint.put(e.getKey(), counts);
              });
    }
    Map<String, Long> outcomes = new TreeMap<>();
    List<Overview.PlanOp> ops = plan.map(Overview.Plan::ops).orElse(List.of());
    ops.forEach(o -> outcomes.merge(o.status(), 1L, Long::sum));
    RunView view = new RunView(run, timings, plan, perEndpoint, outcomes, ops);
    return Views.page(call, view, "registry/run.jte", Map.of("chrome", call.frame(), "view", view));
  }

  private Reply validation(Call call) {
    String name = call.param("name");
    RegistryPages.require(overview, name);
    String key = call.query("key", "").strip();
    if (key.length() > 256) {
      throw new IllegalArgumentException("the key search may be at most 256 characters");
    }
    List<Overview.Quarantined> rows =
        overview.quarantine(
            name, key.isEmpty() ? Optional.empty() : Optional.of(key), QUARANTINE_SHOWN);
    ValidationView view = new ValidationView(name, key, rows, rows.size() == QUARANTINE_SHOWN);
    return Views.page(
        call, view, "registry/validation.jte", Map.of("chrome", call.frame(), "view", view));
  }

  /** The Validation tab: quarantined records, each error with its JSON path. */
  public record ValidationView(
      String registry, String key, List<Overview.Quarantined> rows, boolean truncated) {}
}
