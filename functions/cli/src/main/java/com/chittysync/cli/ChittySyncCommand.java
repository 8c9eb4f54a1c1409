package com.chittysync.cli;

import com.chittysync.core.BuildInfo;
import com.chittysync.observe.log.LogSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  /**
   * Log lines as JSON objects, the functions' lines in CloudWatch, on stderr (stdout stays the
   * command's output), with the run's metrics as EMF documents beside them; for scripts.
   */
  @Option(
      names = "--log-json",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Write log lines (and run metrics) as JSON on stderr, as the functions do.")
  void logJson(boolean on) {
    if (on) {
      LogSettings.jsonOnStderr();
    }
  }

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
