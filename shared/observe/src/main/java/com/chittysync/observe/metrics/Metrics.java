package com.chittysync.observe.metrics;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation's metrics: counts are summed, other values (durations, rates) kept one by one, and
 * {@link #flush} writes them as EMF documents, one line each, then forgets them. Recording is
 * thread-safe: an HTTP client's threads may count requests while the service runs.
 */
public final class Metrics {
  /** The namespace of every metric. */
  public static final String NAMESPACE = "ChittySync";

  private final Clock clock;
  private final Map<Dimensions, Map<Metric, List<Double>>> series = new LinkedHashMap<>();

  /** Metrics stamped with the system clock. */
  public Metrics() {
    this(Clock.systemUTC());
  }

  /** Metrics stamped with {@code clock} at flush time. */
  public Metrics(Clock clock) {
    this.clock = clock;
  }

  /**
   * Records {@code value} of {@code metric} for {@code dimensions}.
   *
   * @throws IllegalArgumentException when the dimensions are not the metric's (a per-endpoint
   *     metric given a registry only, say): the template's alarms would never see the series
   */
  public synchronized Metrics add(Metric metric, Dimensions dimensions, double value) {
    if (dimensions.scope() != metric.scope()) {
      throw new IllegalArgumentException(
          metric.metricName() + " has dimensions " + metric.scope() + ", not " + dimensions);
    }
    if (!Double.isFinite(value)) {
      // EMF values must be numbers; a rate over a zero duration is no measurement.
      return this;
    }
    List<Double> values =
        series
            .computeIfAbsent(dimensions, d -> new LinkedHashMap<>())
            .computeIfAbsent(metric, m -> new ArrayList<>(1));
    if (metric.unit() == Metric.Unit.COUNT && !values.isEmpty()) {
      values.set(0, values.get(0) + value);
    } else {
      values.add(value);
    }
    return this;
  }

  /** Adds one to {@code metric} for {@code dimensions}. */
  public Metrics increment(Metric metric, Dimensions dimensions) {
    return add(metric, dimensions, 1);
  }

  /** What has been recorded and not flushed: per series, each metric's values. */
  public synchronized Map<Dimensions, Map<Metric, List<Double>>> recorded() {
    Map<Dimensions, Map<Metric, List<Double>>> copy = new LinkedHashMap<>();
    series.forEach(
        (d, m) -> {
          Map<Metric, List<Double>> values = new LinkedHashMap<>();
          m.forEach((metric, v) -> values.put(metric, List.copyOf(v)));
          copy.put(d, values);
        });
    return copy;
  }

  /** The EMF documents of what has been recorded, and forgets it. */
  public synchronized List<String> drain() {
    Map<Dimensions, Map<EmfWriter.Definition, List<Double>>> named = new LinkedHashMap<>();
    series.forEach(
        (d, m) -> {
          Map<EmfWriter.Definition, List<Double>> values = new LinkedHashMap<>();
          m.forEach((metric, v) -> values.put(EmfWriter.Definition.of(metric), v));
          named.put(d, values);
        });
    List<String> documents = EmfWriter.documents(NAMESPACE, clock.millis(), named);
    series.clear();
    return documents;
  }

  /** Writes the EMF documents to {@code out}, one per line, and forgets what they hold. */
  public void flush(PrintStream out) {
    List<String> documents = drain();
    synchronized (out) {
      for (String document : documents) {
        out.println(document);
      }
    }
    out.flush();
  }

  /** Writes the EMF documents to stdout, where Lambda's log agent extracts them. */
  public void flush() {
    flush(System.out);
  }
}
