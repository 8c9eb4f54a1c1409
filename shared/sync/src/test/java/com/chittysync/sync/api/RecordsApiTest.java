package com.chittysync.sync.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.envelope.EnvelopeSigner;
import com.chittysync.envelope.EnvelopeVerifier;
import com.chittysync.envelope.PostgresNonceStore;
import com.chittysync.envelope.TrustedKeys;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
    Environment environment = Environment.of(env);
    audit = new AuditLog(database, Clock.systemUTC());
    SyncService sync = new SyncService(environment, database, audit, Clock.systemUTC(), null);
    EnvelopeVerifier verifier =
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
    com.chittysync.sync.engine.Lease other =
        com.chittysync.sync.engine.Lease.acquire(database, "people", "someone else");
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
}
