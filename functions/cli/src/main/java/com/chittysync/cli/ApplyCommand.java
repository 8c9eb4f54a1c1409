package com.chittysync.cli;

import com.chittysync.sync.engine.Applier;
import com.chittysync.sync.engine.LeaseHeldException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chittysync apply --plan ID}: applies a stored plan. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Apply a stored plan (for example one 'plan' made).")
final class ApplyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "ID", description = "The plan id.")
  UUID plan;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (default: $CHITTYSYNC_CONFIG or ./chittysync.yaml).")
  Path config;

  @Override
  public Integer call() {
    try (CliContext ctx = CliContext.load()) {
      var service = ctx.syncService();
      Applier.Outcome outcome =
          service.apply(
              service.config(Optional.ofNullable(config)),
              plan,
              AuditCommand.operator() + " pid " + ProcessHandle.current().pid());
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "plan %s: applied %d op(s), %d stale, %d failed%n",
          plan, outcome.applied(), outcome.stale(), outcome.failed());
      outcome.errors().forEach(line -> out.println("  " + line));
      out.flush();
      return outcome.failed() > 0
          ? SyncCommand.FAILED
          : outcome.stale() > 0 ? SyncCommand.ATTENTION : SyncCommand.CONVERGED;
    } catch (LeaseHeldException e) {
      spec.commandLine().getErr().println("chittysync: " + e.describe());
      return SyncCommand.LEASE_HELD;
    }
  }
}
