package com.chittysync.dashboard.registry;

import com.chittysync.sync.state.Overview;
import java.util.ArrayList;
import java.util.List;

/**
 * The last runs as chart series (oldest first): plan and apply durations, ops applied, failures.
 * The same points render as a table for screen readers.
 */
public record RunChart(List<Point> points) {
  /** One run's figures; {@code at} in epoch seconds. */
  public record Point(
      long at,
      String runId,
      String kind,
      String status,
      long planMs,
      long applyMs,
      long applied,
      long failed) {}

  /** The chart of {@code runs} (newest first, as the overview lists them). */
  public static RunChart of(List<Overview.Run> runs) {
    List<Point> points = new ArrayList<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      Overview.Run r = runs.get(i);
      var t = r.counts().path("timings_ms");
      points.add(
          new Point(
              r.startedAt().getEpochSecond(),
              r.runId().toString(),
              r.kind().wire(),
              r.status().wire(),
              t.path("plan").asLong(),
              t.path("apply").asLong(),
              r.counts().path("applied").asLong(),
              r.counts().path("failed").asLong()));
    }
    return new RunChart(List.copyOf(points));
  }

  /** The uPlot data as JSON: x and one series per figure. */
  public String json() {
    StringBuilder x = new StringBuilder();
    StringBuilder plan = new StringBuilder();
    StringBuilder apply = new StringBuilder();
    StringBuilder ops = new StringBuilder();
    StringBuilder failed = new StringBuilder();
    for (Point p : points) {
      String sep = x.length() == 0 ? "" : ",";
      x.append(sep).append(p.at());
      plan.append(sep).append(p.planMs());
      apply.append(sep).append(p.applyMs());
      ops.append(sep).append(p.applied());
      failed.append(sep).append(p.failed());
    }
    // Numbers only: nothing here comes from a record, so the JSON needs no escaping.
    return "{\"x\":["
        + x
        + "],\"series\":["
        + "{\"label\":\"plan ms\",\"color\":\"#0b5cad\",\"scale\":\"ms\",\"values\":["
        + plan
        + "]},{\"label\":\"apply ms\",\"color\":\"#8250df\",\"scale\":\"ms\",\"values\":["
        + apply
        + "]},{\"label\":\"ops applied\",\"color\":\"#1a7f37\",\"scale\":\"ops\",\"values\":["
        + ops
        + "]},{\"label\":\"failures\",\"color\":\"#c0262d\",\"scale\":\"ops\",\"values\":["
        + failed
        + "]}]}";
  }
}
