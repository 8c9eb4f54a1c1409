package com.chittysync.cli;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.observe.log.LogSettings;
import com.chittysync.observe.metrics.Metrics;
import com.chittysync.pipeline.RunMetrics;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.LeaseHeldException;
import com.chittysync.sync.engine.SyncEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.MDC;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chittysync sync [--registry NAME | --all] [--dry-run] [--full] [--json]}. Exit 0
 * converged; 2 finished with records quarantined, held or in conflict (or ops stale); 3 another run
 * holds the lease; 1 failed.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Run the sync cycle: fetch, diff, validate, resolve, plan, apply.")
class SyncCommand implements Callable<Integer> {
  /** Exit codes. */
  static final int CONVERGED = 0;

  static final int FAILED = 1;
  static final int ATTENTION = 2;
  static final int LEASE_HELD = 3;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true)
  Which which;

  static final class Which {
    @Option(names = "--registry", paramLabel = "NAME", description = "The registry to sync.")
    String registry;

    @Option(names = "--all", description = "Every registry in the config.")
    boolean all;
  }

  @Option(names = "--dry-run", description = "Show and store the plan; change nothing.")
  boolean dryRun;

  @Option(names = "--full", description = "Scan every endpoint in full.")
  boolean full;

  @Option(names = "--json", description = "Print one JSON object per registry.")
  boolean json;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (default: $CHITTYSYNC_CONFIG or ./chittysync.yaml).")
  Path config;

  boolean dryRun() {
    return dryRun;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (CliContext ctx = CliContext.load()) {
      SyncService service = ctx.syncService();
      SyncConfig cfg = service.config(Optional.ofNullable(config));
      List<String> registries = new ArrayList<>();
      if (which == null || which.all) {
        if (which == null && cfg.registries().size() > 1) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "the config has several registries; pass --registry NAME or --all");
        }
        registries.addAll(cfg.registries().keySet());
      } else {
        cfg.registry(which.registry);
        registries.add(which.registry);
      }
      int worst = CONVERGED;
      for (String registry : registries) {
        int code;
        // With --log-json, the run's metrics go out beside its log lines, as the functions'.
        Metrics metrics = new Metrics();
        MDC.put("registry", registry);
        MDC.put("trigger", "cli");
        try {
          Progress progress =
              new Progress(err, !json && !LogSettings.isJson() && System.console() != null);
          SyncEngine.Result result =
              service.sync(
                  cfg,
                  registry,
                  new SyncEngine.Options(
                      dryRun(),
                      full,
                      "cli",
                      AuditCommand.operator() + " pid " + ProcessHandle.current().pid()),
                  progress);
          progress.done();
          if (json) {
            SyncReport.writeJson(out, registry, result);
          } else {
            SyncReport.human(out, registry, result);
          }
          code =
              result.converged() || (dryRun() && !result.plan().needsAttention())
                  ? CONVERGED
                  : ATTENTION;
          if (!dryRun()) {
            RunMetrics.planned(metrics, registry, result, 0);
            result
                .applied()
                .ifPresent(
                    a ->
                        RunMetrics.applied(
                            metrics,
                            registry,
                            a,
                            result.timingsMillis().getOrDefault("apply", 0L)));
            RunMetrics.ended(metrics, registry, result.converged());
          }
        } catch (LeaseHeldException e) {
          err.println("chittysync: " + e.describe());
          code = LEASE_HELD;
        } catch (RuntimeException e) {
          RunMetrics.failed(metrics, registry);
          throw e;
        } finally {
          if (LogSettings.isJson()) {
            metrics.flush(LogSettings.jsonStream());
          }
          MDC.remove("registry");
          MDC.remove("trigger");
        }
        worst = worst(worst, code);
      }
      out.flush();
      err.flush();
      return worst;
    }
  }

  /**
   * The exit code that matters most across registries: failed, lease held, attention, converged.
   */
  static int worst(int a, int b) {
    int[] order = {CONVERGED, ATTENTION, LEASE_HELD, FAILED};
    int ia = 0;
    int ib = 0;
    for (int i = 0; i < order.length; i++) {
      if (order[i] == a) {
        ia = i;
      }
      if (order[i] == b) {
        ib = i;
      }
    }
    return order[Math.max(ia, ib)];
  }

  /** A one-line progress display on a terminal; silent otherwise. */
  static final class Progress implements Consumer<String> {
    private final PrintWriter err;
    private final boolean enabled;

    Progress(PrintWriter err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    @Override
    public void accept(String step) {
      if (enabled) {
        err.print("\r\u001b[K… " + step);
        err.flush();
      }
    }

    void done() {
      if (enabled) {
        err.print("\r\u001b[K");
        err.flush();
      }
    }
  }
}
