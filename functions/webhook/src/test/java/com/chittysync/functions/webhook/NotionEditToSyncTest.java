package com.chittysync.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.intake.NotionWebhookService;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person's edit in Notion reaches PostgreSQL through the whole chain: the emulator delivers a
 * signed webhook over HTTP to the webhook service wired as the function wires it, which puts a
 * {@code SyncRequested} event on moto's EventBridge; a rule hands it to SQS, and the sync it asks
 * for reads the edit.
 */
class NotionEditToSyncTest {
  @TempDir Path dir;
  private NotionEmulator notion;
  private TestDatabase db;
  private Database database;
  private HttpServer intake;
  private EventBusTap bus;
  private DataSourceHandle people;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
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
                    + "\"Email\":{\"type\":\"email\",\"email\":{}}}"));
    sql("CREATE TABLE people (name text PRIMARY KEY, email text)");
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
            + "      pg: {type: postgres, table: people, fields: {name: name, email: email}}\n");
    env.putAll(MotoServer.shared().env());
    env.putAll(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    env.put("CHITTYSYNC_NOTION_WEBHOOK_SECRET", "chittysync-test/" + UUID.randomUUID());
    env.put("NOTION_API_TOKEN", notion.token());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    bus = EventBusTap.create(env, "SyncRequested");
    env.put("CHITTYSYNC_EVENT_BUS", bus.bus());

    // The function's service, behind a plain HTTP server standing in for API Gateway.
    NotionWebhookService service = WebhookComponent.create(env).notionWebhookService();
    intake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    intake.createContext(
        "/webhooks/notion",
        exchange -> {
          Map<String, String> headers = new HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
          HttpResult result = service.handle(headers, exchange.getRequestBody().readAllBytes());
          byte[] body = result.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", result.contentType());
          exchange.sendResponseHeaders(result.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    intake.start();
  }

  @AfterEach
  void tearDown() {
    intake.stop(0);
    bus.close();
    notion.close();
    database.close();
    db.close();
  }

  @Test
  void anEditInNotionIsDeliveredRequestedAndSyncedToPostgresOnce() throws Exception {
    String ada =
        notion.createPage(
            people.dataSourceId(),
            json("{" + title("Ada") + ",\"Email\":{\"email\":\"ada@old.example\"}}"));
    assertThat(sync(true).applied().orElseThrow().failed()).isZero();
    assertThat(email("Ada")).isEqualTo("ada@old.example");

    notion
        .webhooks()
        .duplicateDeliveries(true) // Notion delivers at least once
        .subscribe(
            URI.create("http://127.0.0.1:" + intake.getAddress().getPort() + "/webhooks/notion"),
            null);
    assertThat(notion.webhooks().awaitQuiescence(Duration.ofSeconds(10))).isTrue();
    notion.humanEdit(ada, json("{\"Email\":{\"email\":\"ada@new.example\"}}"));
    assertThat(notion.webhooks().awaitQuiescence(Duration.ofSeconds(20))).isTrue();

    List<JsonNode> requested = bus.drain("SyncRequested");
    assertThat(requested).hasSize(1);
    JsonNode detail = requested.get(0).get("detail");
    assertThat(detail.get("registry").asText()).isEqualTo("people");
    assertThat(detail.get("reason").asText()).isEqualTo("notion.webhook");
    assertThat(detail.get("pages").toString()).contains(ada.replace("-", "").substring(0, 8));

    // What the diff function does with the event: sync the registry it names.
    SyncEngine.Result result = sync(false);
    assertThat(result.applied().orElseThrow().failed()).isZero();
    assertThat(email("Ada")).isEqualTo("ada@new.example");
  }

  private SyncEngine.Result sync(boolean full) {
    SyncService service =
        new SyncService(
            Environment.of(env),
            database,
            new AuditLog(database, Clock.systemUTC()),
            Clock.systemUTC(),
            Set.of(new PostgresEndpointType(null), new NotionEndpointType(null)));
    SyncConfig config = service.config(Optional.empty());
    return service.sync(
        config, "people", new SyncEngine.Options(false, full, "test", "test-holder"), s -> {});
  }

  private String email(String name) {
    return database.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT email FROM people WHERE name = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
          }
        });
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

  private static String title(String value) {
    return "\"Name\":{\"title\":[{\"text\":{\"content\":\"" + value + "\"}}]}";
  }

  private static ObjectNode json(String json) throws Exception {
    return (ObjectNode) Json.mapper().readTree(json);
  }
}
