package com.chittysync.bench.coldstart;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cold starts of one set of JVM flags, summarised per function by their medians. */
final class ColdStartTable {
  private final String flagsName;
  private final Map<LambdaFunction, List<ColdStart>> runs = new LinkedHashMap<>();
  private final Map<LambdaFunction, Long> jarBytes = new LinkedHashMap<>();

  ColdStartTable(String flagsName) {
    this.flagsName = flagsName;
  }

  void add(LambdaFunction function, long jarSize, ColdStart run) {
    jarBytes.put(function, jarSize);
    runs.computeIfAbsent(function, f -> new ArrayList<>()).add(run);
  }

  /** Whether every function answered every time (with a response, not an error). */
  boolean allAnswered() {
    return runs.keySet().stream().noneMatch(f -> verdict(f).equals("FAILED"));
  }

  void print(PrintStream out) {
    out.printf(
        "%nflags: %s; medians of %s; x floor: response over the no-op Java handler's (noop)"
            + " in this run%n",
        flagsName, counts());
    Optional<Duration> floor =
        runs.containsKey(LambdaFunction.FLOOR)
            ? median(runs.get(LambdaFunction.FLOOR).stream().map(ColdStart::response).toList())
            : Optional.empty();
    out.printf(
        "%-9s %8s %9s %11s %8s %9s  %-7s %s%n",
        "function", "jar MB", "init s", "response s", "x floor", "target s", "verdict", "answer");
    for (var e : runs.entrySet()) {
      LambdaFunction f = e.getKey();
      List<ColdStart> starts = e.getValue();
      Optional<Duration> response = median(starts.stream().map(ColdStart::response).toList());
      out.printf(
          "%-9s %8.2f %9s %11s %8s %9s  %-7s %s%n",
          f.name(),
          jarBytes.get(f) / 1e6,
          seconds(median(starts.stream().map(ColdStart::init).toList())),
          seconds(response),
          ratio(response, floor),
          f.target().map(t -> "< " + seconds(Optional.of(t))).orElse("-"),
          verdict(f),
          starts.get(starts.size() - 1).answer());
    }
  }

  private String counts() {
    return runs.values().stream().mapToInt(List::size).max().orElse(0) + " run(s) each";
  }

  private String verdict(LambdaFunction f) {
    List<ColdStart> starts = runs.get(f);
    if (starts.stream().anyMatch(s -> !s.succeeded())) {
      return "FAILED";
    }
    if (f.target().isEmpty()) {
      return "-";
    }
    Optional<Duration> median = median(starts.stream().map(ColdStart::response).toList());
    return median.isPresent() && median.get().compareTo(f.target().get()) < 0 ? "ok" : "over";
  }

  /** The median of the values present; empty when none is. */
  static Optional<Duration> median(List<Optional<Duration>> values) {
    List<Duration> present = values.stream().flatMap(Optional::stream).sorted().toList();
    if (present.isEmpty()) {
      return Optional.empty();
    }
    int n = present.size();
    return Optional.of(
        n % 2 == 1
            ? present.get(n / 2)
            : present.get(n / 2 - 1).plus(present.get(n / 2)).dividedBy(2));
  }

  /** {@code value} as a multiple of {@code floor}, e.g. {@code 3.4x}; "n/a" without either. */
  static String ratio(Optional<Duration> value, Optional<Duration> floor) {
    if (value.isEmpty() || floor.isEmpty() || floor.get().isZero()) {
      return "n/a";
    }
    return String.format("%.1fx", value.get().toNanos() / (double) floor.get().toNanos());
  }

  static String seconds(Optional<Duration> d) {
    return d.map(x -> String.format("%.2f", x.toNanos() / 1e9)).orElse("n/a");
  }
}
