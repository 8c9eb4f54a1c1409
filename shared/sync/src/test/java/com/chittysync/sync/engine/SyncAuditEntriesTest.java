package com.chittysync.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    engine =
        new SyncEngine(
            com.chittysync.sync.state.EngineState.jdbc(database, audit), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  private static RegistryConfig registry(RegistryConfig.AuditDetail detail) {
    return registry(detail, RegistryConfig.AuditKeys.CLEAR);
  }

  private static RegistryConfig registry(
      RegistryConfig.AuditDetail detail, RegistryConfig.AuditKeys keys) {
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
        keys,
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
    assertThat(large.at("/after_hmac/name").asText()).hasSize(64);
    assertThat(large.toString()).doesNotContain("xxxxxxxx");
    JsonNode small =
        bodies.stream().filter(j -> j.get("key").asText().equals("P2")).findFirst().orElseThrow();
    assertThat(small.at("/after/name").asText()).isEqualTo("Bo");
    assertThat(small.has("values_omitted")).isFalse();
  }

  private static CanonicalRecord person(String id, JsonNode name, String email) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    fields.put("id", JsonNodeFactory.instance.textNode(id));
    fields.put("name", name);
    fields.put("email", JsonNodeFactory.instance.textNode(email));
    return new CanonicalRecord(id, fields);
  }

  private JsonNode bodyFor(List<JsonNode> bodies, String key) {
    return bodies.stream()
        .filter(j -> j.path("key").asText().equals(key))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void hashesModeDoesNotRevealBooleanValues() throws Exception {
    BooleanNode yes = BooleanNode.TRUE;
    BooleanNode no = BooleanNode.FALSE;
    a.data.put("P1", person("P1", yes, "same@x.org"));
    a.data.put("P2", person("P2", no, "same@x.org"));
    a.data.put("P3", person("P3", yes, "other@x.org"));

    sync(registry(RegistryConfig.AuditDetail.HASHES));

    List<JsonNode> bodies = opBodies();
    assertThat(bodies).hasSize(3);
    String published = bodies.toString();
    // The dictionary attack on plain hashes: try every value the field could hold.
    for (JsonNode guess :
        List.<JsonNode>of(yes, no, JsonNodeFactory.instance.textNode("same@x.org"))) {
      assertThat(published).doesNotContain(CanonicalRecord.valueHashHex(guess));
    }
    assertThat(published).doesNotContain("same@x.org").doesNotContain("_sha256");
    // Equal values in different records do not show as equal.
    Set<String> names = new HashSet<>();
    Set<String> emails = new HashSet<>();
    bodies.forEach(
        body -> {
          names.add(body.at("/after_hmac/name").asText());
          emails.add(body.at("/after_hmac/email").asText());
        });
    assertThat(names).hasSize(3);
    assertThat(emails).hasSize(3);
    // Whoever holds the data and the deployment's key can check each commitment.
    for (String key : List.of("P1", "P2", "P3")) {
      JsonNode body = bodyFor(bodies, key);
      assertThat(body.get("commitment").asText()).isEqualTo("hmac-sha256/v1");
      CommitKey commitKey = CommitKey.find(database, body.get("commit_key").asText());
      String name = body.at("/after_hmac/name").asText();
      JsonNode held = a.data.get(key).get("name");
      assertThat(commitKey.opens(name, CommitKey.opContext(body, "after", "name"), held)).isTrue();
      assertThat(
              commitKey.opens(
                  name, CommitKey.opContext(body, "after", "name"), held.asBoolean() ? no : yes))
          .isFalse();
      assertThat(
              commitKey.opens(
                  body.at("/after_hmac/email").asText(),
                  CommitKey.opContext(body, "after", "email"),
                  a.data.get(key).get("email")))
          .isTrue();
    }
  }

  @Test
  void keysCommitModeHidesRecordKeysButProvesThem() throws Exception {
    a.data.put("P-secret-1", SyncEngineTest.person("P-secret-1", "Ann", "ann@x.org"));

    sync(registry(RegistryConfig.AuditDetail.HASHES, RegistryConfig.AuditKeys.COMMIT));

    JsonNode body = opBodies().get(0);
    assertThat(body.has("key")).isFalse();
    assertThat(body.toString()).doesNotContain("P-secret");
    CommitKey commitKey = CommitKey.find(database, body.get("commit_key").asText());
    assertThat(
            commitKey.opens(
                body.get("key_hmac").asText(),
                CommitKey.opContext(body, "key", null),
                JsonNodeFactory.instance.textNode("P-secret-1")))
        .isTrue();
    assertThat(
            commitKey.opens(
                body.get("key_hmac").asText(),
                CommitKey.opContext(body, "key", null),
                JsonNodeFactory.instance.textNode("P-secret-2")))
        .isFalse();
  }
}
