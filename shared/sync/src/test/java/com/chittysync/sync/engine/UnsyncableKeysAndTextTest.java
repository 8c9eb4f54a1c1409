package com.chittysync.sync.engine;

import static com.chittysync.sync.engine.SyncEngineTest.person;
import static com.chittysync.sync.engine.SyncEngineTest.registry;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records no registry can sync: text PostgreSQL cannot hold, and keys that look like other keys.
 * Each is quarantined with its path; the records beside it sync.
 */
class UnsyncableKeysAndTextTest {
  private TestDatabase db;
  private Database database;
  private SyncEngine engine;

  /** "José" with é as one character, and as e and a combining acute accent. */
  private static final String COMPOSED = "Jos\u00E9";

  private static final String DECOMPOSED = "Jose\u0301";

  private final MemoryEndpoint a = new MemoryEndpoint("a");
  private final MemoryEndpoint b = new MemoryEndpoint("b");
  private final RegistryConfig registry =
      registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE);

  @BeforeEach
  void open() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    engine =
        new SyncEngine(
            com.chittysync.sync.state.EngineState.jdbc(
                database, new AuditLog(database, Clock.systemUTC())),
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  private SyncEngine.Result sync(boolean full, Endpoint first, Endpoint second) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("a", first);
    endpoints.put("b", second);
    return engine.run(
        registry,
        endpoints,
        SyncEngineTest.VALID,
        new SyncEngine.Options(false, full, "test", "test-holder"),
        s -> {});
  }

  private SyncEngine.Result sync() {
    return sync(true, a, b);
  }

  private static CanonicalRecord with(CanonicalRecord record, String field, JsonNode value) {
    return record.with(Map.of(field, value));
  }

  private long reports() {
    return database.withConnection(
        c -> {
          try (var st = c.createStatement();
              var rs = st.executeQuery("SELECT count(*) FROM chittysync.validation_reports")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static Map<String, List<RecordProblem.FieldError>> invalid(SyncEngine.Result result) {
    Map<String, List<RecordProblem.FieldError>> out = new LinkedHashMap<>();
    for (Plan.Invalid i : result.plan().invalid()) {
      out.computeIfAbsent(i.endpoint() + ":" + i.key(), k -> new ArrayList<>()).addAll(i.errors());
    }
    return out;
  }

  @Test
  void aNulInAValueQuarantinesOnlyItsRecordAndTheRestSyncs() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bo\u0000b", "bob@x.org"));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P1");
    assertThat(result.converged()).isFalse();
    assertThat(invalid(result)).containsOnlyKeys("a:P2");
    RecordProblem.FieldError error = invalid(result).get("a:P2").get(0);
    assertThat(error.path()).isEqualTo("/name");
    assertThat(error.message()).contains("U+0000 NULL at character 3").contains("PostgreSQL");
    assertThat(reports()).isEqualTo(1);
    // The next run reports it again, and still syncs the rest.
    a.data.put("P3", person("P3", "Cy", null));
    SyncEngine.Result again = sync(false, a, b);
    assertThat(invalid(again)).containsOnlyKeys("a:P2");
    assertThat(b.data).containsOnlyKeys("P1", "P3");
  }

  @Test
  void aNulInAFieldNameOrANestedValueIsQuarantinedAtItsPath() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    a.data.put("P1", with(person("P1", "Ann", null), "no\u0000te", json.textNode("x")));
    a.data.put(
        "P2", with(person("P2", "Bo", null), "tags", json.arrayNode().add("ok").add("b\u0000d")));
    a.data.put(
        "P3",
        with(
            person("P3", "Cy", null),
            "meta",
            json.objectNode().set("k\u0000", json.textNode("v"))));
    a.data.put("P4", person("P4", "Di", null));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P4");
    assertThat(invalid(result).get("a:P1"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("/no\\u0000te");
              assertThat(e.message()).contains("field name").contains("U+0000");
            });
    assertThat(invalid(result).get("a:P2"))
        .extracting(RecordProblem.FieldError::path)
        .containsExactly("/tags/1");
    assertThat(invalid(result).get("a:P3"))
        .extracting(RecordProblem.FieldError::path)
        .containsExactly("/meta/k\\u0000");
    assertThat(reports()).isEqualTo(3);
  }

  @Test
  void aLoneSurrogateIsQuarantinedRatherThanStoredAsAQuestionMark() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bo\uD800", "bob@x.org"));
    a.data.put("P3", person("P3", "Cy\uDC00x", null));
    a.data.put("P4", person("P4", "Emoji \uD83D\uDE00 is fine", null));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P1", "P4");
    assertThat(b.data.get("P4").get("name").asText()).isEqualTo("Emoji \uD83D\uDE00 is fine");
    assertThat(invalid(result).get("a:P2"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("lone surrogate U+D800"));
    assertThat(invalid(result)).containsOnlyKeys("a:P2", "a:P3");
  }

  @Test
  void aNulInAKeyIsQuarantinedAndReportedUnderAKeyPostgresCanStore() {
    a.data.put("P1", person("P1", "Ann", null));
    a.data.put("P\u00002", person("P\u00002", "Bo", null));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P1");
    assertThat(invalid(result)).containsOnlyKeys("a:P\\u00002");
    assertThat(invalid(result).get("a:P\\u00002"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("/id");
              assertThat(e.message()).contains("U+0000 NULL").contains("PostgreSQL");
            });
    assertThat(reports()).isEqualTo(1);
  }

  @Test
  void keysWithInvisibleOrControlCharactersOrSurroundingWhitespaceAreQuarantined() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("\u200BP1", "U+200B ZERO WIDTH SPACE");
    bad.put("P2\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE");
    bad.put("\uFEFFP3", "U+FEFF ZERO WIDTH NO-BREAK SPACE");
    bad.put(" P4", "begins with whitespace");
    bad.put("P5 ", "ends with whitespace");
    bad.put("P6\u00A0", "U+00A0 NO-BREAK SPACE");
    bad.put("P\t7", "U+0009 CHARACTER TABULATION");
    bad.put("P8\uFE0F", "U+FE0F VARIATION SELECTOR-16");
    bad.put("P\u20069", "U+2006 SIX-PER-EM SPACE");
    bad.forEach((key, why) -> a.data.put(key, person(key, "x", null)));
    a.data.put("P 10", person("P 10", "spaces inside are fine", null));
    a.data.put("Jos\u00E9", person("Jos\u00E9", "letters beyond ASCII are fine", null));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P 10", "Jos\u00E9");
    Map<String, List<RecordProblem.FieldError>> invalid = invalid(result);
    assertThat(invalid).hasSize(bad.size());
    bad.forEach(
        (key, why) ->
            assertThat(invalid.get("a:" + key))
                .as(why)
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(e.path()).isEqualTo("/id");
                      assertThat(e.message()).contains(why);
                    }));
    // The report shows what the eye cannot: the zero-width space is written out.
    assertThat(invalid.get("a:\u200BP1").get(0).message()).contains("\"\\u200bP1\"");
  }

  @Test
  void aLookAlikeKeySyncedBeforeTheRuleIsQuarantinedEvenThoughItIsUnchanged() {
    a.data.put("P1", person("P1", "Ann", null));
    assertThat(sync().converged()).isTrue();
    // As if synced before keys were checked: the state and both endpoints hold "\u200BP1".
    String key = "\u200BP1";
    CanonicalRecord legacy = person(key, "Ann", null);
    database.inTransaction(
        c -> {
          for (String table : List.of("canonical_records", "endpoint_snapshots")) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE chittysync."
                        + table
                        + " SET record_key = ?, record = ?::jsonb, content_hash = ?"
                        + (table.equals("endpoint_snapshots") ? ", remote_id = ?" : "")
                        + " WHERE record_key = 'P1'")) {
              ps.setString(1, key);
              ps.setString(2, legacy.toJsonString());
              ps.setBytes(3, legacy.contentHash());
              if (table.equals("endpoint_snapshots")) {
                ps.setString(4, key);
              }
              ps.executeUpdate();
            }
          }
          return null;
        });
    a.data.clear();
    a.data.put(key, legacy);
    b.data.clear();
    b.data.put(key, legacy);
    b.data.put("P2", person("P2", "Bo", null));

    SyncEngine.Result result = sync(false, a, b);
    assertThat(invalid(result)).containsOnlyKeys("a:" + key, "b:" + key);
    assertThat(result.converged()).isFalse();
    assertThat(a.data).containsOnlyKeys(key, "P2");
  }

  @Test
  void keysEqualUnderNfcAtOneEndpointAreDuplicatesNamingEachOther() {
    a.data.put(COMPOSED, person(COMPOSED, "one", null));
    a.data.put(DECOMPOSED, person(DECOMPOSED, "two", null));
    a.data.put("P1", person("P1", "Ann", null));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P1");
    Map<String, List<RecordProblem.FieldError>> invalid = invalid(result);
    assertThat(invalid).containsOnlyKeys("a:" + COMPOSED, "a:" + DECOMPOSED);
    assertThat(invalid.get("a:" + COMPOSED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("/id");
              assertThat(e.message())
                  .contains("NFC")
                  .contains("\"Jose\\u0301\" (in a)")
                  .startsWith("the key \"Jos\u00E9\"");
            });
    assertThat(invalid.get("a:" + DECOMPOSED).get(0).message())
        .startsWith("the key \"Jose\\u0301\"")
        .contains("\"Jos\u00E9\" (in a)");
  }

  @Test
  void keysEqualUnderNfcAtTwoEndpointsAreNeverSyncedAsTwoRecords() {
    a.data.put(COMPOSED, person(COMPOSED, "one", null));
    b.data.put(DECOMPOSED, person(DECOMPOSED, "two", null));
    a.data.put("P1", person("P1", "Ann", null));
    SyncEngine.Result result = sync();
    assertThat(a.data).containsOnlyKeys(COMPOSED, "P1");
    assertThat(b.data).containsOnlyKeys(DECOMPOSED, "P1");
    assertThat(invalid(result)).containsOnlyKeys("a:" + COMPOSED, "b:" + DECOMPOSED);
    assertThat(invalid(result).get("b:" + DECOMPOSED).get(0).message())
        .contains("\"Jos\u00E9\" (in a)");
    assertThat(result.converged()).isFalse();
  }

  @Test
  void aLookAlikeOfAKeyAnIncrementalReadDidNotReturnIsStillADuplicate() {
    a.incremental = true;
    a.data.put(COMPOSED, person(COMPOSED, "one", null));
    assertThat(sync(false, a, b).converged()).isTrue();
    assertThat(b.data).containsOnlyKeys(COMPOSED);
    // b's key is retyped as its look-alike; a's incremental read returns nothing.
    b.data.remove(COMPOSED);
    b.data.put(DECOMPOSED, person(DECOMPOSED, "one", null));
    SyncEngine.Result result = sync(false, a, b);
    assertThat(a.lastReturned).isEmpty();
    assertThat(invalid(result)).containsOnlyKeys("a:" + COMPOSED, "b:" + DECOMPOSED);
    assertThat(a.data).containsOnlyKeys(COMPOSED);
    assertThat(b.data).containsOnlyKeys(DECOMPOSED);
  }

  @Test
  void aConnectorReportQuotingANulIsStoredAndTheRunGoesOn() {
    a.data.put("P1", person("P1", "Ann", null));
    Endpoint reporting =
        new Endpoint() {
          @Override
          public String name() {
            return "a";
          }

          @Override
          public EndpointCapabilities capabilities() {
            return a.capabilities();
          }

          @Override
          public void check() {}

          @Override
          public FetchResult fetch(FetchRequest request) {
            FetchResult read = a.fetch(request);
            List<RecordProblem> problems = new ArrayList<>(read.problems());
            problems.add(
                new RecordProblem(
                    "P\u00009",
                    "row 9",
                    List.of(
                        new RecordProblem.FieldError(
                            "/n\u0000", "'12\u0000' is not a whole number"))));
            return new FetchResult(read.records(), read.complete(), read.nextCursor(), problems);
          }

          @Override
          public List<OpResult> apply(List<Op> ops) {
            return a.apply(ops);
          }

          @Override
          public void close() {}
        };
    SyncEngine.Result result = sync(true, reporting, b);
    assertThat(b.data).containsOnlyKeys("P1");
    assertThat(invalid(result)).containsKey("a:P\\u00009");
    assertThat(invalid(result).get("a:P\\u00009").get(0))
        .isEqualTo(new RecordProblem.FieldError("/n\\u0000", "'12\\u0000' is not a whole number"));
    assertThat(reports()).isEqualTo(1);
  }
}
