package com.chittysync.cli;

import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditVerifier;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.audit.log.DatabaseLogSource;
import com.chittysync.audit.log.StoredCheckpoint;
import com.chittysync.audit.log.VerificationReport;
import com.chittysync.cli.demo.jdbc.DemoTables;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.dashboard.ops.LocalOverrides;
import com.chittysync.dashboard.ops.SyncRequests;
import com.chittysync.functions.dashboard.DashboardComponent;
import com.chittysync.functions.dashboard.DashboardHandler;
import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.DiffService;
import com.chittysync.pipeline.events.SyncCompleted;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.schedule.Scheduler;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.StateAdmin;
import com.chittysync.sync.state.jdbc.JdbcStateAdmin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chittysync demo}: a three-way sync anyone can run. Starts the Notion and Google Sheets
 * emulators in this process, seeds a registry across Notion, PostgreSQL and a sheet, runs the real
 * pipeline (schedule, diff, apply, with an in-process bus), makes edits on every side (a conflict
 * and an invalid record among them), syncs again, checks every outcome, and verifies the audit log.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a three-way sync (Notion, PostgreSQL, Google Sheets) end to end on this machine.",
      "Notion and Sheets are emulated in this process; PostgreSQL is DATABASE_URL (default the"
          + " local server, postgresql://postgres@127.0.0.1:5432/postgres). The state is left in"
          + " that database: inspect it with `runs list`, `conflicts list` and `audit verify`.",
      "Exit 0 when every check passes, 1 otherwise."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  @Spec CommandSpec spec;

  @Option(
      names = "--records",
      defaultValue = "300",
      description = "Projects to create (default ${DEFAULT-VALUE}).")
  int records;

  @Option(
      names = "--dir",
      defaultValue = "chittysync-demo",
      description =
          "Where to write the demo's config, schemas and keys (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--keep-running",
      description = "Keep the emulators serving after the demo, until Ctrl-C.")
  boolean keepRunning;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description =
          "With --keep-running: the dashboard's port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0"
              + " picks a free one).")
  int port;

  private PrintWriter out;
  private final List<String> failures = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    // The demo tells its own story; the services' INFO lines would drown it.
    com.chittysync.observe.log.LogSettings.level(org.slf4j.event.Level.WARN);
    if (records < 10 || records > 5000) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--records must be between 10 and 5000");
    }
    Map<String, String> raw = new HashMap<>(CliEnvironment.raw());
    raw.putIfAbsent(DatabaseSettings.DATABASE_URL, DEFAULT_DATABASE_URL);
    DatabaseSettings settings =
        DatabaseSettings.from(new Environment(raw, CliEnvironment.resolver()));
    say("ChittySync demo: Notion ⇄ PostgreSQL ⇄ Google Sheets");
    Migrator.of(settings).migrate();
    try (Database database = Database.open(settings)) {
      say("state database: " + database.describe());
      // Forgets what an earlier demo left of its registries, so that a second demo starts from
      // fresh emulators without reading the first one's pages as deleted. The audit log keeps
      // every entry: it still verifies.
      StateAdmin admin = new JdbcStateAdmin(database);
      List.of(DemoWorld.TEAMS, DemoWorld.PROJECTS).forEach(admin::forget);
      long t0 = System.nanoTime();
      try (DemoWorld world = DemoWorld.create(dir.toAbsolutePath(), database, records)) {
        raw.putAll(world.env());
        Environment env = new Environment(raw, CliEnvironment.resolver());
        DemoComponent engine =
            DaggerDemoComponent.factory()
                .create(env, database, CliEnvironment.resolver(), Clock.systemUTC());
        AuditLog audit = engine.auditLog();
        SyncService sync = engine.syncService();
        LocalPipeline bus = new LocalPipeline();
        ReviewQueue review = engine.reviewQueue();
        bus.consumers(new DiffService(sync, bus), new ApplyService(sync, review, bus));
        DemoChecks checks = new DemoChecks(world, new DemoTables(database), review, failures);

        say("");
        say(
            "1. Seeded "
                + records
                + " projects (odd ones in PostgreSQL, even ones in the sheet) and "
                + DemoWorld.TEAM_ROWS.size()
                + " teams in Notion. Config: "
                + dir.resolve("chittysync.yaml"));
        say("2. The schedule asks for every due registry; diff and apply run on the bus:");
        List<String> due =
            new Scheduler(sync, engine.registryRows(), bus, Clock.systemUTC()).tick();
        say("  schedule → SyncRequested for " + due);
        report(bus.drain(this::say));
        checks.everywhere(records);

        say("");
        say("3. People edit every side between syncs:");
        for (String edit : new DemoEdits(world, database, records).apply()) {
          say("  " + edit);
        }

        say("");
        // As deployments run: the schedule's next tick, reading Notion incrementally (only what
        // changed since the first pass), not a full sync that would hide what incremental reads
        // miss.
        say("4. The schedule's next tick, minutes later: incremental reads, as deployments run:");
        List<String> next =
            new Scheduler(
                    sync,
                    engine.registryRows(),
                    bus,
                    Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)))
                .tick();
        say("  schedule → SyncRequested for " + next);
        report(bus.drain(this::say));
        say("");
        say("5. What every side holds now:");
        checks.afterEdits(records, this::say);

        say("");
        say("6. The audit log, verified offline:");
        verifyAudit(database, audit);

        say("");
        say(
            String.format(
                "Done in %.1f s: %s.",
                (System.nanoTime() - t0) / 1e9,
                failures.isEmpty() ? "every check passed" : failures.size() + " check(s) FAILED"));
        failures.forEach(f -> say("  FAILED: " + f));
        say("Inspect the state (DATABASE_URL as above, CHITTYSYNC_CONFIG=" + configPath() + "):");
        say("  chittysync runs list --registry " + DemoWorld.PROJECTS);
        say("  chittysync conflicts list --registry " + DemoWorld.PROJECTS);
        say("  chittysync deletes list --registry " + DemoWorld.PROJECTS);
        say(
            "  CHITTYSYNC_LOG_VKEY=\"$(cat "
                + dir.resolve("log.vkey")
                + ")\" chittysync audit verify");
        if (keepRunning) {
          say(
              "Notion emulator: "
                  + world.notion.baseUrl()
                  + "  Sheets emulator: "
                  + world.sheets.rootUrl());
          try (LocalApiGateway gateway = dashboard(raw, world, bus)) {
            say("Serving until Ctrl-C.");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
          }
          return failures.isEmpty() ? 0 : 1;
        }
      }
    }
    return failures.isEmpty() ? 0 : 1;
  }

  /**
   * Serves the dashboard over the demo's state on 127.0.0.1, signed in through a one-time link,
   * with "Sync now" running the demo's in-process pipeline; prints the link.
   */
  private LocalApiGateway dashboard(Map<String, String> raw, DemoWorld world, LocalPipeline bus)
      throws IOException {
    ServeSecrets secrets = ServeSecrets.generate();
    Map<String, String> env = new HashMap<>(raw);
    env.putAll(world.env());
    env.putAll(secrets.env());
    env.put("CHITTYSYNC_LOG_VKEY", Files.readString(dir.resolve("log.vkey")).strip());
    SyncRequests syncNow =
        (registry, actor) -> {
          bus.publish(List.of(SyncRequested.byPerson(registry, "dashboard", actor)));
          report(bus.drain(this::say));
          return "local-" + UUID.randomUUID();
        };
    LocalFunction dashboard =
        LocalFunction.of(
            "dashboard",
            new DashboardHandler(
                DashboardComponent.create(env, new LocalOverrides(Optional.of(syncNow)))
                    .dashboard()));
    LocalApiGateway gateway =
        LocalApiGateway.forCatalog(secrets.apiToken(), false, env, Map.of("dashboard", dashboard));
    int bound;
    try {
      bound = gateway.start("127.0.0.1", port);
    } catch (BindException e) {
      gateway.close();
      throw new ConfigException(
          "--port "
              + port
              + ": 127.0.0.1:"
              + port
              + " is in use; pass --port N (0 picks a free one)");
    }
    say(
        "Dashboard: http://127.0.0.1:"
            + bound
            + "/login/local?token="
            + secrets.loginToken()
            + "  (one-time sign-in link)");
    say("API token for scripts (Authorization: Bearer): " + secrets.apiToken());
    return gateway;
  }

  private String configPath() {
    return dir.resolve("chittysync.yaml").toString();
  }

  private void report(List<SyncCompleted> completed) {
    for (SyncCompleted c : completed) {
      say(
          "  SyncCompleted "
              + c.registry()
              + ": "
              + c.applied()
              + " applied, "
              + c.failed()
              + " failed, "
              + c.stale()
              + " stale, "
              + c.held()
              + " delete(s) held");
      if (c.failed() > 0) {
        failures.add(c.registry() + ": " + c.failed() + " op(s) failed");
      }
    }
  }

  private void verifyAudit(Database database, AuditLog audit) throws Exception {
    // One log key per demo directory, kept: every checkpoint the demo signs verifies later.
    Path keyFile = dir.resolve("log.key");
    NoteSigner signer;
    if (Files.exists(keyFile)) {
      signer = NoteSigner.parse(Files.readString(keyFile).strip());
    } else {
      signer = NoteSigner.generate("chittysync-demo");
      Files.writeString(keyFile, signer.privateKey() + "\n");
      try {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the file keeps its default permissions.
      }
    }
    StoredCheckpoint checkpoint = new Checkpointer(database, signer, signer.name()).checkpoint();
    Files.writeString(dir.resolve("log.vkey"), signer.verifierKey() + "\n");
    VerificationReport report =
        new AuditVerifier(signer.verifier(), WitnessPolicy.of(0, List.of()))
            .verify(new DatabaseLogSource(database, audit));
    say(
        "  signed a checkpoint of "
            + checkpoint.size()
            + " entries with the demo's Ed25519 log key ("
            + keyFile
            + ")");
    for (String line : report.summary().split("\n")) {
      say("  " + line);
    }
    if (!report.ok()) {
      failures.add(
          "audit verification (if this database holds checkpoints of an earlier demo whose "
              + keyFile
              + " is gone, verify with that key, or run the demo against a fresh DATABASE_URL)");
    }
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }
}
