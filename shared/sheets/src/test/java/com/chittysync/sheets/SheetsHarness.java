package com.chittysync.sheets;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.emulators.sheets.RecordedRequest;
import com.chittysync.emulators.sheets.SheetsEmulator;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.sync.schema.SchemaSource;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A Sheets emulator, a fresh migrated PostgreSQL database, a config file and the engine, as the
 * sync tests use them: real HTTP with the real Google client, real SQL.
 */
final class SheetsHarness implements AutoCloseable {
  static final String TAB = "People";
  static final List<String> HEADERS =
      List.of("Person ID", "Name", "Age", "Born", "Active", "Score", "Seen", "Total");
  static final String FIELDS =
      "{id: Person ID, name: Name, age: Age, born: Born, active: Active, score: Score,"
          + " seen: Seen, total: Total}";

  final Path dir;
  final SheetsEmulator sheets;
  final TestDatabase db;
  final Database database;
  final String spreadsheetId;
  final Map<String, String> env = new HashMap<>();
  final Set<EndpointType> types = new LinkedHashSet<>();

  SheetsHarness(Path dir) throws Exception {
    this.dir = dir;
    sheets = SheetsEmulator.start();
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    spreadsheetId = sheets.createSpreadsheet("Registry", TAB, "Other tab");
    sheets.setValues(spreadsheetId, "'" + TAB + "'!A1", List.of(new ArrayList<>(HEADERS)));
    sql(
        "CREATE TABLE people (id text PRIMARY KEY, name text, age integer, born date,"
            + " active boolean, score numeric, seen timestamptz, total integer)");
    Files.writeString(
        dir.resolve("person.schema.json"),
        "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{"
            + "\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"
            + "\"age\":{\"type\":\"integer\"},\"born\":{\"type\":\"string\",\"format\":\"date\"},"
            + "\"active\":{\"type\":\"boolean\"},\"score\":{\"type\":\"number\"},"
            + "\"seen\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"total\":{\"type\":[\"integer\",\"null\"]}}}");
    env.putAll(db.env());
    env.put("GOOGLE_SERVICE_ACCOUNT", sheets.serviceAccount().json());
    env.put("SHEETS_API_ROOT_URL", sheets.rootUrl());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    types.add(new PostgresEndpointType(null));
    types.add(new SheetsEndpointType(null, new Backoff(5, 40)));
    config("", FIELDS);
  }

  /** Writes the config: the sheet endpoint (with {@code extra} settings) and the PostgreSQL one. */
  void config(String extra, String fields) throws Exception {
    config(extra, fields, "");
  }

  void config(String extra, String fields, String moreEndpoints) throws Exception {
    config(TAB, extra, fields, moreEndpoints);
  }

