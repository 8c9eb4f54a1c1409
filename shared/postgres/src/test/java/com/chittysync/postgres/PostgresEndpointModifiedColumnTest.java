package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.PATH;
import static com.chittysync.postgres.PostgresFixtures.endpoint;
import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.json;
import static com.chittysync.postgres.PostgresFixtures.open;
import static com.chittysync.postgres.PostgresFixtures.record;
import static com.chittysync.postgres.PostgresFixtures.registry;
import static com.chittysync.postgres.PostgresFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.store.Database;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code modified_column}: the column that dates each row's last change. */
class PostgresEndpointModifiedColumnTest {
  private static TestDatabase db;
  private static Database database;

  private static final Map<String, String> FIELDS = fields("id", "id", "name", "name");
  private static final String STAMPED = "{\"table\":\"notes\",\"modified_column\":\"changed_at\"}";

  @BeforeAll
  static void setUp() {
    db = TestPostgres.createDatabase();
    database = PostgresFixtures.database(db.env());
    exec(
        database,
        "CREATE TABLE odd (id text PRIMARY KEY, name text, local_at timestamp, note text,"
            + " later timestamptz GENERATED ALWAYS AS ('2030-01-01 00:00:00+00') STORED)");
  }

  @AfterAll
  static void tearDown() {
    database.close();
    db.close();
  }

  @BeforeEach
  void freshTable() {
    // NOT NULL without a default: only a write that stamps the column can create a row.
    exec(
        database,
        "DROP TABLE IF EXISTS notes",
        "CREATE TABLE notes (id text PRIMARY KEY, name text, changed_at timestamptz NOT NULL)");
  }

  private static PostgresEndpoint notes() {
    return open(database, "id", FIELDS, STAMPED);
  }

  private static Map<String, RemoteRecord> fetch(PostgresEndpoint endpoint) {
    return endpoint.fetch(FetchRequest.fullScan()).records().stream()
        .collect(Collectors.toMap(RemoteRecord::key, r -> r));
  }

  /** The database's current transaction time, which is what a write stamps. */
  private static Instant databaseNow() {
    String sql = "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    return OffsetDateTime.parse(rows(database, sql).get(0).get(0)).toInstant();
  }

