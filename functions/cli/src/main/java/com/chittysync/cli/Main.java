package com.chittysync.cli;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.io.PrintWriter;
import picocli.CommandLine;

/** {@code java -jar chittysync.jar}: the command-line entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * The exit code of a command a server refused for want of (valid) credentials, such as {@code
   * audit verify --url} without {@code --token}: distinct from 1, so that a script can tell "the
   * log does not verify" from "I was not let in".
   */
  static final int AUTH_REFUSED = 5;

  /**
   * Runs the CLI and returns its exit code: 0 ok, 1 failed, 2 usage, 5 refused by a server for want
   * of credentials ({@link #AUTH_REFUSED}), others per command.
   */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture its output. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ChittySyncCommand());
    // Options such as --key take "@FILE" themselves; picocli must not expand it first.
    cli.setExpandAtFiles(false);
    cli.setExecutionExceptionHandler(Main::handleFailure);
    cli.setParameterExceptionHandler(Main::handleUsageError);
    return cli;
  }

  /**
   * Bad commands and options: the reason, any suggestion, then the usage of the command at fault.
   */
  private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    cli.usage(err);
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof ChittySyncException cse) {
      err.println("chittysync: " + cse.describe());
      if (cse.code() == ErrorCode.AUTH_REQUIRED || cse.code() == ErrorCode.AUTH_FORBIDDEN) {
        err.flush();
        return AUTH_REFUSED;
      }
    } else {
      err.println("chittysync: internal error: " + e);
      if (System.getenv("CHITTYSYNC_DEBUG") != null) {
        e.printStackTrace(err);
      }
    }
    err.flush();
    return 1;
  }
}
