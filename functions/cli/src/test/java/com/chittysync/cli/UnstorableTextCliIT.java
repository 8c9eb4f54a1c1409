package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.sheets.SheetsEmulator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NUL (or a lone surrogate) in a Notion title, a sheet cell or a PostgreSQL value, synced through
 * the CLI: the registry still syncs its other records, each bad one is quarantined with its
 * endpoint and path, and {@code sync} exits 2 (attention), not 1 (failed).
 */
class UnstorableTextCliIT {
  @TempDir Path dir;
  private NotionEmulator notion;
  private SheetsEmulator sheets;
  private TestDatabase db;
  private DataSourceHandle people;
  private String spreadsheet;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    notion = NotionEmulator.start();
    sheets = SheetsEmulator.start();
    db = TestPostgres.createDatabase();
    people =
        notion.createDatabase(
            "People",
            json(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Email\":{\"type\":\"email\",\"email\":{}}}"));
    spreadsheet = sheets.createSpreadsheet("People", "People");
    sheets.setValues(spreadsheet, "People!A1", List.of(List.of("Name", "Email")));
    Files.writeString(dir.resolve("sa.json"), sheets.serviceAccount().json());
    // PostgreSQL text cannot hold U+0000, but a json column holds the escape.
    sql("CREATE TABLE people (name text PRIMARY KEY, email text, notes json)");
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n"
            + "  people:\n"
            + "    schema: any.schema.json\n"
            + "    key: name\n"
            + "    endpoints:\n"
            + "      notion: {type: notion, database_id: "
            + people.databaseId()
            + ", fields: {name: Name, email: Email}}\n"
            + "      pg: {type: postgres, table: people, fields: {name: name, email: email, notes:"
            + " notes}}\n"
            + "      sheet: {type: sheets, spreadsheet_id: "
            + spreadsheet
            + ", sheet: People, fields: {name: Name, email: Email},"
            + " requests_per_minute: 6000}\n");
    env.putAll(db.env());
    env.put("NOTION_API_TOKEN", notion.token());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    env.put("SHEETS_API_ROOT_URL", sheets.rootUrl());
    env.put("GOOGLE_SERVICE_ACCOUNT", dir.resolve("sa.json").toString());
    CliRunner.Result migrate = CliRunner.run(dir, env, "migrate");
    assertThat(migrate.exit()).as(migrate.err()).isZero();
  }

  @AfterEach
  void tearDown() {
    notion.close();
    sheets.close();
    db.close();
  }

  @Test
  void aNulAnywhereQuarantinesItsRecordAndTheRegistryStillSyncs() throws Exception {
    notion.createPage(people.dataSourceId(), page("Ada", "ada@example.com"));
    notion.createPage(people.dataSourceId(), page("Bad\\u0000Title", "bad@example.com"));
    sheets.setValues(
        spreadsheet,
        "People!A2",
        List.of(List.of("Cy", "cy@example.com"), List.of("Dee", "dee\u0000@example.com")));
    sql(
        "INSERT INTO people VALUES ('Bo', 'bo@example.com', '\"fine\"'),"
            + " ('Eve', 'eve@example.com', '\"a\\u0000b\"'),"
            + " ('Fay', 'fay@example.com', '{\"half\": \"\\ud800\"}')");

    CliRunner.Result sync = CliRunner.run(dir, env, "sync", "--registry", "people", "--json");
    assertThat(sync.exit()).as(sync.err() + sync.out()).isEqualTo(2);
    JsonNode report = Json.mapper().readTree(sync.out());
    Map<String, String> invalid = new TreeMap<>();
    for (JsonNode i : report.get("invalid")) {
      for (JsonNode e : i.get("errors")) {
        invalid.put(
            i.get("endpoint").asText() + " " + i.get("key").asText(),
            e.get("path").asText() + " " + e.get("message").asText());
      }
    }
    assertThat(invalid).containsOnlyKeys("notion Bad\\u0000Title", "sheet Dee", "pg Eve", "pg Fay");
    assertThat(invalid.get("notion Bad\\u0000Title")).startsWith("/name the key").contains("NULL");
    assertThat(invalid.get("sheet Dee")).startsWith("/email the value contains U+0000 NULL");
    assertThat(invalid.get("pg Eve")).startsWith("/notes the value contains U+0000 NULL");
    assertThat(invalid.get("pg Fay")).startsWith("/notes/half the value contains a lone surrogate");

    // The valid records reached every endpoint; the bad ones stayed where they are.
    assertThat(rows()).containsOnlyKeys("Ada", "Bo", "Cy", "Eve", "Fay");
    assertThat(notionNames()).containsExactlyInAnyOrder("Ada", "Bad\u0000Title", "Bo", "Cy");
    assertThat(sheetNames()).containsExactlyInAnyOrder("Ada", "Bo", "Cy", "Dee");

    // --full reads and reports them all again, and changes nothing else.
    CliRunner.Result full = CliRunner.run(dir, env, "sync", "--full", "--json");
    assertThat(full.exit()).as(full.err()).isEqualTo(2);
    assertThat(Json.mapper().readTree(full.out()).get("invalid")).hasSize(4);
    assertThat(Json.mapper().readTree(full.out()).get("applied").asInt()).isZero();
  }

  private void sql(String statements) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement()) {
      st.execute(statements);
    }
  }

  private TreeMap<String, String> rows() throws Exception {
    TreeMap<String, String> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name, email FROM people")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2));
      }
    }
    return rows;
  }

  private List<String> notionNames() {
    List<String> names = new ArrayList<>();
    for (ObjectNode p : notion.pages(people.dataSourceId())) {
      if (!p.path("in_trash").asBoolean()) {
        names.add(p.at("/properties/Name/title/0/plain_text").asText());
      }
    }
    return names;
  }

  private TreeSet<String> sheetNames() {
    TreeSet<String> names = new TreeSet<>();
    sheets.values(spreadsheet, "People!A2:A").forEach(r -> names.add(r.get(0).toString()));
    return names;
  }

  /** A page's properties; {@code name} is put in the JSON as written, escapes and all. */
  private static ObjectNode page(String name, String email) throws Exception {
    return json(
        "{\"Name\":{\"title\":[{\"text\":{\"content\":\""
            + name
            + "\"}}]},\"Email\":{\"email\":\""
            + email
            + "\"}}");
  }

  private static ObjectNode json(String json) throws Exception {
    return (ObjectNode) Json.mapper().readTree(json);
  }
}