  /**
   * The config: the sheet endpoint on {@code tab} with {@code fields} (a YAML flow mapping) and
   * {@code extra} settings, and the PostgreSQL table mapping the same canonical fields (every
   * endpoint maps the same fields), then {@code moreEndpoints}.
   */
  void config(String tab, String extra, String fields, String moreEndpoints) throws Exception {
    StringBuilder pg = new StringBuilder("{");
    for (String pair : fields.replace("{", "").replace("}", "").split(",")) {
      String canonical = pair.split(":")[0].trim();
      pg.append(pg.length() == 1 ? "" : ", ").append(canonical).append(": ").append(canonical);
    }
    String pgFields = pg.append("}").toString();
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n"
            + "  people:\n"
            + "    schema: person.schema.json\n"
            + "    key: id\n"
            + "    delete_guard: 0.5\n"
            + "    endpoints:\n"
            + "      sheet:\n"
            + "        type: sheets\n"
            + "        spreadsheet_id: "
            + spreadsheetId
            + "\n"
            + "        sheet: '"
            + tab.replace("'", "''")
            + "'\n"
            + (extra.contains("max_retries") ? "" : "        max_retries: 3\n")
            // The emulator has no quota: tests need not wait a second per request.
            + (extra.contains("requests_per_minute") ? "" : "        requests_per_minute: 6000\n")
            + extra
            + "        fields: "
            + fields
            + "\n"
            + "      pg:\n"
            + "        type: postgres\n"
            + "        table: people\n"
            + "        fields: "
            + pgFields
            + "\n"
            + moreEndpoints);
  }

  /** The context the engine opens endpoints with: the config, and the schemas as it loads them. */
  EndpointContext context() {
    SyncConfig config = service().config(Optional.empty());
    Environment environment = Environment.of(env);
    return new EndpointContext(
        environment,
        database,
        Optional.of(config),
        Optional.empty(),
        Optional.of(registry -> SchemaSource.create(environment, database).text(config, registry)));
  }

  SyncService service() {
    return new SyncService(
        Environment.of(env),
        database,
        new AuditLog(database, Clock.systemUTC()),
        Clock.systemUTC(),
        types);
  }

  SyncEngine.Result sync() {
    return sync(false);
  }

  /** A sync, or with {@code dryRun} a plan that changes nothing. */
  SyncEngine.Result sync(boolean dryRun) {
    SyncService service = service();
    SyncConfig config = service.config(Optional.empty());
    return service.sync(
        config, "people", new SyncEngine.Options(dryRun, true, "test", "test-holder"), s -> {});
  }

  /** Types rows into the tab from {@code a1} as a person would (USER_ENTERED). */
  void type(String a1, List<List<Object>> rows) {
    sheets.setValues(spreadsheetId, "'" + TAB + "'!" + a1, rows);
  }

  static List<Object> row(Object... cells) {
    return new ArrayList<>(Arrays.asList(cells));
  }

  /** The tab's data rows by key, as header to unformatted value ("" when empty). */
  Map<String, Map<String, Object>> sheetRows() {
    return rows(sheets.values(spreadsheetId, "'" + TAB + "'!A1:Z"));
  }

  /** The tab's data rows by key, formulas as their text. */
  Map<String, Map<String, Object>> sheetFormulas() {
    return rows(sheets.formulas(spreadsheetId, "'" + TAB + "'!A1:Z"));
  }

  /** Key column values top to bottom, blank rows as "". */
  List<String> keyColumn(String header) {
    List<List<Object>> values = sheets.values(spreadsheetId, "'" + TAB + "'!A1:Z");
    int k = values.get(0).indexOf(header);
    List<String> keys = new ArrayList<>();
    for (int i = 1; i < values.size(); i++) {
      List<Object> r = values.get(i);
      keys.add(k < r.size() ? String.valueOf(r.get(k)) : "");
    }
    return keys;
  }

  private static Map<String, Map<String, Object>> rows(List<List<Object>> values) {
    List<Object> headers = values.get(0);
    int key =
        headers.contains("ChittySync key")
            ? headers.indexOf("ChittySync key")
            : headers.indexOf("Person ID");
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (int i = 1; i < values.size(); i++) {
      List<Object> r = values.get(i);
      Map<String, Object> row = new TreeMap<>();
      for (int c = 0; c < headers.size(); c++) {
        row.put(String.valueOf(headers.get(c)), c < r.size() ? r.get(c) : "");
      }
      Object k = key < r.size() ? r.get(key) : "";
      if (!"".equals(k)) {
        if (out.put(String.valueOf(k), row) != null) {
          throw new AssertionError("duplicate key in the sheet: " + k);
        }
      }
    }
    return out;
  }

  void sql(String statements) {
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(statements);
          }
          return null;
        });
  }

  Map<String, Map<String, String>> pgRows() {
    return database.withConnection(
        c -> {
          Map<String, Map<String, String>> out = new TreeMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT * FROM people")) {
            while (rs.next()) {
              Map<String, String> row = new TreeMap<>();
              for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
              }
              out.put(rs.getString("id"), row);
            }
          }
          return out;
        });
  }

  /** Sheets API requests (not the token endpoint) logged since the last clear. */
  List<RecordedRequest> apiRequests() {
    return sheets.requestLog().entries(r -> r.path().startsWith("/v4/"));
  }

  static Predicate<RecordedRequest> valuesGet(String render) {
    return r ->
        r.method().equals("GET")
            && r.path().contains("/values/")
            && render.equals(r.param("valueRenderOption"));
  }

  static Predicate<RecordedRequest> append() {
    return r -> r.method().equals("POST") && r.path().endsWith(":append");
  }

  @Override
  public void close() {
    sheets.close();
    database.close();
    db.close();
  }
}
