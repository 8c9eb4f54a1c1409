package com.chittysync.bench;

import com.chittysync.emulators.sheets.RecordedRequest;
import com.chittysync.emulators.sheets.SheetsEmulator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.SyncEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Sheets ↔ PostgreSQL against the Sheets emulator, as the issue measures it: a tab of {@code rows}
 * rows × 10 columns synced in full into an empty table, a re-sync with nothing changed, a sync of
 * 100 rows changed in PostgreSQL (written to the tab), one of 100 rows changed by hand in the tab,
 * and, for the write path at size, the whole table exported into an empty tab. Each step prints its
 * wall time end to end, the engine's phases, and the Sheets requests it made, by method.
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar sheets [rows=50000]}
 */
public final class SheetsBench {
  private static final String TAB = "Registry";
  private static final List<String> HEADERS =
      List.of("Key", "Name", "Email", "Age", "Score", "Joined", "Active", "Team", "City", "Notes");

  private SheetsBench() {}

  public static void run(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    try (SheetsEmulator sheets = SheetsEmulator.start();
        ScratchDatabase scratch = ScratchDatabase.create(4)) {
      String id = sheets.createSpreadsheet("Bench", TAB);
      List<List<Object>> values = new ArrayList<>(rows + 1);
      values.add(new ArrayList<>(HEADERS));
      for (int i = 0; i < rows; i++) {
        values.add(
            List.of(
                "K" + i,
                "Person " + i,
                "p" + i + "@example.org",
                i % 90,
                i % 1000 / 10.0,
                LocalDate.of(2020, 1, 1).plusDays(i % 1500),
                i % 2 == 0,
                "Team " + (i % 12),
                "City " + (i % 97),
                "note " + i));
      }
      sheets.setValues(id, "'" + TAB + "'!A1", values);

      try (var c = scratch.database().connection();
          Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE people (id text PRIMARY KEY, name text, email text, age integer,"
                + " score numeric, joined date, active boolean, team text, city text, notes text)");
      }
      Path dir = Files.createTempDirectory("chittysync-sheets-bench");
      Files.writeString(
          dir.resolve("s.json"),
          "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
              + "\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},"
              + "\"age\":{\"type\":\"integer\"},\"score\":{\"type\":\"number\"},"
              + "\"joined\":{\"type\":\"string\",\"format\":\"date\"},"
              + "\"active\":{\"type\":\"boolean\"},\"team\":{\"type\":\"string\"},"
              + "\"city\":{\"type\":\"string\"},\"notes\":{\"type\":\"string\"}}}");
      Files.writeString(
          dir.resolve("chittysync.yaml"),
          "registries:\n  people:\n    schema: s.json\n    key: id\n    endpoints:\n"
              + "      sheet:\n        type: sheets\n        spreadsheet_id: "
              + id
              + "\n        sheet: "
              + TAB
              + "\n        fields: {id: Key, name: Name, email: Email, age: Age, score: Score,"
              + " joined: Joined, active: Active, team: Team, city: City, notes: Notes}\n"
              // The emulator has no quota: measure the connector, not the pacing.
              + "        requests_per_minute: 6000\n"
              + "      pg:\n        type: postgres\n        table: people\n"
              + "        fields: {id: id, name: name, email: email, age: age, score: score,"
              + " joined: joined, active: active, team: team, city: city, notes: notes}\n");
      Map<String, String> env = new HashMap<>();
      env.put(
          "DATABASE_URL",
          "postgres://"
              + scratch.url().user().orElse("postgres")
              + "@"
              + scratch.url().hosts()
              + "/"
              + scratch.url().database());
      env.put("GOOGLE_SERVICE_ACCOUNT", sheets.serviceAccount().json());
      env.put("SHEETS_API_ROOT_URL", sheets.rootUrl());
      env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());

      step(
          sheets,
          env,
          scratch,
          String.format("full sync of %,d rows x 10 into empty PostgreSQL", rows));
      step(sheets, env, scratch, "re-sync, nothing changed");

      try (var c = scratch.database().connection();
          Statement st = c.createStatement()) {
        st.execute(
            "UPDATE people SET name = name || ' (edited)', age = age + 1"
                + " WHERE substr(id, 2)::int % "
                + Math.max(1, rows / 100)
                + " = 0 AND substr(id, 2)::int < "
                + (Math.max(1, rows / 100) * 100));
      }
      step(sheets, env, scratch, "sync of 100 rows changed in PostgreSQL");

      var editor = sheets.humanEdit(id, TAB);
      for (int i = 0; i < 100; i++) {
        editor.set("I" + (2 + i * Math.max(1, rows / 100)), "Moved " + i);
      }
      step(sheets, env, scratch, "sync of 100 rows changed by hand in the tab");

      // The write path at size: every row of a table exported into an empty tab.
      sheets.addSheet(id, "Export", 1000, 10);
      sheets.setValues(id, "'Export'!A1", List.of(new ArrayList<>(HEADERS)));
      Files.writeString(
          dir.resolve("chittysync.yaml"),
          Files.readString(dir.resolve("chittysync.yaml"))
              .replace("people:", "exported:")
              .replace("sheet: " + TAB, "sheet: Export"));
      registry = "exported";
      step(sheets, env, scratch, String.format("export of %,d rows into an empty tab", rows));
      step(sheets, env, scratch, "re-sync of the export, nothing changed");
    }
  }

  private static String registry = "people";

  private static void step(
      SheetsEmulator sheets, Map<String, String> env, ScratchDatabase scratch, String what) {
    sheets.requestLog().clear();
    long t0 = System.nanoTime();
    SyncEngine.Result result = sync(env, scratch);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Predicate<RecordedRequest> api = r -> r.path().startsWith("/v4/");
    List<RecordedRequest> requests = sheets.requestLog().entries(api);
    Map<String, Integer> byMethod = new TreeMap<>();
    for (RecordedRequest r : requests) {
      byMethod.merge(method(r), 1, Integer::sum);
    }
    System.out.printf(
        "%s: %.1f s end to end %s; %d Sheets requests %s; %d ops applied, %d failed, %d stale%n",
        what,
        seconds,
        result.timingsMillis(),
        requests.size(),
        byMethod,
        result.applied().orElseThrow().applied(),
        result.applied().orElseThrow().failed(),
        result.applied().orElseThrow().stale());
  }

  private static String method(RecordedRequest r) {
    String p = r.path();
    if (p.endsWith(":append")) {
      return "values.append";
    }
    if (p.endsWith("values:batchUpdate")) {
      return "values.batchUpdate";
    }
    if (p.endsWith(":batchUpdate")) {
      return "spreadsheets.batchUpdate";
    }
    if (p.contains("/values/")) {
      return "values.get(" + r.param("valueRenderOption") + ")";
    }
    return "spreadsheets.get";
  }

  private static SyncEngine.Result sync(Map<String, String> env, ScratchDatabase scratch) {
    SyncService service = BenchComponent.create(env, scratch.database()).syncService();
    return service.sync(
        service.config(Optional.empty()),
        registry,
        // As `chittysync sync` runs it: not --full (the tab is read in full all the same; only
        // records changed since the last sync are validated again).
        new SyncEngine.Options(false, false, "bench", "bench"),
        s -> {});
  }
}
