package com.chittysync.notion;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.config.RegistryConfig;
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
import com.chittysync.sync.state.Snapshots;
import com.chittysync.sync.state.jdbc.JdbcSnapshotLookup;
import com.chittysync.sync.state.jdbc.JdbcSnapshots;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A registry {@code people} kept in a Notion data source (on the emulator, over HTTP) and a
 * PostgreSQL table, synced by the engine, with the Notion endpoint at hand to fetch from and apply
 * to directly as the engine would after an incremental read.
 */
final class NotionHarness implements AutoCloseable {
  final NotionEmulator notion;
  final Database database;
  final DataSourceHandle people;
  private final TestDatabase db;
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();

  NotionHarness(Path dir) {
    this.dir = dir;
    notion = NotionEmulator.start();
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    people =
        notion.createDatabase(
            "People",
            json(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Person ID\":{\"type\":\"rich_text\",\"rich_text\":{}},"
                    + "\"Notes\":{\"type\":\"rich_text\",\"rich_text\":{}},"
                    + "\"Active\":{\"type\":\"checkbox\",\"checkbox\":{}},"
                    + "\"Team\":{\"type\":\"select\",\"select\":{\"options\":[{\"name\":\"Ops\"}]}},"
                    + "\"Tags\":{\"type\":\"multi_select\",\"multi_select\":{\"options\":[]}},"
                    + "\"Born\":{\"type\":\"date\",\"date\":{}},"
                    + "\"Site\":{\"type\":\"url\",\"url\":{}},"
                    + "\"Owner\":{\"type\":\"people\",\"people\":{}},"
                    + "\"Edited\":{\"type\":\"last_edited_time\",\"last_edited_time\":{}}}"));
    sql(
        "CREATE TABLE people (id text PRIMARY KEY, name text, notes text, active boolean,"
            + " team text, tags jsonb, born text, site text, owner jsonb, edited text)");
    try {
      Files.writeString(
          dir.resolve("person.schema.json"),
          "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"}}}");
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
              + "        fields: {id: Person ID, name: Name, notes: Notes, active: Active,"
              + " team: Team, tags: Tags, born: Born, site: Site, owner: Owner, edited: Edited}\n"
              + "      pg:\n"
              + "        type: postgres\n"
              + "        table: people\n"
              + "        fields: {id: id, name: name, notes: notes, active: active, team: team,"
              + " tags: tags, born: born, site: site, owner: owner, edited: edited}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.putAll(db.env());
    env.put("NOTION_API_TOKEN", notion.token());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Pages of keys {@code keys} (named after them), stamped ten minutes ago: before the cursor of a
   * sync made now.
   */
  Map<String, String> pagesEditedTenMinutesAgo(String... keys) {
    notion.clock().set(Instant.now().minus(Duration.ofMinutes(10)));
    Map<String, String> ids = new TreeMap<>();
    for (String key : keys) {
      ids.put(key, page(key, "Name of " + key));
    }
    notion.clock().set(Instant.now());
    return ids;
  }

  /** A page created by a person in Notion. */
  String page(String key, String name) {
    return notion.createPage(
        people.dataSourceId(),
        json(
            "{" + title(name) + "," + text("Person ID", key) + ",\"Active\":{\"checkbox\":true}}"));
  }

  static String title(String value) {
    return "\"Name\":{\"title\":[{\"text\":{\"content\":\"" + value + "\"}}]}";
  }

  static String text(String name, String value) {
    return "\"" + name + "\":{\"rich_text\":[{\"text\":{\"content\":\"" + value + "\"}}]}";
  }

  SyncEngine.Result sync(boolean full) {
    SyncService service = service();
    SyncConfig config = service.config(Optional.empty());
    return service.sync(
        config, "people", new SyncEngine.Options(false, full, "test", "test-holder"), s -> {});
  }

  private SyncService service() {
    return new SyncService(
        Environment.of(env),
        database,
        new AuditLog(database, Clock.systemUTC()),
        Clock.systemUTC(),
        Set.of(new PostgresEndpointType(null), new NotionEndpointType(null)));
  }

  /** The Notion endpoint as a sync opens it, its schema checked. */
  NotionEndpoint endpoint() {
    SyncService service = service();
    SyncConfig config = service.config(Optional.empty());
    RegistryConfig registry = config.registry("people");
    NotionEndpoint endpoint =
        new NotionEndpointType(null)
            .open(
                registry.endpoints().get("notion"),
                registry,
                new EndpointContext(
                    Environment.of(env),
                    database,
                    Optional.of(config),
                    Optional.of(new JdbcSnapshotLookup(database))));
    endpoint.check();
    return endpoint;
  }

  /** An incremental read from where the last sync left off, as the engine asks for one. */
  FetchRequest sinceLastSync() {
    return new FetchRequest(false, Optional.of(cursor()));
  }

  private String cursor() {
    return database.withConnection(
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT cursor FROM chittysync.endpoint_cursors"
                      + " WHERE registry = 'people' AND endpoint = 'notion'")) {
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next()) {
                throw new IllegalStateException("no sync has left a cursor yet");
              }
              return rows.getString(1);
            }
          }
        });
  }

  /** What the last sync stored as the Notion endpoint's record of {@code key}. */
  CanonicalRecord snapshot(String key) {
    Snapshots.Snapshot snapshot =
        new JdbcSnapshots(database).snapshots("people", "notion", List.of(key)).get(key);
    if (snapshot == null) {
      throw new IllegalStateException("no snapshot of " + key);
    }
    return snapshot.record();
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

  @Override
  public void close() {
    notion.close();
    database.close();
    db.close();
  }
}
