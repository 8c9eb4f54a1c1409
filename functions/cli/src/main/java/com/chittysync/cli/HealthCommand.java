package com.chittysync.cli;

import com.chittysync.core.health.HealthReport;
import com.chittysync.functions.health.HealthComponent;
import com.chittysync.functions.health.HealthHandler;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chittysync health}: the health function's report, run locally. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Print the health JSON. Exit 0 when the status is ok, 1 otherwise.")
final class HealthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    HealthReport report = HealthComponent.create(CliEnvironment.raw()).healthService().check();
    spec.commandLine().getOut().println(HealthHandler.toJson(report));
    return report.isOk() ? 0 : 1;
  }
}
