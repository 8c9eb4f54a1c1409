package com.chittysync.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relations between registries kept in Notion travel as the related registry's keys: a person's
 * team is {@code ["ops"]} in PostgreSQL, not a page id that means nothing outside Notion.
 */
class NotionRelationTest {
  @TempDir Path dir;
  private NotionEmulator notion;
  private TestDatabase db;
  private Database database;
  private DataSourceHandle teams;
  private DataSourceHandle people;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void open() throws Exception {
    notion = NotionEmulator.start();
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    teams =
        notion.createDatabase(
            "Teams",
            json(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Code\":{\"type\":\"rich_text\",\"rich_text\":{}}}"));
    people =
        notion.createDatabase(
            "People",
            json(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Person ID\":{\"type\":\"rich_text\",\"rich_text\":{}},"
                    + "\"Team\":{\"type\":\"relation\",\"relation\":{\"data_source_id\":\""
                    + teams.dataSourceId()
                    + "\",\"type\":\"single_property\",\"single_property\":{}}}}"));
    // A relation of the People data source to itself: added once the data source exists.
    notion.addProperty(
        people.dataSourceId(),
        "Mentor",
        json(
            "{\"type\":\"relation\",\"relation\":{\"data_source_id\":\""
                + people.dataSourceId()
                + "\",\"type\":\"single_property\",\"single_property\":{}}}"));
    sql(
        "CREATE TABLE teams (code text PRIMARY KEY, name text);"
            + "CREATE TABLE people (id text PRIMARY KEY, name text, team jsonb, mentor jsonb)");
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n"
            + "  teams:\n"
            + "    schema: any.schema.json\n"
            + "    key: code\n"
            + "    endpoints:\n"
            + "      notion: {type: notion, database_id: "
            + teams.databaseId()
            + ", fields: {code: Code, name: Name}}\n"
            + "      pg: {type: postgres, table: teams, fields: {code: code, name: name}}\n"
            + "  people:\n"
            + "    schema: any.schema.json\n"
            + "    key: id\n"
            + "    endpoints:\n"
            + "      notion: {type: notion, database_id: "
            + people.databaseId()
            + ", fields: {id: Person ID, name: Name, team: Team, mentor: Mentor}}\n"
            + "      pg: {type: postgres, table: people, fields: {id: id, name: name, team: team,"
            + " mentor: mentor}}\n");
    env.putAll(db.env());
    env.put("NOTION_API_TOKEN", notion.token());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
  }

  @AfterEach
  void close() {
    notion.close();
    database.close();
    db.close();
  }

  @Test
  void relationsToAnotherRegistryAreSyncedAsItsKeys() throws Exception {
    String ops = team("Operations", "ops");
    team("Engineering", "eng");
    String ada = person("Ada", "P1", List.of(ops), List.of());
    person("Bo", "P2", List.of(ops), List.of(ada));

    // People first: the teams registry has never synced, so its pages are asked of Notion.
    assertThat(sync("people").applied().orElseThrow().failed()).isZero();
    assertThat(column("people", "P1", "team")).isEqualTo("[\"ops\"]");
    assertThat(column("people", "P2", "mentor")).isEqualTo("[\"P1\"]");

    // A row written in PostgreSQL names its team and mentor by key; Notion gets the pages.
    assertThat(sync("teams").applied().orElseThrow().failed()).isZero();
    sql(
        "INSERT INTO people (id, name, team, mentor)"
            + " VALUES ('P3', 'Cy', '[\"eng\", \"ops\"]', '[\"P2\"]')");
    SyncEngine.Result written = sync("people");
    assertThat(written.applied().orElseThrow().failed()).isZero();
    ObjectNode cy = pageByKey("P3");
    assertThat(ids(cy.at("/properties/Team/relation")))
        .containsExactly(pageOf(teams, "Code", "eng"), ops);
    assertThat(ids(cy.at("/properties/Mentor/relation")))
        .containsExactly(pageOf(people, "Person ID", "P2"));

    // Read back as keys, the pages equal what was written: nothing more to do.
    SyncEngine.Result again = sync("people");
    assertThat(again.plan().opCount()).as(again.plan().ops().toString()).isZero();
  }

  @Test
  void aRelationToAKeyThatDoesNotExistFailsOnlyThatRecord() throws Exception {
    team("Operations", "ops");
    sync("teams");
    sql(
        "INSERT INTO people (id, name, team, mentor) VALUES"
            + " ('P1', 'Ada', '[\"ops\"]', '[]'), ('P2', 'Bo', '[\"nope\"]', '[]')");
    SyncEngine.Result result = sync("people");
    assertThat(result.applied().orElseThrow().applied()).isEqualTo(1);
    assertThat(result.applied().orElseThrow().failed()).isEqualTo(1);
    assertThat(result.applied().orElseThrow().toString())
        .contains("no page of registry 'teams' holds key 'nope'");
    assertThat(pageByKey("P1")).isNotNull();
    assertThat(notion.pages(people.dataSourceId())).hasSize(1);
  }

  @Test
  void aPageRelatedToARecordWithoutAKeyIsQuarantinedNotSyncedWithoutIt() throws Exception {
    String unnamed = notion.createPage(teams.dataSourceId(), json("{" + title("Ghost") + "}"));
    person("Ada", "P1", List.of(unnamed), List.of());
    person("Bo", "P2", List.of(), List.of());
    SyncEngine.Result result = sync("people");
    assertThat(result.plan().invalid()).hasSize(1);
    assertThat(result.plan().invalid().get(0).toString())
        .contains("relation 'Team' points at page " + unnamed)
        .contains("registry 'teams'");
    assertThat(rows("people")).containsOnlyKeys("P2");
  }

  // --- fixtures ---

  private String team(String name, String code) throws Exception {
    return notion.createPage(
        teams.dataSourceId(), json("{" + title(name) + "," + text("Code", code) + "}"));
  }

  private String person(String name, String id, List<String> team, List<String> mentor)
      throws Exception {
    return notion.createPage(
        people.dataSourceId(),
        json(
            "{"
                + title(name)
                + ","
                + text("Person ID", id)
                + ",\"Team\":{\"relation\":"
                + refs(team)
                + "},\"Mentor\":{\"relation\":"
                + refs(mentor)
                + "}}"));
  }

  private static String refs(List<String> ids) {
    List<String> out = new ArrayList<>();
    ids.forEach(id -> out.add("{\"id\":\"" + id + "\"}"));
    return "[" + String.join(",", out) + "]";
  }

  private ObjectNode pageByKey(String key) {
    return notion.pages(people.dataSourceId()).stream()
        .filter(p -> p.at("/properties/Person ID/rich_text/0/plain_text").asText().equals(key))
        .findFirst()
        .orElse(null);
  }

  private String pageOf(DataSourceHandle source, String property, String key) {
    return notion.pages(source.dataSourceId()).stream()
        .filter(
            p -> p.at("/properties/" + property + "/rich_text/0/plain_text").asText().equals(key))
        .findFirst()
        .orElseThrow()
        .get("id")
        .asText();
  }

  private static List<String> ids(JsonNode relation) {
    List<String> out = new ArrayList<>();
    relation.forEach(r -> out.add(r.get("id").asText()));
    return out;
  }

  private static String text(String name, String value) {
    return "\"" + name + "\":{\"rich_text\":[{\"text\":{\"content\":\"" + value + "\"}}]}";
  }

  private static String title(String value) {
    return "\"Name\":{\"title\":[{\"text\":{\"content\":\"" + value + "\"}}]}";
  }

  private static ObjectNode json(String json) throws Exception {
    return (ObjectNode) Json.mapper().readTree(json);
  }

  private SyncEngine.Result sync(String registry) {
    SyncService service =
        new SyncService(
            Environment.of(env),
            database,
            new AuditLog(database, Clock.systemUTC()),
            Clock.systemUTC(),
            Set.of(new PostgresEndpointType(null), new NotionEndpointType(null)));
    SyncConfig config = service.config(Optional.empty());
    return service.sync(
        config, registry, new SyncEngine.Options(false, true, "test", "test-holder"), s -> {});
  }

  private void sql(String statements) {
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(statements);
          }
          return null;
        });
  }

  private String column(String table, String key, String column) {
    return database.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT "
                          + column
                          + "::text FROM "
                          + table
                          + " WHERE "
                          + (table.equals("people") ? "id" : "code")
                          + " = '"
                          + key
                          + "'")) {
            return rs.next() ? rs.getString(1) : null;
          }
        });
  }

  private Map<String, String> rows(String table) {
    return database.withConnection(
        c -> {
          Map<String, String> out = new HashMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, name FROM " + table)) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2));
            }
          }
          return out;
        });
  }
}