  private static void assertCheckFails(PostgresEndpoint endpoint, String... problems) {
    try (endpoint) {
      assertThatThrownBy(endpoint::check)
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.problems()).containsExactly(problems));
    }
  }

  @Test
  void modifiedColumnDatesFetchedRecords() {
    exec(
        database,
        "ALTER TABLE notes ALTER COLUMN changed_at DROP NOT NULL",
        "INSERT INTO notes VALUES ('a', 'Ann', '2024-05-06 07:08:09.123456+02'),"
            + " ('b', 'Bob', NULL), ('c', 'Cy', 'infinity'), ('d', 'Di', '-infinity')");
    try (PostgresEndpoint endpoint = notes()) {
      Map<String, RemoteRecord> fetched = fetch(endpoint);
      assertThat(fetched.get("a").modifiedAt())
          .contains(Instant.parse("2024-05-06T05:08:09.123456Z"));
      // NULL and the infinities date nothing: such a change is undated, not dated by the clock.
      assertThat(fetched.get("b").modifiedAt()).isEmpty();
      assertThat(fetched.get("c").modifiedAt()).isEmpty();
      assertThat(fetched.get("d").modifiedAt()).isEmpty();
    }
  }

  @Test
  void withoutTheOptionRecordsAreUndated() {
    exec(database, "INSERT INTO notes VALUES ('a', 'Ann', now())");
    try (PostgresEndpoint endpoint = open(database, "id", FIELDS, "{\"table\":\"notes\"}")) {
      assertThat(fetch(endpoint).get("a").modifiedAt()).isEmpty();
    }
  }

  @Test
  void modifiedColumnIsNotACanonicalField() {
    exec(database, "INSERT INTO notes VALUES ('a', 'Ann', now())");
    try (PostgresEndpoint endpoint = notes()) {
      RemoteRecord a = fetch(endpoint).get("a");
      assertThat(a.record()).isEqualTo(record("a", "id", "a", "name", "Ann"));
      assertThat(endpoint.capabilities().readOnlyFields()).isEmpty();
      assertThat(endpoint.represent(a.record())).isEqualTo(a.record());
    }
  }

  @Test
  void aMappedModifiedColumnIsAConfigError() {
    EndpointConfig mapped =
        endpoint(fields("id", "id", "name", "name", "at", "changed_at"), STAMPED);
    assertThat(new PostgresEndpointType().validate(mapped, registry("id", mapped)))
        .containsExactly(
            PATH
                + ".modified_column: column changed_at is mapped to field 'at'; the column that"
                + " dates each row's changes must not be a field");
    EndpointConfig key =
        endpoint(fields("id", "id"), "{\"table\":\"notes\",\"modified_column\":\"ID\"}");
    assertThat(new PostgresEndpointType().validate(key, registry("id", key)))
        .containsExactly(
            PATH
                + ".modified_column: column id is mapped to the key field 'id'; the column that"
                + " dates each row's changes must not be a field");
  }

  @Test
  void missingModifiedColumnIsAConfigError() {
    assertCheckFails(
        open(database, "id", FIELDS, "{\"table\":\"notes\",\"modified_column\":\"updated\"}"),
        PATH + ".modified_column: table public.notes has no column updated");
  }

  @Test
  void modifiedColumnMustBeATimestampWithTimeZone() {
    assertCheckFails(
        open(database, "id", FIELDS, "{\"table\":\"odd\",\"modified_column\":\"note\"}"),
        PATH + ".modified_column: column note is text; it must be a timestamp with time zone");
    assertCheckFails(
        open(database, "id", FIELDS, "{\"table\":\"odd\",\"modified_column\":\"local_at\"}"),
        PATH
            + ".modified_column: column local_at is timestamp without time zone, which does not"
            + " say which time zone its times are in; make it timestamp with time zone: ALTER"
            + " TABLE \"public\".\"odd\" ALTER COLUMN \"local_at\" TYPE timestamptz USING"
            + " \"local_at\" AT TIME ZONE '<the zone its times are in>'");
    assertCheckFails(
        open(database, "id", FIELDS, "{\"table\":\"odd\",\"modified_column\":\"later\"}"),
        PATH
            + ".modified_column: column later is a generated column; it cannot be set to the time"
            + " of each write");
  }

  @Test
  void endpointWritesStampTheModifiedColumn() {
    try (PostgresEndpoint endpoint = notes()) {
      Instant before = databaseNow();
      List<OpResult> created =
          endpoint.apply(
              List.of(
                  new Op.Create(1, "a", record("a", "id", "a", "name", "Ann")),
                  new Op.Create(2, "b", record("b", "id", "b", "name", "Bob"))));
      Instant after = databaseNow();
      assertThat(created).containsExactly(OpResult.applied(1, "a"), OpResult.applied(2, "b"));
      Map<String, RemoteRecord> fetched = fetch(endpoint);
      Instant createdAt = fetched.get("a").modifiedAt().orElseThrow();
      assertThat(createdAt).isBetween(before, after);
      // One apply call is one transaction: its writes share one time.
      assertThat(fetched.get("b").modifiedAt()).contains(createdAt);

      exec(database, "UPDATE notes SET changed_at = '2001-01-01 00:00:00+00'");
      CanonicalRecord ann = fetched.get("a").record();
      Instant beforeUpdate = databaseNow();
      assertThat(
              endpoint.apply(
                  List.of(
                      new Op.Update(3, "a", "a", ann, Map.of("name", json("\"Anne\""))),
                      // Stale: planned against a name the row no longer holds; not stamped.
                      new Op.Update(
                          4,
                          "b",
                          "b",
                          record("b", "id", "b", "name", "Robert"),
                          Map.of("name", json("\"Rob\""))))))
          .extracting(OpResult::outcome)
          .containsExactly(OpResult.Outcome.APPLIED, OpResult.Outcome.STALE);
      fetched = fetch(endpoint);
      assertThat(fetched.get("a").modifiedAt().orElseThrow())
          .isBetween(beforeUpdate, databaseNow());
      assertThat(fetched.get("b").modifiedAt()).contains(Instant.parse("2001-01-01T00:00:00Z"));

      // A re-run writes nothing, so it dates nothing.
      exec(database, "UPDATE notes SET changed_at = '2001-01-01 00:00:00+00'");
      assertThat(
              endpoint.apply(
                  List.of(
                      new Op.Create(5, "b", record("b", "id", "b", "name", "Bob")),
                      new Op.Update(6, "a", "a", ann, Map.of("name", json("\"Anne\""))))))
          .containsExactly(OpResult.alreadyApplied(5, "b"), OpResult.alreadyApplied(6, "a"));
      assertThat(fetch(endpoint).values())
          .allSatisfy(
              r -> assertThat(r.modifiedAt()).contains(Instant.parse("2001-01-01T00:00:00Z")));
    }
  }

  @Test
  void aTriggerThatMaintainsTheColumnHasTheLastWord() {
    exec(
        database,
        "CREATE OR REPLACE FUNCTION notes_touch() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN NEW.changed_at := '2040-01-01 00:00:00+00'; RETURN NEW; END $$",
        "CREATE TRIGGER touch BEFORE INSERT OR UPDATE ON notes"
            + " FOR EACH ROW EXECUTE FUNCTION notes_touch()");
    try (PostgresEndpoint endpoint = notes()) {
      endpoint.apply(List.of(new Op.Create(1, "a", record("a", "id", "a", "name", "Ann"))));
      assertThat(fetch(endpoint).get("a").modifiedAt())
          .isEqualTo(Optional.of(Instant.parse("2040-01-01T00:00:00Z")));
    }
  }
}
