package com.chittysync.core.health;

import com.chittysync.core.BuildInfo;
import com.chittysync.core.ChittySyncException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every {@link HealthCheck} concurrently, each bounded by a deadline, and folds the results
 * into one {@link HealthReport}. A check that throws or overruns is reported {@code down} with a
 * one-line reason; no stack trace reaches the caller.
 */
public final class HealthService {
  /** The default bound on the whole report, inside API Gateway's and the 5 s budget. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(4500);

  private final List<HealthCheck> checks;
  private final Duration deadline;

  public HealthService(Set<HealthCheck> checks, Duration deadline) {
    List<HealthCheck> sorted = new ArrayList<>(checks);
    sorted.sort(Comparator.comparing(HealthCheck::name));
    this.checks = List.copyOf(sorted);
    this.deadline = deadline;
  }

  /** Runs the checks and reports. Never throws. */
  public HealthReport check() {
    // A fresh daemon thread per check: a check stuck in a socket read must not hold up the report
    // nor keep the process alive, and health is called rarely enough that pooling buys nothing.
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "health-check");
              t.setDaemon(true);
              return t;
            });
    try {
      Map<String, CompletableFuture<CheckResult>> running = new LinkedHashMap<>();
      for (HealthCheck check : checks) {
        running.put(check.name(), CompletableFuture.supplyAsync(() -> timed(check), executor));
      }
      long deadlineNanos = System.nanoTime() + deadline.toNanos();
      Map<String, CheckResult> results = new LinkedHashMap<>();
      HealthStatus overall = HealthStatus.OK;
      for (Map.Entry<String, CompletableFuture<CheckResult>> entry : running.entrySet()) {
        CheckResult result = await(entry.getValue(), deadlineNanos);
        results.put(entry.getKey(), result);
        overall = overall.worst(result.status());
      }
      return new HealthReport(overall, BuildInfo.version(), results);
    } finally {
      executor.shutdownNow();
    }
  }

  private CheckResult await(CompletableFuture<CheckResult> future, long deadlineNanos) {
    long remaining = Math.max(0, deadlineNanos - System.nanoTime());
    try {
      return future.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return CheckResult.down("timed out after " + deadline.toMillis() + " ms")
          .withDuration(deadline.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.down("interrupted");
    } catch (ExecutionException e) {
      return CheckResult.down(describe(e.getCause()));
    }
  }

  private static CheckResult timed(HealthCheck check) {
    long start = System.nanoTime();
    CheckResult result;
    try {
      result = check.run();
    } catch (Exception | LinkageError e) {
      result = CheckResult.down(describe(e));
    }
    return result.withDuration(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** A one-line reason for {@code e}: the typed message when we raised it, else the root cause. */
  static String describe(Throwable e) {
    if (e instanceof ChittySyncException cse) {
      return cse.describe();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
