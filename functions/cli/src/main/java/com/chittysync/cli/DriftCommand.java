package com.chittysync.cli;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.sync.SyncService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chittysync drift [--registry NAME]}: compares endpoints in full; exit 0 none, 4 drift. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description =
        "Compare every endpoint in full and list every difference; change nothing. Exit 0 if none, 4 if drift.")
final class DriftCommand implements Callable<Integer> {
  static final int DRIFT = 4;

  @Spec CommandSpec spec;

  @Option(names = "--registry", paramLabel = "NAME", description = "The registry (default: all).")
  String registry;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (default: $CHITTYSYNC_CONFIG or ./chittysync.yaml).")
  Path config;

  @Override
  public Integer call() {
    try (CliContext ctx = CliContext.load()) {
      SyncService service = ctx.syncService();
      SyncConfig cfg = service.config(Optional.ofNullable(config));
      List<String> registries =
          registry != null
              ? List.of(cfg.registry(registry).name())
              : new ArrayList<>(cfg.registries().keySet());
      PrintWriter out = spec.commandLine().getOut();
      int total = 0;
      for (String name : registries) {
        // Recorded as a drift run, so the dashboard shows the latest check.
        List<SyncService.Difference> differences =
            service.checkDrift(cfg, name, "cli").differences();
        total += differences.size();
        for (SyncService.Difference d : differences) {
          if (d.field() == null) {
            out.printf("%s %s: missing at %s (%s)%n", name, d.key(), d.endpoint(), d.expected());
          } else {
            out.printf(
                "%s %s.%s: %s has %s, expected %s%n",
                name, d.key(), d.field(), d.endpoint(), d.actual(), d.expected());
          }
        }
      }
      out.println(total == 0 ? "no drift" : total + " difference(s)");
      out.flush();
      return total == 0 ? 0 : DRIFT;
    }
  }
}
