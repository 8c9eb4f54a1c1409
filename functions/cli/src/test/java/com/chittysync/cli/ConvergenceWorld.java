package com.chittysync.cli;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.cli.ConvergenceScenario.Kind;
import com.chittysync.cli.ConvergenceScenario.Place;
import com.chittysync.cli.ConvergenceScenario.Rec;
import com.chittysync.cli.ConvergenceScenario.Type;
import com.chittysync.cli.ConvergenceScenario.Unreadable;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.sheets.RecordedRequest;
import com.chittysync.emulators.sheets.SheetsEmulator;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.DiffService;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.schedule.Scheduler;
import com.chittysync.sheets.SheetsEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.jdbc.JdbcRegistryRows;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * The real world a convergence run acts on: a fresh PostgreSQL database (the state database, which
 * also holds the registry's tables), the Notion and Google Sheets emulators over HTTP, a config
 * file, and the {@code chittysync} CLI run in this process against them. People's edits go through
 * the emulators' own interfaces and plain SQL, never through ChittySync; what every endpoint holds
 * is read the same way.
 */
final class ConvergenceWorld implements AutoCloseable {
  static final String TAB = "Items";

  /** The sheet's columns, left to right: the mapped ones, then one people keep for themselves. */
  private static final List<String> SHEET_COLUMNS =
      List.of("id", "name", "note", "qty", "active", "due", "extra");

  /** Long before any cursor a sync keeps: a page stamped so is not read incrementally. */
  private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

  final ConvergenceScenario scenario;
  private final Path dir;
  private final TestDatabase db;
  private final Connection sql;
  private final NotionEmulator notion;
  private final SheetsEmulator sheets;
  private final DataSourceHandle items;
  private final String spreadsheetId;
  private final Map<String, String> env = new HashMap<>();
  private int ticks;

  /**
   * The world's time: the wall clock plus however far the suite has moved it on. The Notion
   * emulator stamps edits with it and the engine reads it as now, so that time can pass between
   * syncs without the suite waiting for it.
   */
  final WorldClock clock = new WorldClock();

  /** The wall clock moved on by a settable amount. */
  static final class WorldClock extends Clock {
    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
      return Instant.now().plus(ahead.get());
    }

    /** How far ahead of the wall clock the world is. */
    Duration ahead() {
      return ahead.get();
    }

    void advance(Duration by) {
      ahead.updateAndGet(a -> a.plus(by));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** What one CLI command printed and how it exited. */
  record Cli(int exit, String out, String err) {}

  private ConvergenceWorld(
      ConvergenceScenario scenario,
      Path dir,
      TestDatabase db,
      Connection sql,
      NotionEmulator notion,
      SheetsEmulator sheets,
      DataSourceHandle items,
      String spreadsheetId) {
    this.scenario = scenario;
    this.dir = dir;
    this.db = db;
    this.sql = sql;
    this.notion = notion;
    this.sheets = sheets;
    this.items = items;
    this.spreadsheetId = spreadsheetId;
  }

  /** Creates the database, the tables, the Notion data source, the sheet and the config. */
  static ConvergenceWorld create(ConvergenceScenario scenario, Path dir) {
    TestDatabase db = TestPostgres.createDatabase(template());
    Connection sql = null;
    try {
      sql = DriverManager.getConnection(db.jdbcUrl());
      NotionEmulator notion = null;
      SheetsEmulator sheets = null;
      DataSourceHandle items = null;
      String spreadsheetId = null;
      if (scenario.has(Kind.NOTION)) {
        notion = notion();
        items = notion.createDatabase(TAB, notionSchema(scenario.place("notion")));
      }
      if (scenario.has(Kind.SHEET)) {
        sheets = sheets();
        spreadsheetId = sheets.createSpreadsheet("Convergence", TAB);
        Place sheet = scenario.place("sheet");
        List<Object> header = new ArrayList<>();
        for (String f : SHEET_COLUMNS) {
          header.add(f.equals("extra") ? sheet.extra() : sheet.columns().get(f));
        }
        sheets.setValues(spreadsheetId, "'" + TAB + "'!A1", List.of(header));
      }
      ConvergenceWorld world =
          new ConvergenceWorld(scenario, dir, db, sql, notion, sheets, items, spreadsheetId);
      world.tables();
      world.crashTriggers();
      world.writeConfig();
      world.tick();
      return world;
    } catch (SQLException | RuntimeException e) {
      try {
        if (sql != null) {
          sql.close();
        }
      } catch (SQLException ignored) {
        // closing after a failure
      }
      db.close();
      throw e instanceof SQLException s ? new IllegalStateException(s) : (RuntimeException) e;
    }
  }

  // Worlds come and go (a failing run is replayed many times while it is shrunk); the emulators
  // and a migrated database to copy stay for the whole suite. Each world has a Notion data source
  // and a spreadsheet of its own, and worlds never overlap in time.
  private static NotionEmulator sharedNotion;
  private static SheetsEmulator sharedSheets;

  private static synchronized NotionEmulator notion() {
    if (sharedNotion == null) {
      sharedNotion = NotionEmulator.start();
    }
    return sharedNotion;
  }

  private static synchronized SheetsEmulator sheets() {
    if (sharedSheets == null) {
      sharedSheets = SheetsEmulator.start();
      // The suite is not about Google's per-minute quotas, and its clock does not move.
      sharedSheets.quotas().readsPerMinute(1_000_000).writesPerMinute(1_000_000);
    }
    return sharedSheets;
  }

  private static TestDatabase template;

  /**
   * A migrated database that every world's database is copied from: replaying a failing run many
   * times while shrinking it needs a fresh world each time.
   */
  private static synchronized TestDatabase template() {
    if (template == null) {
      TestDatabase db = TestPostgres.createDatabase();
      try {
        Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
      template = db;
    }
    return template;
  }

  /** Stops the emulators and drops the template database, once every world is closed. */
  static synchronized void shutDown() {
    if (sharedNotion != null) {
      sharedNotion.close();
      sharedNotion = null;
    }
    if (sharedSheets != null) {
      sharedSheets.close();
      sharedSheets = null;
    }
    if (template != null) {
      template.close();
      template = null;
    }
  }

  private static ObjectNode notionSchema(Place place) {
    ObjectNode props = Json.mapper().createObjectNode();
    Map<String, String> c = place.columns();
    props.putObject(c.get("id")).put("type", "rich_text").putObject("rich_text");
    props.putObject(c.get("name")).put("type", "title").putObject("title");
    props.putObject(c.get("note")).put("type", "rich_text").putObject("rich_text");
    props.putObject(c.get("qty")).put("type", "number").putObject("number").put("format", "number");
    props.putObject(c.get("active")).put("type", "checkbox").putObject("checkbox");
    props.putObject(c.get("due")).put("type", "date").putObject("date");
    props.putObject(place.extra()).put("type", "rich_text").putObject("rich_text");
    return props;
  }

  private void tables() throws SQLException {
    for (Place p : scenario.places()) {
      if (p.kind() != Kind.POSTGRES) {
        continue;
      }
      Map<String, String> c = p.columns();
      String schema = p.table().substring(0, p.table().indexOf('.'));
      execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      execute(
          "CREATE TABLE "
              + p.table()
              + " ("
              + c.get("id")
              + " text PRIMARY KEY, "
              + c.get("name")
              + " text, "
              + c.get("note")
              + " text, "
              + c.get("qty")
              + " integer, "
              + c.get("active")
              + " boolean, "
              + c.get("due")
              + " date, "
              + p.extra()
              + " text)");
    }
  }

  /**
   * Where an apply can be stopped: a row in {@code convergence.crash} arms a point for the n-th
   * time it is reached. The journal's per-batch statement, the plan's settlement and every write to
   * a registry table are such points. A stopped statement's transaction rolls back, as it would if
   * the process died there.
   */
  private void crashTriggers() throws SQLException {
    execute(
        "CREATE SCHEMA convergence;"
            + "CREATE TABLE convergence.crash (point text PRIMARY KEY, remaining int NOT NULL);"
            + "CREATE FUNCTION convergence.crash() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " DECLARE left_over int;"
            + " BEGIN"
            + "  UPDATE convergence.crash SET remaining = remaining - 1 WHERE point = TG_ARGV[0]"
            + "   RETURNING remaining INTO left_over;"
            + "  IF left_over = 0 THEN"
            + "   RAISE EXCEPTION 'convergence suite: the apply stops here (%)', TG_ARGV[0]"
            + "    USING ERRCODE = 'XX000';"
            + "  END IF;"
            + "  RETURN NULL;"
            + " END $$;"
            + "CREATE TRIGGER convergence_journal AFTER INSERT ON chittysync.plan_batches"
            + " FOR EACH STATEMENT EXECUTE FUNCTION convergence.crash('journal');"
            + "CREATE TRIGGER convergence_finish AFTER UPDATE ON chittysync.plans FOR EACH ROW"
            + " WHEN (OLD.applied_at IS NULL AND NEW.applied_at IS NOT NULL)"
            + " EXECUTE FUNCTION convergence.crash('finish');");
    for (Place p : scenario.places()) {
      if (p.kind() == Kind.POSTGRES) {
        execute(
            "CREATE TRIGGER convergence_row AFTER INSERT OR UPDATE OR DELETE ON "
                + p.table()
                + " FOR EACH ROW EXECUTE FUNCTION convergence.crash('row')");
      }
    }
  }

  private void writeConfig() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("registries:\n  ").append(ConvergenceScenario.REGISTRY).append(":\n");
    yaml.append("    schema: item.schema.json\n    key: id\n");
    yaml.append("    conflict: ").append(scenario.conflict()).append('\n');
    if (!scenario.priority().isEmpty()) {
      yaml.append("    priority: [").append(String.join(", ", scenario.priority())).append("]\n");
    }
    yaml.append("    deletes: ").append(scenario.deletes()).append('\n');
    yaml.append("    delete_guard: ").append(scenario.guard()).append('\n');
    yaml.append("    schedule: rate(1 minute)\n    endpoints:\n");
    for (Place p : scenario.places()) {
      yaml.append("      ").append(p.name()).append(":\n");
      StringBuilder fields = new StringBuilder("{");
      p.columns().forEach((f, c) -> fields.append(f).append(": ").append(c).append(", "));
      fields.setLength(fields.length() - 2);
      fields.append('}');
      switch (p.kind()) {
        case NOTION -> {
          yaml.append("        type: notion\n");
          yaml.append("        database_id: ").append(items.databaseId()).append('\n');
          yaml.append("        requests_per_second: 100\n");
        }
        case POSTGRES -> {
          yaml.append("        type: postgres\n");
          yaml.append("        table: ").append(p.table()).append('\n');
          // Small batches: an apply has several journal batches to be stopped between.
          yaml.append("        batch_size: 3\n");
        }
        case SHEET -> {
          yaml.append("        type: sheets\n");
          yaml.append("        spreadsheet_id: ").append(spreadsheetId).append('\n');
          yaml.append("        sheet: ").append(TAB).append('\n');
          // The emulator has no quota: the account's budget need not hold the runs to 1/s.
          yaml.append("        requests_per_minute: 6000\n");
        }
      }
      yaml.append("        fields: ").append(fields).append('\n');
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("item.schema.json"), ConvergenceScenario.schema());
      Files.writeString(dir.resolve("chittysync.yaml"), yaml.toString());
      env.putAll(db.env());
      env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
      if (notion != null) {
        env.put("NOTION_API_BASE_URL", notion.baseUrl());
        env.put("NOTION_API_TOKEN", notion.token());
      }
      if (sheets != null) {
        Files.writeString(dir.resolve("service-account.json"), sheets.serviceAccount().json());
        env.put("SHEETS_API_ROOT_URL", sheets.rootUrl());
        env.put("GOOGLE_SERVICE_ACCOUNT", dir.resolve("service-account.json").toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The CLI, in this process

  /** Runs {@code chittysync args...} in this process against this world. */
  Cli cli(String... args) {
    CliEnvironment.runInProcess(env, clock);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int exit = cli.execute(args);
    if (Boolean.getBoolean("convergence.debug")) {
      System.out.printf(
          "  [%d ms] chittysync %s → %d%n%s%s",
          (System.nanoTime() - t0) / 1_000_000, String.join(" ", args), exit, out, err);
    }
    return new Cli(exit, out.toString(), err.toString());
  }

  /**
   * One tick of the deployed pipeline: the schedule finds the registry due and puts a {@code
   * SyncRequested}, the diff function's service plans, the apply function's service applies, over
   * an in-process bus. Returns the exit code a {@code sync} would have given: 0 when every run it
   * made converged (or planned for the apply, which converged), 2 when one needs attention, 1 when
   * one failed.
   */
  Cli pipeline() {
    Environment environment = new Environment(env, CliEnvironment.resolver());
    try (Database database = Database.open(DatabaseSettings.from(environment))) {
      SyncService sync =
          new SyncService(
              environment,
              database,
              new AuditLog(database, Clock.systemUTC()),
              clock,
              Set.of(
                  new PostgresEndpointType(CliEnvironment.resolver()),
                  new NotionEndpointType(CliEnvironment.resolver()),
                  new SheetsEndpointType(CliEnvironment.resolver())));
      LocalPipeline bus = new LocalPipeline();
      bus.consumers(
          new DiffService(sync, bus), new ApplyService(sync, new JdbcReviewQueue(database), bus));
      Set<String> before = runIds();
      // Always due: each tick's clock is a day later than the last one's (the schedule counts
      // from the last request it made).
      Clock later = Clock.offset(clock, Duration.ofDays(++ticks));
      StringBuilder out = new StringBuilder();
      int exit = 0;
      try {
        new Scheduler(sync, new JdbcRegistryRows(database), bus, later).tick();
        bus.drain(line -> out.append(line).append('\n'));
      } catch (RuntimeException e) {
        return new Cli(1, out.toString(), e.toString());
      }
      List<String[]> made = runs();
      made.removeIf(run -> before.contains(run[0]));
      if (made.isEmpty()) {
        throw new IllegalStateException("the schedule did not find the registry due: " + out);
      }
      for (String[] run : made) {
        out.append(run[1]).append(": ").append(run[2]).append('\n');
        switch (run[2]) {
          case "failed" -> exit = 1;
          case "attention" -> exit = Math.max(exit, 2);
          default -> {
            // converged, or planned for the apply that follows
          }
        }
      }
      return new Cli(exit, out.toString(), "");
    }
  }

  private Set<String> runIds() {
    Set<String> ids = new HashSet<>();
    for (String[] r : runs()) {
      ids.add(r[0]);
    }
    return ids;
  }

  private List<String[]> runs() {
    List<String[]> out = new ArrayList<>();
    query(
        "SELECT run_id::text, kind, status FROM chittysync.runs ORDER BY started_at",
        rs -> out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}));
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // People's edits

  /** Keeps the Notion emulator's clock at the world's time (Notion's clock is the real time). */
  void tick() {
    if (notion != null) {
      notion.clock().set(clock.instant());
    }
  }

  /** Time passes: the world's clock moves on (and with it the engine's and Notion's). */
  void advance(Duration by) {
    clock.advance(by);
    tick();
  }

  /** The database server's own time, which the suite cannot move. */
  Instant databaseNow() {
    List<Instant> out = new ArrayList<>();
    query(
        "SELECT clock_timestamp()",
        rs -> out.add(rs.getObject(1, OffsetDateTime.class).toInstant()));
    return out.get(0);
  }

  /**
   * The engine stamps its last full scan of an endpoint with the database server's clock, and
   * compares that stamp with its own clock, which here is the world's, ahead of the server's by
   * however far the suite moved it. Moves the stamps written since {@code since} (server time) on
   * by that much, as if the server kept the world's time too; without it every read would be a full
   * scan once the world is an hour ahead.
   */
  void alignFullScans(Instant since, Instant until) {
    update(
        "UPDATE chittysync.endpoint_cursors SET last_full_scan_at = last_full_scan_at + ? * interval"
            + " '1 millisecond' WHERE registry = ? AND last_full_scan_at BETWEEN ? AND ?",
        clock.ahead().toMillis(),
        ConvergenceScenario.REGISTRY,
        since.atOffset(ZoneOffset.UTC),
        until.atOffset(ZoneOffset.UTC));
  }

  /** Whether {@code place} holds {@code key} now. */
  boolean holds(String place, String key) {
    return read(place).records().containsKey(key);
  }

  void create(String place, String key, Rec rec) {
    Place p = scenario.place(place);
    switch (p.kind()) {
      case NOTION -> {
        tick();
        ObjectNode props = Json.mapper().createObjectNode();
        props.set(p.columns().get("id"), richText(key));
        for (String f : ConvergenceScenario.VALUE_FIELDS) {
          props.set(p.columns().get(f), notionValue(f, rec.get(f)));
        }
        props.set(p.extra(), richText(rec.extra()));
        notion.createPage(items.dataSourceId(), props);
      }
      case POSTGRES -> {
        StringBuilder cols = new StringBuilder(p.columns().get("id"));
        StringBuilder values = new StringBuilder("?");
        List<Object> args = new ArrayList<>(List.of(key));
        for (String f : ConvergenceScenario.VALUE_FIELDS) {
          cols.append(", ").append(p.columns().get(f));
          values.append(", ").append(cast(f));
          args.add(sqlText(rec.get(f)));
        }
        cols.append(", ").append(p.extra());
        values.append(", ?");
        args.add(rec.extra());
        update(
            "INSERT INTO " + p.table() + " (" + cols + ") VALUES (" + values + ")", args.toArray());
      }
      case SHEET -> {
        // A person adds a row somewhere among the others, not necessarily at the end.
        List<List<Object>> rows = sheetRows();
        int at = 2 + Math.floorMod(key.hashCode(), rows.size() + 1);
        var edit = sheets.humanEdit(spreadsheetId, TAB).insertRows(at, 1);
        edit.set(cell("id", at), key);
        for (String f : ConvergenceScenario.VALUE_FIELDS) {
          Object typed = sheetInput(f, rec.get(f));
          if (!"".equals(typed)) {
            edit.set(cell(f, at), typed);
          }
        }
        if (rec.extra() != null) {
          edit.set(cell("extra", at), rec.extra());
        }
      }
    }
  }

  /** Types {@code value} into {@code field} of {@code key} at {@code place}. */
  void set(String place, String key, String field, Object value) {
    Place p = scenario.place(place);
    switch (p.kind()) {
      case NOTION -> {
        tick();
        ObjectNode props = Json.mapper().createObjectNode();
        props.set(p.columns().get(field), notionValue(field, value));
        notion.humanEdit(pageId(key), props);
      }
      case POSTGRES ->
          update(
              "UPDATE "
                  + p.table()
                  + " SET "
                  + p.columns().get(field)
                  + " = "
                  + cast(field)
                  + " WHERE "
                  + p.columns().get("id")
                  + " = ?",
              sqlText(value),
              key);
      case SHEET ->
          sheets
              .humanEdit(spreadsheetId, TAB)
              .set(cell(field, sheetRow(key)), sheetInput(field, value));
    }
  }

  /** Edits the column the registry does not map. */
  void setExtra(String place, String key, String text) {
    Place p = scenario.place(place);
    switch (p.kind()) {
      case NOTION -> {
        tick();
        ObjectNode props = Json.mapper().createObjectNode();
        props.set(p.extra(), richText(text));
        notion.humanEdit(pageId(key), props);
      }
      case POSTGRES ->
          update(
              "UPDATE "
                  + p.table()
                  + " SET "
                  + p.extra()
                  + " = ? WHERE "
                  + p.columns().get("id")
                  + " = ?",
              text,
              key);
      case SHEET ->
          sheets
              .humanEdit(spreadsheetId, TAB)
              .set(cell("extra", sheetRow(key)), text == null ? "" : text);
    }
  }

  void delete(String place, String key) {
    Place p = scenario.place(place);
    switch (p.kind()) {
      case NOTION -> {
        tick();
        notion.trash(pageId(key));
      }
      case POSTGRES ->
          update("DELETE FROM " + p.table() + " WHERE " + p.columns().get("id") + " = ?", key);
      case SHEET -> sheets.humanEdit(spreadsheetId, TAB).deleteRows(sheetRow(key), 1);
    }
  }

  /** Sorts the sheet's data rows by column {@code column} (0-based), as Data > Sort range does. */
  void sort(int column, boolean ascending) {
    if (sheetRows().size() > 1) {
      sheets.humanEdit(spreadsheetId, TAB).sortRows(2, column, ascending);
    }
  }

  /** Deletes several records of a PostgreSQL table in one statement. */
  void massDelete(String place, List<String> keys) {
    Place p = scenario.place(place);
    try (PreparedStatement ps =
        sql.prepareStatement(
            "DELETE FROM " + p.table() + " WHERE " + p.columns().get("id") + " = ANY(?)")) {
      ps.setArray(1, sql.createArrayOf("text", keys.toArray()));
      ps.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Stopping an apply

  /**
   * Arms {@code crash} for the next sync; {@code at} picks the journal batch, row or page. Returns
   * what was armed, or null when the world offers no such point (no such endpoint).
   */
  String arm(ConvergenceStep.Crash crash, int at) {
    switch (crash) {
      case JOURNAL -> update("INSERT INTO convergence.crash VALUES ('journal', ?)", at);
      case FINISH -> update("INSERT INTO convergence.crash VALUES ('finish', 1)");
      case POSTGRES_ROW -> update("INSERT INTO convergence.crash VALUES ('row', ?)", at);
      case NOTION_UPDATE -> {
        if (notion == null) {
          return null;
        }
        List<String> pages = new ArrayList<>(livePages().values());
        if (pages.isEmpty()) {
          return null;
        }
        String page = pages.get(Math.floorMod(at, pages.size()));
        notion.faults().failNext(1, 401, "unauthorized", "PATCH", "/v1/pages/" + page);
        return "Notion refuses the update of page " + page;
      }
      case NOTION_CREATE -> {
        if (notion == null) {
          return null;
        }
        notion.faults().failNext(1, 401, "unauthorized", "POST", "/v1/pages");
      }
      case SHEET_READ -> {
        if (sheets == null) {
          return null;
        }
        sheets.faults().failNext(403, 1, ConvergenceWorld::confirmingRead);
      }
      case SHEET_LOST_WRITE -> {
        if (sheets == null) {
          return null;
        }
        AtomicInteger reads = new AtomicInteger();
        sheets.faults().dropAfterWrite(1, RecordedRequest::isWrite);
        Predicate<RecordedRequest> secondRead =
            r -> confirmingRead(r) && reads.incrementAndGet() == 2;
        sheets.faults().failNext(403, 1, secondRead);
      }
    }
    return crash + " #" + at;
  }

  private static boolean confirmingRead(RecordedRequest r) {
    return r.isRead() && "FORMULA".equals(r.param("valueRenderOption"));
  }

  /** Takes back whatever {@link #arm} armed and the sync did not reach. */
  void disarm() {
    update("DELETE FROM convergence.crash");
    if (notion != null) {
      notion.faults().reset();
    }
    if (sheets != null) {
      sheets.faults().reset();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Notion pages and the incremental window

  /** Every Notion page (trashed ones too) as JSON text by page id: to see which a sync touched. */
  Map<String, String> notionPages() {
    Map<String, String> out = new HashMap<>();
    if (notion != null) {
      for (ObjectNode p : notion.pages(items.dataSourceId())) {
        out.put(p.get("id").asText(), p.toString());
      }
    }
    return out;
  }

  /** The key a page holds, or null. */
  String notionKey(String pageJson) {
    try {
      JsonNode page = Json.mapper().readTree(pageJson);
      return text(page.path("properties").path(scenario.place("notion").columns().get("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stamps the pages as edited long ago, so that the next incremental read does not return them.
   * The suite's syncs follow each other within seconds, while the engine's Notion cursor lags two
   * minutes behind the wall clock: without this every page touched during a run would be read again
   * by every sync, as if no time passed between syncs, and no read would ever be incremental. Only
   * pages the last sync read and nobody touched since are stamped so.
   */
  void backdate(Set<String> pageIds) {
    for (String id : pageIds) {
      notion.setPageTimes(id, null, LONG_AGO);
    }
  }

  /** When the engine last moved the fetch position of {@code endpoint} on (null: never). */
  String cursorMoved(String endpoint) {
    List<String> out = new ArrayList<>();
    try {
      query(
          "SELECT updated_at::text FROM chittysync.endpoint_cursors WHERE registry = '"
              + ConvergenceScenario.REGISTRY
              + "' AND endpoint = '"
              + endpoint
              + "'",
          rs -> out.add(rs.getString(1)));
    } catch (RuntimeException e) {
      return null;
    }
    return out.isEmpty() ? null : out.get(0);
  }

  /**
   * How the engine read Notion since the last call: {incremental, full} data source queries (an
   * incremental one filters on {@code last_edited_time}; lookups of one key are neither).
   */
  int[] notionReads() {
    int[] out = new int[2];
    if (notion == null) {
      return out;
    }
    for (var e : notion.requestLog().entries("POST", "/v1/data_sources/")) {
      String body = e.body() == null ? "" : e.body();
      if (body.contains("last_edited_time")) {
        out[0]++;
      } else if (!body.contains("\"property\"") && !body.contains("start_cursor")) {
        out[1]++;
      }
    }
    notion.requestLog().clear();
    return out;
  }

  /** Each live page's key and {@code last_edited_time}. */
  Map<String, Instant> notionStamps() {
    Map<String, Instant> out = new HashMap<>();
    if (notion != null) {
      Place p = scenario.place("notion");
      for (ObjectNode page : notion.pages(items.dataSourceId())) {
        if (!page.path("in_trash").asBoolean()) {
          String key = text(page.path("properties").path(p.columns().get("id")));
          if (key != null) {
            out.put(key, Instant.parse(page.get("last_edited_time").asText()));
          }
        }
      }
    }
    return out;
  }

  private Map<String, String> livePages() {
    Map<String, String> out = new TreeMap<>();
    Place p = scenario.place("notion");
    for (ObjectNode page : notion.pages(items.dataSourceId())) {
      if (!page.path("in_trash").asBoolean()) {
        String key = text(page.path("properties").path(p.columns().get("id")));
        if (key != null) {
          out.putIfAbsent(key, page.get("id").asText());
        }
      }
    }
    return out;
  }

  private String pageId(String key) {
    String id = livePages().get(key);
    if (id == null) {
      throw new IllegalStateException("no live Notion page holds " + key);
    }
    return id;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading what every endpoint holds

  /**
   * What one endpoint holds.
   *
   * @param records by key (the first of several rows that hold a key)
   * @param duplicates keys held more than once
   */
  record Held(Map<String, Rec> records, List<String> duplicates) {}

  Held read(String place) {
    Place p = scenario.place(place);
    return switch (p.kind()) {
      case NOTION -> readNotion(p);
      case POSTGRES -> readPostgres(p);
      case SHEET -> readSheet(p);
    };
  }

  private Held readNotion(Place p) {
    Map<String, Rec> out = new TreeMap<>();
    List<String> duplicates = new ArrayList<>();
    for (ObjectNode page : notion.pages(items.dataSourceId())) {
      if (page.path("in_trash").asBoolean()) {
        continue;
      }
      JsonNode props = page.path("properties");
      String key = text(props.path(p.columns().get("id")));
      if (key == null) {
        continue;
      }
      Map<String, Object> values = new HashMap<>();
      values.put("name", text(props.path(p.columns().get("name"))));
      values.put("note", text(props.path(p.columns().get("note"))));
      JsonNode qty = props.path(p.columns().get("qty")).path("number");
      values.put("qty", qty.isNumber() ? number(qty.decimalValue()) : null);
      values.put("active", props.path(p.columns().get("active")).path("checkbox").asBoolean());
      JsonNode due = props.path(p.columns().get("due")).path("date");
      values.put("due", due.hasNonNull("start") ? due.get("start").asText() : null);
      Rec rec = new Rec(values, text(props.path(p.extra())));
      if (out.putIfAbsent(key, rec) != null) {
        duplicates.add(key);
      }
    }
    return new Held(out, duplicates);
  }

  private Held readPostgres(Place p) {
    Map<String, Rec> out = new TreeMap<>();
    Map<String, String> c = p.columns();
    query(
        "SELECT "
            + c.get("id")
            + ", "
            + c.get("name")
            + ", "
            + c.get("note")
            + ", "
            + c.get("qty")
            + ", "
            + c.get("active")
            + ", "
            + c.get("due")
            + "::text, "
            + p.extra()
            + " FROM "
            + p.table(),
        rs -> {
          Map<String, Object> values = new HashMap<>();
          values.put("name", rs.getString(2));
          values.put("note", rs.getString(3));
          long qty = rs.getLong(4);
          values.put("qty", rs.wasNull() ? null : qty);
          boolean active = rs.getBoolean(5);
          values.put("active", rs.wasNull() ? null : active);
          values.put("due", rs.getString(6));
          out.put(rs.getString(1), new Rec(values, rs.getString(7)));
        });
    // The key is the primary key: PostgreSQL itself refuses a second row.
    return new Held(out, List.of());
  }

  private Held readSheet(Place p) {
    Map<String, Rec> out = new TreeMap<>();
    List<String> duplicates = new ArrayList<>();
    for (List<Object> row : sheetRows()) {
      Object keyCell = cellOf(row, 0);
      boolean empty = true;
      for (int i = 0; i < SHEET_COLUMNS.size() - 1; i++) {
        empty &= blank(cellOf(row, i));
      }
      if (empty || blank(keyCell)) {
        continue;
      }
      String key = keyCell instanceof BigDecimal d ? d.toPlainString() : keyCell.toString();
      Map<String, Object> values = new HashMap<>();
      for (String f : ConvergenceScenario.VALUE_FIELDS) {
        values.put(
            f,
            sheetValue(ConvergenceScenario.FIELDS.get(f), cellOf(row, SHEET_COLUMNS.indexOf(f))));
      }
      Object extra = cellOf(row, SHEET_COLUMNS.indexOf("extra"));
      Rec rec = new Rec(values, blank(extra) ? null : extra.toString());
      if (out.putIfAbsent(key, rec) != null) {
        duplicates.add(key);
      }
    }
    return new Held(out, duplicates);
  }

  /** The data rows below the header, as Sheets' UNFORMATTED_VALUE view gives them. */
  private List<List<Object>> sheetRows() {
    return sheets.values(spreadsheetId, "'" + TAB + "'!A2:G");
  }

  private int sheetRow(String key) {
    List<List<Object>> rows = sheetRows();
    for (int i = 0; i < rows.size(); i++) {
      Object k = cellOf(rows.get(i), 0);
      String text = k instanceof BigDecimal d ? d.toPlainString() : String.valueOf(k);
      if (key.equals(text)) {
        return i + 2;
      }
    }
    throw new IllegalStateException("no sheet row holds " + key);
  }

  private static String cell(String field, int row) {
    return (char) ('A' + SHEET_COLUMNS.indexOf(field)) + String.valueOf(row);
  }

  private static Object cellOf(List<Object> row, int i) {
    return i < row.size() ? row.get(i) : "";
  }

  private static boolean blank(Object cell) {
    return cell == null || (cell instanceof String s && s.isEmpty());
  }

  /** What a person types into the cell to give it {@code value}. */
  private static Object sheetInput(String field, Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Unreadable u) {
      return u.text();
    }
    return switch (ConvergenceScenario.FIELDS.get(field)) {
      // A person types a leading apostrophe to keep text that starts with '=' from being a formula.
      case TEXT, KEY -> ((String) value).startsWith("=") ? "'" + value : value;
      case DATE -> LocalDate.parse((String) value);
      default -> value;
    };
  }

  /** A cell as the registry's field: as the connector reads it, or unreadable. */
  private static Object sheetValue(Type type, Object cell) {
    if (blank(cell)) {
      return null;
    }
    return switch (type) {
      case KEY, TEXT ->
          cell instanceof BigDecimal d
              ? d.stripTrailingZeros().toPlainString()
              : cell instanceof Boolean b ? (b ? "TRUE" : "FALSE") : cell.toString();
      case INT -> {
        if (cell instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
          yield d.longValueExact();
        }
        yield new Unreadable(cell.toString());
      }
      case BOOL -> cell instanceof Boolean b ? b : new Unreadable(cell.toString());
      case DATE -> {
        if (cell instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
          yield LocalDate.of(1899, 12, 30).plusDays(d.longValueExact()).toString();
        }
        try {
          yield LocalDate.parse(cell.toString().trim()).toString();
        } catch (DateTimeException e) {
          yield new Unreadable(cell.toString());
        }
      }
    };
  }

  private ObjectNode notionValue(String field, Object value) {
    ObjectNode v = Json.mapper().createObjectNode();
    switch (ConvergenceScenario.FIELDS.get(field)) {
      case KEY, TEXT -> {
        ArrayNode items = v.putArray(field.equals("name") ? "title" : "rich_text");
        if (value != null && !((String) value).isEmpty()) {
          items.addObject().putObject("text").put("content", (String) value);
        }
      }
      case INT -> {
        if (value == null) {
          v.putNull("number");
        } else {
          v.put("number", (Long) value);
        }
      }
      case BOOL -> v.put("checkbox", Boolean.TRUE.equals(value));
      case DATE -> {
        if (value == null) {
          v.putNull("date");
        } else {
          v.putObject("date").put("start", (String) value);
        }
      }
    }
    return v;
  }

  private static ObjectNode richText(String text) {
    ObjectNode v = Json.mapper().createObjectNode();
    ArrayNode items = v.putArray("rich_text");
    if (text != null && !text.isEmpty()) {
      items.addObject().putObject("text").put("content", text);
    }
    return v;
  }

  /** The plain text of a title or rich-text property; null when empty. */
  private static String text(JsonNode property) {
    JsonNode items = property.has("title") ? property.get("title") : property.path("rich_text");
    StringBuilder out = new StringBuilder();
    for (JsonNode item : items) {
      out.append(
          item.hasNonNull("plain_text")
              ? item.get("plain_text").asText()
              : item.path("text").path("content").asText());
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static Object number(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() <= 0 ? (Object) s.longValueExact() : s;
  }

  private static String cast(String field) {
    return switch (ConvergenceScenario.FIELDS.get(field)) {
      case KEY, TEXT -> "?";
      case INT -> "?::integer";
      case BOOL -> "?::boolean";
      case DATE -> "?::date";
    };
  }

  private static String sqlText(Object value) {
    return value == null ? null : value.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // SQL

  private void execute(String statements) throws SQLException {
    try (Statement st = sql.createStatement()) {
      st.execute(statements);
    }
  }

  private void update(String statement, Object... args) {
    try (PreparedStatement ps = sql.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  void query(String statement, Row row) {
    try (Statement st = sql.createStatement();
        ResultSet rs = st.executeQuery(statement)) {
      while (rs.next()) {
        row.accept(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  /** Rows of a query as strings, for the checks. */
  List<List<String>> rows(String statement) {
    List<List<String>> out = new ArrayList<>();
    query(
        statement,
        rs -> {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getString(i));
          }
          out.add(row);
        });
    return out;
  }

  /** Every endpoint's records, by endpoint name, in config order. */
  Map<String, Held> readAll() {
    Map<String, Held> out = new LinkedHashMap<>();
    for (Place p : scenario.places()) {
      out.put(p.name(), read(p.name()));
    }
    return out;
  }

  @Override
  public void close() {
    CliEnvironment.runInProcess(null, null);
    try {
      sql.close();
    } catch (SQLException ignored) {
      // the database is dropped next
    }
    db.close();
  }
}
