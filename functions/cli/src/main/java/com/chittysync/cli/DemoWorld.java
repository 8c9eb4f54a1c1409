package com.chittysync.cli;

import com.chittysync.cli.demo.jdbc.DemoTables;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.sheets.SheetsEmulator;
import com.chittysync.store.Database;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's three places and their sample data: a Notion workspace and a Google spreadsheet (both
 * emulated, in this process) and two PostgreSQL tables, holding a {@code demo_teams} and a {@code
 * demo_projects} registry. Projects start half in PostgreSQL and half in the sheet; teams start in
 * Notion; a project's team is a Notion relation.
 */
final class DemoWorld implements AutoCloseable {
  static final String TEAMS = "demo_teams";
  static final String PROJECTS = "demo_projects";
  static final String SHEET = "Projects";
  static final String SCHEMA = "chittysync_demo";
  static final List<String> STATUSES = List.of("Planned", "Active", "Done");
  static final List<String[]> TEAM_ROWS =
      List.of(
          new String[] {"ops", "Operations"},
          new String[] {"eng", "Engineering"},
          new String[] {"data", "Data"},
          new String[] {"sales", "Sales"},
          new String[] {"people", "People"});

  private static final String[] ADJECTIVES = {
    "Blue", "Quiet", "Rapid", "Northern", "Bright", "Open", "Steady", "Golden", "Silver", "Green"
  };
  private static final String[] NOUNS = {
    "Harbor", "Ledger", "Bridge", "Atlas", "Beacon", "Compass", "Forge", "Garden", "Summit", "River"
  };

  final NotionEmulator notion;
  final SheetsEmulator sheets;
  final DataSourceHandle teams;
  final DataSourceHandle projects;
  final String spreadsheetId;
  final Path dir;

  private DemoWorld(
      NotionEmulator notion,
      SheetsEmulator sheets,
      DataSourceHandle teams,
      DataSourceHandle projects,
      String spreadsheetId,
      Path dir) {
    this.notion = notion;
    this.sheets = sheets;
    this.teams = teams;
    this.projects = projects;
    this.spreadsheetId = spreadsheetId;
    this.dir = dir;
  }

  /** Starts the emulators, creates the databases, the sheet and the tables, and seeds them. */
  static DemoWorld create(Path dir, Database database, int records) {
    NotionEmulator notion = NotionEmulator.start();
    SheetsEmulator sheets = SheetsEmulator.start();
    try {
      DataSourceHandle teams =
          notion.createDatabase(
              "Teams",
              json(
                  "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                      + "\"Code\":{\"type\":\"rich_text\",\"rich_text\":{}}}"));
      DataSourceHandle projects =
          notion.createDatabase(
              "Projects",
              json(
                  "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                      + "\"Project ID\":{\"type\":\"rich_text\",\"rich_text\":{}},"
                      + "\"Budget\":{\"type\":\"number\",\"number\":{\"format\":\"dollar\"}},"
                      + "\"Start\":{\"type\":\"date\",\"date\":{}},"
                      + "\"Status\":{\"type\":\"select\",\"select\":{\"options\":"
                      + "[{\"name\":\"Planned\"},{\"name\":\"Active\"},{\"name\":\"Done\"}]}},"
                      + "\"Team\":{\"type\":\"relation\",\"relation\":{\"data_source_id\":\""
                      + teams.dataSourceId()
                      + "\",\"type\":\"single_property\",\"single_property\":{}}}}"));
      for (String[] team : TEAM_ROWS) {
        notion.createPage(
            teams.dataSourceId(),
            json(
                "{\"Name\":{\"title\":[{\"text\":{\"content\":\""
                    + team[1]
                    + "\"}}]},\"Code\":{\"rich_text\":[{\"text\":{\"content\":\""
                    + team[0]
                    + "\"}}]}}"));
      }
      String spreadsheetId = sheets.createSpreadsheet("ChittySync demo", SHEET);
      DemoWorld world = new DemoWorld(notion, sheets, teams, projects, spreadsheetId, dir);
      world.seed(database, records);
      world.writeConfig();
      return world;
    } catch (RuntimeException e) {
      notion.close();
      sheets.close();
      throw e;
    }
  }

  /** Projects 1..n: odd ones in PostgreSQL, even ones in the sheet. */
  private void seed(Database database, int records) {
    Random random = new Random(7);
    List<List<Object>> sheetRows = new ArrayList<>();
    sheetRows.add(List.of("Project ID", "Name", "Budget", "Start", "Status"));
    StringBuilder inserts = new StringBuilder();
    for (int i = 1; i <= records; i++) {
      String id = projectId(i);
      String name =
          ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NOUNS[random.nextInt(NOUNS.length)];
      int budget = 1000 + 500 * random.nextInt(180);
      String start = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(540)).toString();
      String status = STATUSES.get(random.nextInt(STATUSES.size()));
      String team = TEAM_ROWS.get(random.nextInt(TEAM_ROWS.size()))[0];
      if (i % 2 == 1) {
        inserts.append(
            String.format(
                "('%s', '%s', %d, '%s', '%s', '[\"%s\"]'),",
                id, name, budget, start, status, team));
      } else {
        sheetRows.add(List.of(id, name, budget, start, status));
      }
    }
    List<String> statements = new ArrayList<>();
    statements.add("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    statements.add("CREATE SCHEMA " + SCHEMA);
    statements.add("CREATE TABLE " + SCHEMA + ".teams (code text PRIMARY KEY, name text)");
    statements.add(
        "CREATE TABLE "
            + SCHEMA
            + ".projects (project_id text PRIMARY KEY, name text, budget integer,"
            + " start date, status text, team jsonb)");
    if (inserts.length() > 0) {
      statements.add(
          "INSERT INTO "
              + SCHEMA
              + ".projects VALUES "
              + inserts.substring(0, inserts.length() - 1));
    }
    new DemoTables(database).execute(statements.toArray(String[]::new));
    sheets.setValues(spreadsheetId, "'" + SHEET + "'!A1", sheetRows);
  }

