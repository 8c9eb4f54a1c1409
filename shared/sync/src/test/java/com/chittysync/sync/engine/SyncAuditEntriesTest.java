package com.chittysync.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.config.RegistryConfig;
import com.chittysync.sync.endpoint.Endpoint;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the {@code sync.op} entries of a sync say about the records it changed. */
class SyncAuditEntriesTest {
  private TestDatabase db;
  private Database database;
  private AuditLog audit;
  private SyncEngine engine;
  private final MemoryEndpoint a = new MemoryEndpoint("a");
  private final MemoryEndpoint b = new MemoryEndpoint("b");

  @BeforeEach
  void open() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    audit = new AuditLog(database, Clock.systemUTC());
    engine = new SyncEngine(new SyncStore(database), audit, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  private static RegistryConfig registry(RegistryConfig.AuditDetail detail) {
    RegistryConfig r =
        SyncEngineTest.registry(
            RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE);
    return new RegistryConfig(
        r.name(),
        r.schema(),
        r.key(),
        r.conflict(),
        r.priority(),
        r.deletes(),
        r.deleteGuard(),
        r.schedule(),
        detail,
        r.endpoints());
  }

  private void sync(RegistryConfig registry) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("a", a);
    endpoints.put("b", b);
    SyncEngine.Result result =
        engine.run(
            registry,
            endpoints,
            SyncEngineTest.VALID,
            new SyncEngine.Options(false, true, "test", "test-holder"),
            s -> {});
    assertThat(result.converged()).isTrue();
  }

  /** The bodies of the sync.op entries, in order. */
  private List<JsonNode> opBodies() throws Exception {
    List<JsonNode> bodies = new ArrayList<>();
    audit.entries(
        0,
        Long.MAX_VALUE,
        (seq, entry, leaf) -> {
          JsonNode json = Json.mapper().readTree(entry);
          if (json.get("type").asText().equals("sync.op")) {
            bodies.add(json.get("body"));
          }
        });
    return bodies;
  }

  @Test
  void valuesModeRecordsARecordTooLargeForAnEntryAsHashesSayingSo() throws Exception {
    a.data.put("P1", SyncEngineTest.person("P1", "x".repeat(1_200_000), "p1@x.org"));
    a.data.put("P2", SyncEngineTest.person("P2", "Bo", "p2@x.org"));

    sync(registry(RegistryConfig.AuditDetail.VALUES));

    assertThat(b.data).containsKeys("P1", "P2");
    List<JsonNode> bodies = opBodies();
    assertThat(bodies).hasSize(2);
    JsonNode large =
        bodies.stream().filter(j -> j.get("key").asText().equals("P1")).findFirst().orElseThrow();
    assertThat(large.get("values_omitted").asText()).isEqualTo("too large for one audit entry");
    assertThat(large.has("after")).isFalse();
    assertThat(large.at("/after_sha256/name").asText()).hasSize(64);
    assertThat(large.toString()).doesNotContain("xxxxxxxx");
    JsonNode small =
        bodies.stream().filter(j -> j.get("key").asText().equals("P2")).findFirst().orElseThrow();
    assertThat(small.at("/after/name").asText()).isEqualTo("Bo");
    assertThat(small.has("values_omitted")).isFalse();
  }
}
