package com.chittysync.cli;

import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chittysync migrate}: brings the state database's schema up to date. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Apply pending schema migrations to the state database. Safe to run again.",
      "Uses DATABASE_URL_UNPOOLED when set (migrations need a direct connection), else DATABASE_URL."
    })
final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DatabaseSettings settings = DatabaseSettings.from(CliEnvironment.load());
    Migrator.MigrationReport report = Migrator.of(settings).migrate();
    spec.commandLine()
        .getOut()
        .printf(
            "migrated %s: applied %d migration(s); schema version %s%n",
            settings.migrations().describe(),
            report.applied(),
            report.to() == null ? "(none)" : report.to());
    return 0;
  }
}