  static String projectId(int i) {
    return String.format("P-%04d", i);
  }

  /** The config file, the schemas, and the service-account file the sheet endpoint reads. */
  private void writeConfig() {
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("team.schema.json"),
          "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
              + "\"required\":[\"code\",\"name\"],"
              + "\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"},"
              + "\"name\":{\"type\":\"string\",\"minLength\":1}}}");
      Files.writeString(
          dir.resolve("project.schema.json"),
          "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
              + "\"required\":[\"project_id\",\"name\"],"
              + "\"properties\":{"
              + "\"project_id\":{\"type\":\"string\",\"pattern\":\"^P-[0-9]{4}$\"},"
              + "\"name\":{\"type\":\"string\",\"minLength\":1},"
              + "\"budget\":{\"type\":\"integer\",\"minimum\":0},"
              + "\"start\":{\"type\":\"string\",\"format\":\"date\"},"
              + "\"status\":{\"enum\":[\"Planned\",\"Active\",\"Done\"]},"
              + "\"team\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}");
      Files.writeString(dir.resolve("service-account.json"), sheets.serviceAccount().json());
      Files.writeString(
          dir.resolve("chittysync.yaml"),
          "# Written by `chittysync demo`: two registries kept in a Notion workspace, PostgreSQL"
              + " and a Google sheet\n"
              + "# (the first two emulated while the demo runs).\n"
              + "registries:\n"
              + "  "
              + TEAMS
              + ":\n"
              + "    schema: team.schema.json\n"
              + "    key: code\n"
              + "    schedule: rate(5 minutes)\n"
              + "    endpoints:\n"
              + "      notion:\n"
              + "        type: notion\n"
              + "        database_id: "
              + teams.databaseId()
              + "\n"
              + "        requests_per_second: 50   # the emulator; Notion itself allows 3\n"
              + "        fields: {code: Code, name: Name}\n"
              + "      postgres:\n"
              + "        type: postgres\n"
              + "        table: "
              + SCHEMA
              + ".teams\n"
              + "        fields: {code: code, name: name}\n"
              + "  "
              + PROJECTS
              + ":\n"
              + "    schema: project.schema.json\n"
              + "    key: project_id\n"
              + "    conflict: manual              # same field changed in two places: a person"
              + " decides\n"
              + "    schedule: rate(1 minute)\n"
              + "    endpoints:\n"
              + "      notion:\n"
              + "        type: notion\n"
              + "        database_id: "
              + projects.databaseId()
              + "\n"
              + "        requests_per_second: 50\n"
              + "        fields: {project_id: Project ID, name: Name, budget: Budget, start: Start,"
              + " status: Status, team: Team}\n"
              + "      postgres:\n"
              + "        type: postgres\n"
              + "        table: "
              + SCHEMA
              + ".projects\n"
              + "        fields: {project_id: project_id, name: name, budget: budget, start: start,"
              + " status: status, team: team}\n"
              + "      sheet:\n"
              + "        type: sheets\n"
              + "        spreadsheet_id: "
              + spreadsheetId
              + "\n"
              + "        sheet: "
              + SHEET
              + "\n"
              + "        fields: {project_id: Project ID, name: Name, budget: Budget, start: Start,"
              + " status: Status}\n"
              // The emulator has no per-minute quota; Google's is 60 requests a minute.
              + "        requests_per_minute: 6000\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The settings the engine needs to reach the emulators. */
  Map<String, String> env() {
    return Map.of(
        "CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString(),
        "NOTION_API_BASE_URL", notion.baseUrl(),
        "NOTION_API_TOKEN", notion.token(),
        "SHEETS_API_ROOT_URL", sheets.rootUrl(),
        "GOOGLE_SERVICE_ACCOUNT", dir.resolve("service-account.json").toString());
  }

  /** The page of the project with key {@code id}. */
  String projectPage(String id) {
    for (ObjectNode p : notion.pages(projects.dataSourceId())) {
      if (p.at("/properties/Project ID/rich_text/0/plain_text").asText().equals(id)
          && !p.path("in_trash").asBoolean()) {
        return p.get("id").asText();
      }
    }
    throw new IllegalStateException("no Notion page holds " + id);
  }

  /** Live pages of a data source. */
  long livePages(DataSourceHandle source) {
    return notion.pages(source.dataSourceId()).stream()
        .filter(p -> !p.path("in_trash").asBoolean())
        .count();
  }

  /** Data rows of the sheet (the header excluded, blank rows skipped). */
  long sheetRows() {
    return sheets.values(spreadsheetId, "'" + SHEET + "'!A2:E").stream()
        .filter(r -> !r.isEmpty())
        .count();
  }

  /** The sheet's row number holding {@code id}, 1-based as a person sees it. */
  int sheetRow(String id) {
    List<List<Object>> rows = sheets.values(spreadsheetId, "'" + SHEET + "'!A1:A");
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).isEmpty() && id.equals(String.valueOf(rows.get(i).get(0)))) {
        return i + 1;
      }
    }
    throw new IllegalStateException("no sheet row holds " + id);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    notion.close();
    sheets.close();
  }
}
