package com.chittysync.sync.api;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.envelope.EnvelopeSigner;
import com.chittysync.envelope.EnvelopeVerifier;
import com.chittysync.envelope.PostgresNonceStore;
import com.chittysync.envelope.TrustedKeys;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.Lease;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
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

/** The write route end to end: envelope, validation, plan and journal to both tables, audit. */
class RecordsApiTest {
  @TempDir Path dir;
  private TestDatabase db;
  private Database database;
  private RecordsApi api;
  private AuditLog audit;
  private SyncService sync;
  private EnvelopeVerifier verifier;
  private Map<String, String> environment;
  private final NoteSigner writer = NoteSigner.generate("writer");
  private final NoteSigner stranger = NoteSigner.generate("stranger");

  @BeforeEach
  void open() throws Exception {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    sql(
        "CREATE TABLE people (id text PRIMARY KEY, name text, email text);"
            + "CREATE TABLE contacts (contact_id text PRIMARY KEY, display_name text, email_address text);"
            + "INSERT INTO people VALUES ('P1', 'Ann', 'ann@x.org');");
    Files.writeString(
        dir.resolve("person.schema.json"),
        "{\"type\":\"object\",\"required\":[\"id\",\"name\"],\"properties\":{\"id\":{\"type\":\"string\"},"
            + "\"name\":{\"type\":\"string\",\"minLength\":1},\"email\":{\"type\":\"string\",\"pattern\":\"@\"}}}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n  people:\n    schema: person.schema.json\n    key: id\n    endpoints:\n"
            + "      main: {type: postgres, table: people, fields: {id: id, name: name, email: email}}\n"
            + "      replica: {type: postgres, table: contacts, fields: {id: contact_id, name: display_name, email: email_address}}\n");
    Map<String, String> env = new HashMap<>(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    env.put("ENGINE_PUBKEY_HEX", writer.publicKeyHex());
    this.environment = env;
    Environment environment = Environment.of(env);
    audit = new AuditLog(database, Clock.systemUTC());
    sync =
        new SyncService(
            environment,
            database,
            audit,
            Clock.systemUTC(),
            Set.of(new PostgresEndpointType(null)));
    verifier =
        new EnvelopeVerifier(
            TrustedKeys.from(environment), new PostgresNonceStore(database), Clock.systemUTC());
    api = new RecordsApi(sync, verifier);
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
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

  private TreeMap<String, String> rows(String query) {
    return database.withConnection(
        c -> {
          TreeMap<String, String> out = new TreeMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3));
            }
          }
          return out;
        });
  }

  private String envelope(NoteSigner key, String payload) throws Exception {
    return new EnvelopeSigner(key)
        .sign(Json.mapper().readTree(payload), Instant.now(), Optional.empty())
        .toJson();
  }

  @Test
  void upsertReachesEveryEndpointAndIsAudited() throws Exception {
    HttpResult first =
        api.post(
            "people",
            envelope(
                writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"Bob\",\"email\":\"bob@x.org\"}]}"));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    // A partial upsert merges onto the registry's last synced record (the first write synced P1).
    HttpResult result =
        api.post(
            "people", envelope(writer, "{\"upsert\":[{\"id\":\"P1\",\"email\":\"ann@new.org\"}]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(result.body());
    assertThat(body.get("converged").asBoolean()).isTrue();
    assertThat(rows("SELECT id, name, email FROM people"))
        .containsEntry("P1", "Ann|ann@new.org")
        .containsEntry("P2", "Bob|bob@x.org");
    assertThat(rows("SELECT contact_id, display_name, email_address FROM contacts"))
        .isEqualTo(rows("SELECT id, name, email FROM people"));
    long accepted =
        database.withConnection(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT count(*) FROM chittysync.audit_entries WHERE type = 'write.accepted'")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(accepted).isEqualTo(2);
  }

  @Test
  void withKeysCommittedAWriteLeavesNoKeyInClearInTheLog() throws Exception {
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        Files.readString(dir.resolve("chittysync.yaml"))
            .replace("    key: id\n", "    key: id\n    audit: {mode: hashes, keys: commit}\n"));
    for (String payload :
        List.of(
            "{\"upsert\":[{\"id\":\"P-secret-7\",\"name\":\"Bob\"}]}", "{\"delete\":[\"P1\"]}")) {
      HttpResult result = api.post("people", envelope(writer, payload));
      assertThat(result.status()).as(result.body()).isEqualTo(200);
    }
    String log =
        database.withConnection(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT string_agg(convert_from(entry, 'UTF8'), E'\\n')"
                              + " FROM chittysync.audit_entries")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThat(log).contains("write.accepted", "upsert_hmac").doesNotContain("P-secret", "\"P1\"");
  }

  /**
   * Ends the state database's backend whenever the apply journals an op's outcome ({@code
   * pg_terminate_backend}, as an operator or a failover would; the server says 57P01), on the first
   * {@code times} occasions.
   */
  private void terminateBackendMidApply(int times) {
    sql(
        "CREATE SEQUENCE chittysync.terminations;"
            + "CREATE FUNCTION chittysync.terminate() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN"
            + " IF nextval('chittysync.terminations') <= "
            + times
            + " THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NULL; END$$;"
            + "CREATE TRIGGER terminate AFTER INSERT ON chittysync.plan_batches"
            + " FOR EACH STATEMENT EXECUTE FUNCTION chittysync.terminate()");
  }

  @Test
  void terminatedBackendMidApplyIsDatabaseUnavailable() throws Exception {
    terminateBackendMidApply(Integer.MAX_VALUE);
    HttpResult result =
        api.post("people", envelope(writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"Bob\"}]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(503);
    assertThat(json(result).at("/error/code").asText()).isEqualTo("database.unavailable");
    assertThat(json(result).at("/error/message").asText()).doesNotContain("127.0.0.1");
  }

  @Test
  void backendTerminatedOnceMidApplyIsRetriedAndTheWriteLands() throws Exception {
    terminateBackendMidApply(1);
    HttpResult result =
        api.post("people", envelope(writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"Bob\"}]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    assertThat(rows("SELECT contact_id, display_name, email_address FROM contacts"))
        .containsEntry("P2", "Bob|null");
    assertThat(
            rows(
                "SELECT 'n', count(*), 0 FROM chittysync.plan_op_status WHERE status <> 'applied'"))
        .containsEntry("n", "0|0");
  }

  @Test
  void deleteRemovesEverywhere() throws Exception {
    assertThat(
            api.post("people", envelope(writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"Bob\"}]}"))
                .status())
        .isEqualTo(200);
    HttpResult result = api.post("people", envelope(writer, "{\"delete\":[\"P2\"]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    assertThat(rows("SELECT id, name, email FROM people")).doesNotContainKey("P2");
    assertThat(rows("SELECT contact_id, display_name, email_address FROM contacts"))
        .doesNotContainKey("P2");
  }

  @Test
  void envelopeFailuresAre401AndChangeNothing() throws Exception {
    HttpResult unknown =
        api.post("people", envelope(stranger, "{\"upsert\":[{\"id\":\"P9\",\"name\":\"X\"}]}"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(Json.mapper().readTree(unknown.body()).at("/error/code").asText())
        .isEqualTo("unknown_key");
    String good = envelope(writer, "{\"upsert\":[{\"id\":\"P9\",\"name\":\"X\"}]}");
    String tampered = good.replace("\"X\"", "\"Y\"");
    assertThat(
            Json.mapper().readTree(api.post("people", tampered).body()).at("/error/code").asText())
        .isEqualTo("bad_signature");
    assertThat(api.post("people", "{not json").status()).isEqualTo(401);
    assertThat(rows("SELECT id, name, email FROM people")).doesNotContainKey("P9");
    assertThat(api.post("people", good).status()).isEqualTo(200);
    HttpResult replay = api.post("people", good);
    assertThat(replay.status()).isEqualTo(401);
    assertThat(Json.mapper().readTree(replay.body()).at("/error/code").asText())
        .isEqualTo("replayed_nonce");
  }

  @Test
  void invalidRecordsAre422WithTheReportAndNothingIsApplied() throws Exception {
    HttpResult result =
        api.post(
            "people",
            envelope(
                writer,
                "{\"upsert\":[{\"id\":\"P3\",\"name\":\"Cy\"},{\"id\":\"P4\",\"name\":\"\",\"email\":\"nope\"}]}"));
    assertThat(result.status()).isEqualTo(422);
    JsonNode body = Json.mapper().readTree(result.body());
    assertThat(body.at("/invalid/0/key").asText()).isEqualTo("P4");
    assertThat(body.at("/invalid/0/errors")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(rows("SELECT id, name, email FROM people")).doesNotContainKeys("P3", "P4");
  }

  @Test
  void unknownRegistryIs404AndBadPayload400() throws Exception {
    assertThat(api.post("nope", envelope(writer, "{\"delete\":[\"P1\"]}")).status()).isEqualTo(404);
    assertThat(api.post("people", envelope(writer, "{\"replace\":[]}")).status()).isEqualTo(400);
    assertThat(
            api.post("people", envelope(writer, "{\"upsert\":[{\"name\":\"no key\"}]}")).status())
        .isEqualTo(400);
  }

  @Test
  void aRefusedWriteLeavesItsNonceUnspentSoTheSameEnvelopeCanBeRetried() throws Exception {
    String request = envelope(writer, "{\"upsert\":[{\"id\":\"P5\",\"name\":\"Di\"}]}");
    // The registry is busy: another run holds its lease.
    Lease other = Lease.acquire(database, "people", "someone else");
    HttpResult busy = api.post("people", request);
    assertThat(busy.status()).as(busy.body()).isEqualTo(409);
    other.close();
    HttpResult retried = api.post("people", request);
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(rows("SELECT id, name, email FROM people")).containsEntry("P5", "Di|null");
    assertThat(api.post("people", request).status()).isEqualTo(401);
  }

  @Test
  void aWriteThatFailsAfterVerificationSpendsNothingAndWritesNothing() throws Exception {
    String request = envelope(writer, "{\"upsert\":[{\"id\":\"P6\",\"name\":\"Ed\"}]}");
    sql("ALTER TABLE contacts RENAME TO contacts_gone");
    HttpResult broken = api.post("people", request);
    assertThat(broken.status()).as(broken.body()).isGreaterThanOrEqualTo(400);
    assertThat(rows("SELECT id, name, email FROM people")).doesNotContainKey("P6");
    sql("ALTER TABLE contacts_gone RENAME TO contacts");
    HttpResult retried = api.post("people", request);
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(rows("SELECT contact_id, display_name, email_address FROM contacts"))
        .containsEntry("P6", "Ed|null");
  }

  private SyncService sync() {
    return sync;
  }

  private JsonNode json(HttpResult result) throws Exception {
    return Json.mapper().readTree(result.body());
  }

  /** Each reported record's key to its errors' paths and messages, "path: message". */
  private Map<String, List<String>> report(HttpResult result) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode invalid : json(result).get("invalid")) {
      List<String> errors = new ArrayList<>();
      invalid
          .get("errors")
          .forEach(e -> errors.add(e.get("path").asText() + ": " + e.get("message").asText()));
      out.put(invalid.get("key").asText(), errors);
    }
    return out;
  }

  @Test
  void textPostgresCannotHoldIs422AtItsPathNotA500WithSqlInIt() throws Exception {
    HttpResult result =
        api.post(
            "people",
            envelope(
                writer,
                "{\"upsert\":[{\"id\":\"P7\",\"name\":\"A\\u0000n\"},"
                    + "{\"id\":\"P\\u00008\",\"name\":\"Bo\"},"
                    + "{\"id\":\"P9\",\"name\":\"Cy\"}]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(422);
    assertThat(result.body()).doesNotContain("SQLSTATE");
    Map<String, List<String>> report = report(result);
    assertThat(report).containsOnlyKeys("P7", "P\\u00008");
    assertThat(report.get("P7"))
        .singleElement(as(STRING))
        .startsWith("/name: the value contains U+0000 NULL at character 2")
        .contains("PostgreSQL cannot store");
    assertThat(report.get("P\\u00008")).singleElement(as(STRING)).startsWith("/id: the key");
    assertThat(rows("SELECT id, name, email FROM people")).containsOnlyKeys("P1");
    // A lone surrogate never gets this far: an envelope carrying one does not verify.
    String lone =
        new EnvelopeSigner(writer)
            .sign(
                Json.mapper().readTree("{\"upsert\":[{\"id\":\"P7\",\"name\":\"x\"}]}"),
                Instant.now(),
                Optional.empty())
            .toJson()
            .replace("\"x\"", "\"\\ud800\"");
    HttpResult refused = api.post("people", lone);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(rows("SELECT id, name, email FROM people")).containsOnlyKeys("P1");
  }

  @Test
  void aDeleteOfAKeyPostgresCannotHoldIs422() throws Exception {
    HttpResult result = api.post("people", envelope(writer, "{\"delete\":[\"P1\\u0000\"]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(422);
    assertThat(report(result).get("P1\\u0000")).singleElement(as(STRING)).contains("U+0000 NULL");
  }

  @Test
  void keysThatLookLikeOtherKeysAre422() throws Exception {
    HttpResult result =
        api.post(
            "people",
            envelope(
                writer,
                "{\"upsert\":[{\"id\":\"\\u200bP2\",\"name\":\"Bo\"},"
                    + "{\"id\":\" P3\",\"name\":\"Cy\"},"
                    + "{\"id\":\"P4\\u202e\",\"name\":\"Di\"},"
                    + "{\"id\":\"\\ufeffP5\",\"name\":\"Ed\"}]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(422);
    Map<String, List<String>> report = report(result);
    assertThat(report).hasSize(4);
    assertThat(report.get("\u200bP2"))
        .singleElement(as(STRING))
        .contains("U+200B ZERO WIDTH SPACE")
        .contains("\"\\u200bP2\"");
    assertThat(report.get(" P3")).singleElement(as(STRING)).contains("begins with whitespace");
    assertThat(rows("SELECT id, name, email FROM people")).containsOnlyKeys("P1");
  }

  @Test
  void keysEqualUnderNfcInOneRequestOrToASyncedKeyAre422NamingTheOther() throws Exception {
    HttpResult both =
        api.post(
            "people",
            envelope(
                writer,
                "{\"upsert\":[{\"id\":\"Jos\\u00e9\",\"name\":\"one\"},"
                    + "{\"id\":\"Jose\\u0301\",\"name\":\"two\"}]}"));
    assertThat(both.status()).as(both.body()).isEqualTo(422);
    assertThat(report(both).get("Jose\u0301"))
        .singleElement(as(STRING))
        .contains("NFC")
        .contains("\"Jos\u00e9\" (in this request)");
    assertThat(report(both)).containsKey("Jos\u00e9");

    HttpResult first =
        api.post(
            "people", envelope(writer, "{\"upsert\":[{\"id\":\"Jos\\u00e9\",\"name\":\"one\"}]}"));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    HttpResult lookAlike =
        api.post(
            "people", envelope(writer, "{\"upsert\":[{\"id\":\"Jose\\u0301\",\"name\":\"two\"}]}"));
    assertThat(lookAlike.status()).as(lookAlike.body()).isEqualTo(422);
    assertThat(report(lookAlike).get("Jose\u0301"))
        .singleElement(as(STRING))
        .contains("\"Jos\u00e9\" (in the registry's records)");
    assertThat(rows("SELECT id, name, email FROM people")).containsOnlyKeys("P1", "Jos\u00e9");
  }

  @Test
  void aKeyEqualUnderNfcToOneAnEndpointHoldsButNoSyncHasSeenIs422AndNothingIsWritten()
      throws Exception {
    // Someone typed "Zoë" (one character) into the main table since the last sync; a write of
    // "Zoe" + combining diaeresis must not make two records of it at every endpoint.
    sql("INSERT INTO people VALUES ('Zo\u00eb', 'typed', 'z@x.org');");
    String sent = envelope(writer, "{\"upsert\":[{\"id\":\"Zoe\\u0308\",\"name\":\"written\"}]}");
    HttpResult result = api.post("people", sent);
    assertThat(result.status()).as(result.body()).isEqualTo(422);
    assertThat(report(result).get("Zoe\u0308"))
        .singleElement(as(STRING))
        .contains("NFC")
        .contains("\"Zo\u00eb\" (in main)");
    assertThat(rows("SELECT id, name, email FROM people")).containsOnlyKeys("P1", "Zo\u00eb");
    assertThat(rows("SELECT contact_id, display_name, email_address FROM contacts")).isEmpty();

    // The refused envelope is unspent: once the typed spelling is gone, it is applied.
    sql("DELETE FROM people WHERE id = 'Zo\u00eb';");
    HttpResult retried = api.post("people", sent);
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(rows("SELECT contact_id, display_name, email_address FROM contacts"))
        .containsOnlyKeys("P1", "Zoe\u0308");
  }

  @Test
  void fieldsNoEndpointMapsAre422NamingThemAndNullClearsOne() throws Exception {
    HttpResult result =
        api.post(
            "people",
            envelope(
                writer,
                "{\"upsert\":[{\"id\":\"P2\",\"name\":\"Bo\",\"nickname\":\"B\",\"age\":3}]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(422);
    assertThat(report(result).get("P2"))
        .hasSize(2)
        .anySatisfy(e -> assertThat(e).startsWith("/nickname: no endpoint").contains("'nickname'"))
        .anySatisfy(e -> assertThat(e).startsWith("/age: no endpoint"));
    assertThat(rows("SELECT id, name, email FROM people")).containsOnlyKeys("P1");
    HttpResult cleared =
        api.post(
            "people",
            envelope(writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"Bo\",\"nickname\":null}]}"));
    assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
    assertThat(sync().base("people", List.of("P2")).get("P2").fields())
        .containsOnlyKeys("id", "name");
  }

  @Test
  void aBodyOverTheLimitIs413AndChangesNothing() throws Exception {
    String big = "x".repeat(RecordsApi.DEFAULT_MAX_BODY_BYTES);
    HttpResult result =
        api.post(
            "people", envelope(writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"" + big + "\"}]}"));
    assertThat(result.status()).as(result.body()).isEqualTo(413);
    assertThat(json(result).at("/error/code").asText()).isEqualTo("input.too_large");
    assertThat(rows("SELECT id, name, email FROM people")).containsOnlyKeys("P1");
  }

  @Test
  void theBodyLimitIsASetting() throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.put(RecordsApi.MAX_BODY_SETTING, "2048");
    RecordsApi small = new RecordsApi(sync(), verifier, Environment.of(env));
    String request =
        envelope(writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"" + "y".repeat(2048) + "\"}]}");
    HttpResult result = small.post("people", request);
    assertThat(result.status()).isEqualTo(413);
    assertThat(json(result).at("/error/message").asText())
        .contains("2048-byte limit")
        .contains(RecordsApi.MAX_BODY_SETTING);
    assertThat(api.post("people", request).status()).isEqualTo(200);
  }

  @Test
  void aServerFailureAnswersWithoutTheDatabasesWords() throws Exception {
    String request = envelope(writer, "{\"upsert\":[{\"id\":\"P2\",\"name\":\"Bo\"}]}");
    sql("ALTER TABLE chittysync.plans ADD CONSTRAINT refuse_plans CHECK (false) NOT VALID");
    HttpResult failed = api.post("people", request);
    assertThat(failed.status()).as(failed.body()).isEqualTo(500);
    assertThat(failed.body())
        .doesNotContain("SQLSTATE")
        .doesNotContain("refuse_plans")
        .doesNotContain("chittysync.")
        .contains("database.error");
    sql("ALTER TABLE chittysync.plans DROP CONSTRAINT refuse_plans");
    assertThat(api.post("people", request).status()).isEqualTo(200);
  }
}
