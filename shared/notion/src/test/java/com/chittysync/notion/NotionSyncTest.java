package com.chittysync.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.notion.RequestLog;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Notion data source and a PostgreSQL table kept in sync both ways through the engine, against
 * the Notion emulator over real HTTP.
 */
class NotionSyncTest {
  @TempDir Path dir;
  private NotionEmulator notion;
  private TestDatabase db;
  private Database database;
  private DataSourceHandle people;
  private DataSourceHandle others;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void open() throws Exception {
    notion = NotionEmulator.start();
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    others =
        notion.createDatabase("Others", schema("{\"Name\":{\"type\":\"title\",\"title\":{}}}"));
    people =
        notion.createDatabase(
            "People",
            schema(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Person ID\":{\"type\":\"rich_text\",\"rich_text\":{}},"
                    + "\"Email\":{\"type\":\"email\",\"email\":{}},"
                    + "\"Age\":{\"type\":\"number\",\"number\":{\"format\":\"number\"}},"
                    + "\"Team\":{\"type\":\"select\",\"select\":{\"options\":[{\"name\":\"Ops\"}]}},"
                    + "\"Tags\":{\"type\":\"multi_select\",\"multi_select\":{\"options\":[]}},"
                    + "\"Stage\":{\"type\":\"status\",\"status\":{\"options\":[{\"name\":\"Not started\"},{\"name\":\"Done\"}]}},"
                    + "\"Born\":{\"type\":\"date\",\"date\":{}},"
                    + "\"Active\":{\"type\":\"checkbox\",\"checkbox\":{}},"
                    + "\"Site\":{\"type\":\"url\",\"url\":{}},"
                    + "\"Phone\":{\"type\":\"phone_number\",\"phone_number\":{}},"
                    + "\"Friends\":{\"type\":\"relation\",\"relation\":{\"data_source_id\":\""
                    + others.dataSourceId()
                    + "\",\"type\":\"single_property\",\"single_property\":{}}},"
                    + "\"Owner\":{\"type\":\"people\",\"people\":{}},"
                    + "\"Edited\":{\"type\":\"last_edited_time\",\"last_edited_time\":{}}}"));
    sql(
        "CREATE TABLE people (id text PRIMARY KEY, name text, email text, age integer, team text, tags jsonb,"
            + " stage text, born date, active boolean, site text, phone text, friends jsonb, owner jsonb, edited text)");
    Files.writeString(
        dir.resolve("person.schema.json"),
        "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"},"
            + "\"email\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}}}");
    writeConfig("");
    env.putAll(db.env());
    env.put("NOTION_API_TOKEN", notion.token());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
  }

  private void writeConfig(String notionExtra) throws Exception {
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n"
            + "  people:\n"
            + "    schema: person.schema.json\n"
            + "    key: id\n"
            + "    endpoints:\n"
            + "      notion:\n"
            + "        type: notion\n"
            + "        database_id: "
            + people.databaseId()
            + "\n"
            + notionExtra
            + "        fields: {id: Person ID, name: Name, email: Email, age: Age, team: Team, tags: Tags,"
            + " stage: Stage, born: Born, active: Active, site: Site, phone: Phone, friends: Friends,"
            + " owner: Owner, edited: Edited}\n"
            + "      pg:\n"
            + "        type: postgres\n"
            + "        table: people\n"
            + "        fields: {id: id, name: name, email: email, age: age, team: team, tags: tags,"
            + " stage: stage, born: born, active: active, site: site, phone: phone, friends: friends,"
            + " owner: owner, edited: edited}\n");
  }

  @AfterEach
  void close() {
    notion.close();
    database.close();
    db.close();
  }

  private static ObjectNode schema(String json) throws Exception {
    return (ObjectNode) Json.mapper().readTree(json);
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

  private Map<String, Map<String, String>> rows() {
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

  private SyncService service() {
    Environment environment = Environment.of(env);
    return new SyncService(
        environment,
        database,
        new AuditLog(database, Clock.systemUTC()),
        Clock.systemUTC(),
        Set.of(new PostgresEndpointType(null), new NotionEndpointType(null)));
  }

  private SyncEngine.Result sync(boolean full) {
    SyncService service = service();
    SyncConfig config = service.config(Optional.empty());
    return service.sync(
        config, "people", new SyncEngine.Options(false, full, "test", "test-holder"), s -> {});
  }

  private String page(String props) throws Exception {
    return notion.createPage(people.dataSourceId(), schema(props));
  }

  private static String text(String name, String value) {
    return "\"" + name + "\":{\"rich_text\":[{\"text\":{\"content\":\"" + value + "\"}}]}";
  }

  private static String title(String value) {
    return "\"Name\":{\"title\":[{\"text\":{\"content\":\"" + value + "\"}}]}";
  }

  /** Live pages by key, as canonical values of their properties. */
  private Map<String, JsonNode> notionPages() {
    Map<String, JsonNode> out = new TreeMap<>();
    for (ObjectNode p : notion.pages(people.dataSourceId())) {
      if (p.path("in_trash").asBoolean()) {
        continue;
      }
      ObjectNode values = Json.mapper().createObjectNode();
      p.path("properties")
          .fields()
          .forEachRemaining(e -> values.set(e.getKey(), PropertyCodec.read(e.getValue())));
      out.merge(values.path("Person ID").asText(), values, (a, b) -> Json.mapper().nullNode());
    }
    return out;
  }

  @Test
  void pagesAndRowsFlowBothWaysThroughEveryPropertyType() throws Exception {
    String friend = notion.createPage(others.dataSourceId(), schema("{" + title("Zed") + "}"));
    page(
        "{"
            + title("Ann")
            + ","
            + text("Person ID", "P1")
            + ",\"Email\":{\"email\":\"ann@x.org\"},\"Age\":{\"number\":41},"
            + "\"Team\":{\"select\":{\"name\":\"Ops\"}},\"Tags\":{\"multi_select\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
            + "\"Stage\":{\"status\":{\"name\":\"Done\"}},\"Born\":{\"date\":{\"start\":\"1985-04-12\"}},"
            + "\"Active\":{\"checkbox\":true},\"Site\":{\"url\":\"https://ann.example\"},"
            + "\"Phone\":{\"phone_number\":\"+1 555 0100\"},\"Friends\":{\"relation\":[{\"id\":\""
            + friend
            + "\"}]},\"Owner\":{\"people\":[{\"object\":\"user\",\"id\":\""
            + notion.humanUserId()
            + "\"}]}}");
    sql(
        "INSERT INTO people (id, name, email, age, tags, stage, born, active) VALUES"
            + " ('P2', 'Bob', 'bob@x.org', 33, '[\"c\"]', 'Not started', '1990-01-02', false)");

    SyncEngine.Result first = sync(true);
    assertThat(first.applied().orElseThrow().failed()).as(first.applied().toString()).isZero();

    Map<String, String> ann = rows().get("P1");
    assertThat(ann)
        .containsEntry("name", "Ann")
        .containsEntry("email", "ann@x.org")
        .containsEntry("age", "41")
        .containsEntry("team", "Ops")
        .containsEntry("tags", "[\"a\", \"b\"]")
        .containsEntry("stage", "Done")
        .containsEntry("born", "1985-04-12")
        .containsEntry("active", "t")
        .containsEntry("site", "https://ann.example")
        .containsEntry("phone", "+1 555 0100")
        .containsEntry("friends", "[\"" + friend + "\"]")
        .containsEntry("owner", "[\"" + notion.humanUserId() + "\"]");
    assertThat(ann.get("edited")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00\\.000Z");
    JsonNode bob = notionPages().get("P2");
    assertThat(bob.get("Name").asText()).isEqualTo("Bob");
    assertThat(bob.get("Email").asText()).isEqualTo("bob@x.org");
    assertThat(bob.get("Age").asInt()).isEqualTo(33);
    assertThat(bob.get("Tags").toString()).isEqualTo("[\"c\"]");
    assertThat(bob.get("Stage").asText()).isEqualTo("Not started");
    assertThat(bob.get("Born").asText()).isEqualTo("1990-01-02");
    assertThat(bob.get("Active").asBoolean()).isFalse();
    // The read-only property came back to PostgreSQL for the page created there too.
    SyncEngine.Result settle = sync(true);
    assertThat(rows().get("P2").get("edited")).isNotNull();

    notion.requestLog().clear();
    SyncEngine.Result quiet = sync(true);
    assertThat(quiet.plan().opCount()).isZero();
    assertThat(notion.requestLog().count("POST", "/v1/pages")).isZero();
    assertThat(notion.requestLog().count("PATCH", "/v1/pages")).isZero();
    assertThat(settle.applied()).isPresent();
  }

  @Test
  void longTextAndMoreThan25RelationsSurviveTheRoundTrip() throws Exception {
    List<String> friends = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      friends.add(notion.createPage(others.dataSourceId(), schema("{" + title("F" + i) + "}")));
    }
    String longName = "n".repeat(4500) + "é";
    sql(
        "INSERT INTO people (id, name, friends) VALUES ('P3', '"
            + longName
            + "', '"
            + Json.mapper().valueToTree(friends)
            + "')");
    SyncEngine.Result first = sync(true);
    assertThat(first.applied().orElseThrow().failed()).isZero();
    ObjectNode page =
        notion.pages(people.dataSourceId()).stream()
            .filter(p -> p.at("/properties/Person ID/rich_text/0/plain_text").asText().equals("P3"))
            .findFirst()
            .orElseThrow();
    assertThat(page.at("/properties/Name/title").size()).isEqualTo(3);
    assertThat(page.at("/properties/Friends/relation").size()).isEqualTo(30);
    // Read back through the API (25 references per page object, the rest by property item):
    // nothing differs, so nothing is written beyond Notion's own last-edited time.
    sync(true);
    SyncEngine.Result again = sync(true);
    assertThat(again.plan().opCount()).as(again.plan().ops().toString()).isZero();
    assertThat(
            notion
                .requestLog()
                .count("GET", "/v1/pages/" + page.get("id").asText() + "/properties"))
        .isPositive();
  }

  @Test
  void aRateLimitStormIsRiddenOutWithNoFailedOp() throws Exception {
    writeConfig("        requests_per_second: 50\n");
    notion.rateLimit(10, 2);
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      values
          .append(i == 0 ? "" : ",")
          .append("('R")
          .append(i)
          .append("', 'Name ")
          .append(i)
          .append("')");
    }
    sql("INSERT INTO people (id, name) VALUES " + values);
    SyncEngine.Result result = sync(true);
    assertThat(result.applied().orElseThrow().failed()).isZero();
    assertThat(notionPages()).hasSize(12);
    assertThat(notion.requestLog().filter(e -> e.status() == 429)).isNotEmpty();
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundByKeyNotDuplicated() throws Exception {
    sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee')");
    notion.faults().dropAfterWrite(1, "POST", "/v1/pages");
    SyncEngine.Result result = sync(true);
    assertThat(result.applied().orElseThrow().failed()).isZero();
    assertThat(
            notion.pages(people.dataSourceId()).stream()
                .filter(
                    p -> p.at("/properties/Person ID/rich_text/0/plain_text").asText().equals("P4"))
                .count())
        .isEqualTo(1);
    sync(true); // brings Notion's own values (last edited time) back to PostgreSQL
    assertThat(sync(true).plan().opCount()).isZero();
  }

  @Test
  void aCreateReplayedAfterACrashIsRecognisedNotRepeated() throws Exception {
    SyncService service = service();
    SyncConfig config = service.config(Optional.empty());
    var registry = config.registry("people");
    var type = new NotionEndpointType(null);
    var context = new EndpointContext(Environment.of(env), database);
    var op =
        new Op.Create(
            7,
            "P5",
            new CanonicalRecord(
                "P5",
                Map.of(
                    "id", Json.mapper().getNodeFactory().textNode("P5"),
                    "name", Json.mapper().getNodeFactory().textNode("Eve"))));
    try (NotionEndpoint first = type.open(registry.endpoints().get("notion"), registry, context)) {
      first.check();
      first.fetch(FetchRequest.fullScan());
      assertThat(first.apply(List.of(op)).get(0).outcome()).isEqualTo(OpResult.Outcome.APPLIED);
    }
    // The process died before journaling: a new process applies the same op again.
    try (NotionEndpoint second = type.open(registry.endpoints().get("notion"), registry, context)) {
      second.check();
      assertThat(second.apply(List.of(op)).get(0).outcome())
          .isEqualTo(OpResult.Outcome.ALREADY_APPLIED);
    }
    assertThat(notionPages()).containsOnlyKeys("P5");
  }

  @Test
  void aPageMovedToTheTrashIsDeletedInPostgres() throws Exception {
    String id = page("{" + title("Fay") + "," + text("Person ID", "P6") + "}");
    for (int i = 0; i < 4; i++) {
      page("{" + title("Gus") + "," + text("Person ID", "Q" + i) + "}");
    }
    sync(true);
    assertThat(rows()).containsKeys("P6", "Q0");
    notion.trash(id); // one of five: under the delete guard's 25 %
    SyncEngine.Result result = sync(true);
    assertThat(result.applied().orElseThrow().failed()).isZero();
    assertThat(rows()).containsOnlyKeys("Q0", "Q1", "Q2", "Q3");
  }

  @Test
  void aValueNotionRefusesFailsOnlyItsOwnRecord() throws Exception {
    sql(
        "INSERT INTO people (id, name, stage) VALUES ('P8', 'Hal', 'No such stage'), ('P9', 'Ivy', 'Done')");
    SyncEngine.Result result = sync(true);
    assertThat(result.applied().orElseThrow().failed()).isEqualTo(1);
    assertThat(result.applied().orElseThrow().errors().toString()).contains("validation_error");
    assertThat(notionPages()).containsKey("P9").doesNotContainKey("P8");
  }

  @Test
  void aServerThatKeepsFailingFailsThatOpOnlyAndTheNextRunWritesIt() throws Exception {
    writeConfig("        max_retries: 1\n");
    sql("INSERT INTO people (id, name) VALUES ('P10', 'Jo'), ('P11', 'Kim')");
    // Both tries of the first create fail; queries (the look-up by key) still answer.
    notion.faults().failNext(2, 503, "service_unavailable", "POST", "/v1/pages");
    SyncEngine.Result first = sync(true);
    assertThat(first.applied().orElseThrow().failed()).isEqualTo(1);
    assertThat(first.applied().orElseThrow().applied()).isEqualTo(1);
    assertThat(first.applied().orElseThrow().errors().toString()).contains("HTTP 503");
    assertThat(notionPages()).hasSize(1);
    // The failed record is planned again and written; nothing is duplicated.
    SyncEngine.Result second = sync(true);
    assertThat(second.applied().orElseThrow().failed()).isZero();
    assertThat(notionPages()).containsOnlyKeys("P10", "P11");
  }

  @Test
  void aRefusedTokenStopsTheRunNamingTheEndpoint() {
    env.put("NOTION_API_TOKEN", "secret_wrong");
    assertThatThrownBy(() -> sync(true))
        .isInstanceOf(ChittySyncException.class)
        .satisfies(
            e ->
                assertThat(((ChittySyncException) e).code())
                    .isEqualTo(ErrorCode.ENDPOINT_UNAUTHORIZED))
        .hasMessageContaining("registries.people.endpoints.notion")
        .hasMessageNotContaining("secret_wrong");
  }

  @Test
  void aMappedPropertyThatDoesNotExistIsNamed() throws Exception {
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        Files.readString(dir.resolve("chittysync.yaml"))
            .replace("email: Email,", "email: E-mail,"));
    assertThatThrownBy(() -> sync(true))
        .hasMessageContaining("registries.people.endpoints.notion.fields.email")
        .hasMessageContaining("no property 'E-mail'");
  }

  @Test
  void aDatabaseWithSeveralDataSourcesNeedsDataSourceId() throws Exception {
    String second =
        notion.addDataSource(
            people.databaseId(), "Archive", schema("{\"Name\":{\"type\":\"title\",\"title\":{}}}"));
    assertThatThrownBy(() -> sync(true))
        .hasMessageContaining("data_source_id")
        .hasMessageContaining(second);
    writeConfig("        data_source_id: " + people.dataSourceId() + "\n");
    assertThat(sync(true).applied()).isPresent();
  }

  @Test
  void anIncrementalSyncReadsWhatChangedAndOnlyTheKeysOfTheRest() throws Exception {
    Instant now = Instant.now();
    notion.clock().set(now.minus(Duration.ofMinutes(10)));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      ids.add(page("{" + title("N" + i) + "," + text("Person ID", "K" + i) + "}"));
    }
    assertThat(sync(true).applied().orElseThrow().failed()).isZero();
    assertThat(rows()).hasSize(150);
    notion.clock().set(now);
    for (int i = 0; i < 5; i++) {
      notion.humanEdit(ids.get(i * 7), schema("{" + title("Changed " + i) + "}"));
    }
    notion.requestLog().clear();
    SyncEngine.Result result = sync(false);
    assertThat(result.applied().orElseThrow().applied()).isEqualTo(5);
    // One query for the pages edited since; the others (150 pages: two of 100) list only keys, to
    // tell a quiet record from one gone, and find none gone, so no page is read by id.
    List<RequestLog.Entry> queries = notion.requestLog().entries("POST", "/v1/data_sources/");
    assertThat(queries).as(notion.requestLog().entries().toString()).hasSize(3);
    assertThat(queries).filteredOn(e -> e.body().contains("last_edited_time")).hasSize(1);
    assertThat(queries)
        .filteredOn(e -> e.query() != null && e.query().contains("filter_properties"))
        .hasSize(2);
    assertThat(notion.requestLog().count("GET", "/v1/pages/")).isZero();
    assertThat(rows().get("K7").get("name")).isEqualTo("Changed 1");
  }
}
