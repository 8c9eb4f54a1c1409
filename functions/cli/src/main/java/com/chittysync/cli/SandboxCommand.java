package com.chittysync.cli;

import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.sheets.SheetsEmulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chittysync sandbox}: local stand-ins for the services ChittySync talks to. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Run a local emulator of a service, for trying ChittySync without an account.",
    subcommands = {SandboxCommand.Notion.class, SandboxCommand.GoogleSheets.class})
final class SandboxCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** {@code sandbox notion --port N [--seed FILE]}. */
  @Command(
      name = "notion",
      mixinStandardHelpOptions = true,
      description = {
        "Serve the Notion API emulator on 127.0.0.1 until interrupted (Ctrl-C). Point ChittySync at"
            + " it with the NOTION_API_BASE_URL and NOTION_API_TOKEN it prints.",
        "The seed file's format is described in docs/notion.md."
      })
  static final class Notion implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--port",
        defaultValue = "8787",
        description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--seed",
        paramLabel = "FILE",
        description = "Databases and pages to start with.")
    Path seed;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (NotionEmulator notion = NotionEmulator.start(port)) {
        if (seed != null) {
          notion.loadSeed(seed);
        }
        // The emulator's own made-up token: nothing real is printed.
        out.println("Notion emulator listening on " + notion.baseUrl());
        out.println("export NOTION_API_BASE_URL=" + notion.baseUrl());
        out.println("export NOTION_API_TOKEN=" + notion.token());
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
      return 0;
    }
  }

  /** {@code sandbox sheets --port N [--seed FILE] [--credentials-out PATH]}. */
  @Command(
      name = "sheets",
      mixinStandardHelpOptions = true,
      description = {
        "Serve the Google Sheets API emulator (and its OAuth token endpoint) on 127.0.0.1 until"
            + " interrupted (Ctrl-C). Point ChittySync at it with the SHEETS_API_ROOT_URL and"
            + " GOOGLE_SERVICE_ACCOUNT it prints.",
        "The service-account key file is written to --credentials-out; its private key is never"
            + " printed. The seed file's format is described in docs/sheets-emulator.md."
      })
  static final class GoogleSheets implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--port",
        defaultValue = "8788",
        description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--seed",
        paramLabel = "FILE",
        description = "Spreadsheets, tabs and values to start with.")
    Path seed;

    @Option(
        names = "--credentials-out",
        paramLabel = "PATH",
        defaultValue = "./sandbox-service-account.json",
        description =
            "Where to write the emulator's service-account key file (default ${DEFAULT-VALUE}).")
    Path credentialsOut;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (SheetsEmulator sheets = SheetsEmulator.start(port)) {
        if (seed != null) {
          sheets.loadSeed(seed);
        }
        // The key is made up by the emulator and only valid against it; still, it goes to a file
        // readable by the owner only and never to the terminal.
        Path credentials =
            sheets.serviceAccount().writeTo(credentialsOut).toAbsolutePath().normalize();
        out.println("Google Sheets emulator listening on " + sheets.rootUrl());
        out.println("export SHEETS_API_ROOT_URL=" + sheets.rootUrl());
        out.println("export GOOGLE_SERVICE_ACCOUNT=" + credentials);
        out.println("# service account: " + sheets.serviceAccount().clientEmail());
        for (String id : sheets.spreadsheetIds()) {
          out.println("# spreadsheet " + id + ": " + sheets.title(id));
        }
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
      return 0;
    }
  }
}
