package com.chittysync.cli;

import com.chittysync.testkit.notion.NotionEmulator;
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
    subcommands = {SandboxCommand.Notion.class})
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
}
