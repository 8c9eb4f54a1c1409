package com.chittysync.cli;

import com.chittysync.core.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; on its own it prints usage. */
@Command(
    name = "chittysync",
    mixinStandardHelpOptions = true,
    versionProvider = ChittySyncCommand.Version.class,
    description = "Keeps canonical registries aligned across Notion, PostgreSQL and Google Sheets.",
    subcommands = {
      MigrateCommand.class,
      HealthCommand.class,
      InvokeCommand.class,
      ServeCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      EnvelopeCommand.class,
      SyncCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      DriftCommand.class,
      ReviewCommands.Conflicts.class,
      ReviewCommands.Deletes.class,
      ReviewCommands.Runs.class,
      ConfigCommand.class,
      NotionCommand.class,
      SandboxCommand.class,
      DemoCommand.class
    })
final class ChittySyncCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"chittysync " + BuildInfo.version()};
    }
  }
}
