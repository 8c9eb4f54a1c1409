package com.chittysync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.pipeline.notify.NotificationStore;
import com.chittysync.pipeline.notify.RegistryHealth;
import com.chittysync.pipeline.notify.RunNotifier;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.sheets.SheetsEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcRunLog;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff path tells a chat webhook (a local HTTP receiver here) when a registry's runs change
 * state, once per change: a registry broken on purpose (one endpoint's table dropped) fails run
 * after run but is told once, and told again when it recovers.
 */
class StateChangeNotificationTest {
  @TempDir Path dir;
  private TestDatabase db;
  private Database database;
  private HttpServer receiver;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    sql("CREATE TABLE people (name text PRIMARY KEY, email text)");
    sql("CREATE TABLE members (name text PRIMARY KEY, email text)");
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n"
            + "  people:\n"
            + "    schema: any.schema.json\n"
            + "    key: name\n"
            + "    endpoints:\n"
            + "      a: {type: postgres, table: people, fields: {name: name, email: email}}\n"
            + "      b: {type: postgres, table: members, fields: {name: name, email: email}}\n");
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hooks/chat",
        exchange -> {
          received.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    receiver.start();
    env.putAll(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    env.put(
        RunNotifier.VARIABLE,
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/chat");
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
    database.close();
    db.close();
  }

  @Test
  void aFailingRegistryIsToldOnceAndItsRecoveryOnceMore() {
    // First seen healthy: recorded, nobody told.
    assertThat(diff().status()).isEqualTo("settled");
    assertThat(received).isEmpty();
    assertThat(store().told("people")).contains(RegistryHealth.HEALTHY);

    sql("DROP TABLE members");
    assertThatThrownBy(this::diff).isNotNull();
    assertThat(received).hasSize(1);
    String text = received.get(0).get("text").asText();
    assertThat(received.get(0).size()).as("Slack/Teams shape: text only").isEqualTo(1);
    assertThat(text).contains("registry 'people'").contains("is failing").contains("was healthy");

    // Failing again: the same state, no second message.
    assertThatThrownBy(this::diff).isNotNull();
    assertThat(received).hasSize(1);

    sql("CREATE TABLE members (name text PRIMARY KEY, email text)");
    assertThat(diff().status()).isEqualTo("settled");
    assertThat(received).hasSize(2);
    assertThat(received.get(1).get("text").asText())
        .contains("registry 'people'")
        .contains("has recovered")
        .contains("was failing");

    assertThat(diff().status()).isEqualTo("settled");
    assertThat(received).hasSize(2);
  }

  @Test
  void aChangeTheWebhookRefusedIsToldByTheNextRunAndTheRunStands() {
    sql("DROP TABLE members");
    status.set(500);
    assertThatThrownBy(this::diff).isNotNull();
    assertThat(received).hasSize(1);
    // Refused: given back, so it is not lost.
    assertThat(store().told("people")).isEmpty();

    status.set(200);
    assertThatThrownBy(this::diff).isNotNull();
    assertThat(received).hasSize(2);
    assertThat(received.get(1).get("text").asText()).contains("is failing");
    assertThat(store().told("people")).contains(RegistryHealth.FAILING);
  }

  @Test
  void withoutAWebhookNothingIsToldNorRecorded() {
    env.remove(RunNotifier.VARIABLE);
    sql("DROP TABLE members");
    assertThatThrownBy(this::diff).isNotNull();
    assertThat(received).isEmpty();
    assertThat(store().told("people")).isEmpty();
  }

  private DiffService.Outcome diff() {
    Environment environment = Environment.of(env);
    SyncService sync =
        new SyncService(
            environment,
            database,
            new AuditLog(database, Clock.systemUTC()),
            Clock.systemUTC(),
            Set.of(
                new PostgresEndpointType(null),
                new NotionEndpointType(null),
                new SheetsEndpointType(null)));
    RunNotifier notifier =
        new RunNotifier(environment, new JdbcRunLog(database), this::store, Duration.ofSeconds(2));
    return new DiffService(
            sync,
            events -> {
              throw new AssertionError("a settled or failed diff puts no event: " + events);
            },
            PendingSyncs.NONE,
            new HandOver(Duration.ZERO, Clock.systemUTC()),
            notifier)
        .onSyncRequested("people", "test", false, "test-diff");
  }

  private NotificationStore store() {
    return new NotificationStore(database);
  }

  private void sql(String statement) {
    database.withConnection(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(statement);
          }
          return null;
        });
  }
}
