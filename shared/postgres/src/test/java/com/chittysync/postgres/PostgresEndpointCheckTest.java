package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.PATH;
import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.open;
import static com.chittysync.postgres.PostgresFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.core.config.ConfigException;
import com.chittysync.store.Database;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresEndpointCheckTest {
  private static TestDatabase db;
  private static Database database;

  @BeforeAll
  static void setUp() {
    db = TestPostgres.createDatabase();
    database = PostgresFixtures.database(db.env());
    exec(
        database,
        "CREATE TABLE people (id text PRIMARY KEY, name text, email text,"
            + " upper_name text GENERATED ALWAYS AS (upper(name)) STORED,"
            + " seq bigint GENERATED ALWAYS AS IDENTITY, \"Nick Name\" text)",
        "CREATE TABLE loose (id text, name text)",
        "CREATE TABLE partial (id text, name text)",
        "CREATE UNIQUE INDEX ON partial (id) WHERE name IS NOT NULL",
        "CREATE TABLE deferred (id text UNIQUE DEFERRABLE INITIALLY DEFERRED, name text)",
        "CREATE TABLE pair (id text, other text, name text, UNIQUE (id, other))",
        "CREATE TABLE by_index (id text, name text)",
        "CREATE UNIQUE INDEX ON by_index (id)",
        "CREATE VIEW people_view AS SELECT * FROM people",
        "CREATE TABLE \"CamelCase\" (id text PRIMARY KEY)",
        "CREATE TABLE stamped (id text PRIMARY KEY, changed timestamptz, note text)");
  }

  @AfterAll
  static void tearDown() {
    database.close();
    db.close();
  }

  private static void assertCheckFails(PostgresEndpoint endpoint, String... problems) {
    try (endpoint) {
      assertThatThrownBy(endpoint::check)
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.problems()).containsExactly(problems));
    }
  }

  @Test
  void passesForAGoodTable() {
    try (PostgresEndpoint endpoint =
        open(database, "id", fields("id", "id", "name", "name"), "{\"table\":\"public.people\"}")) {
      endpoint.check();
      assertThat(endpoint.capabilities().readOnlyFields()).isEmpty();
    }
  }

  @Test
  void reportsAMissingTable() {
    assertCheckFails(
        open(database, "id", fields("id", "id"), "{\"table\":\"public.peeple\"}"),
        PATH + ".table: table public.peeple does not exist");
    assertCheckFails(
        open(database, "id", fields("id", "id"), "{\"table\":\"nowhere.people\"}"),
        PATH + ".table: table nowhere.people does not exist; did you mean public.people?");
    assertCheckFails(
        open(database, "id", fields("id", "id"), "{\"table\":\"camelcase\"}"),
        PATH + ".table: table public.camelcase does not exist; did you mean public.\"CamelCase\"?");
  }

  @Test
  void reportsAllMissingColumns() {
    assertCheckFails(
        open(
            database,
            "id",
            fields(
                "id",
                "id",
                "email",
                "emial",
                "name",
                "nmae",
                "nick",
                "nick name".replace(" name", "_name")),
            "{\"table\":\"public.people\"}"),
        PATH + ": table public.people has no column(s) emial, nmae, nick_name");
    assertCheckFails(
        open(database, "id", fields("id", "id", "nick", "\"nick name\""), "{\"table\":\"people\"}"),
        PATH
            + ": table public.people has no column(s) \"nick name\"; field 'nick': the column is"
            + " \"Nick Name\" (write it double-quoted to keep its case)");
  }

  @Test
  void reportsANonUniqueKeyColumn() {
    for (String table : List.of("loose", "partial", "deferred", "pair")) {
      assertCheckFails(
          open(
              database,
              "key",
              fields("key", "id", "name", "name"),
              "{\"table\":\"" + table + "\"}"),
          PATH
              + ": key column id (field 'key') of table public."
              + table
              + " is not unique: it needs a PRIMARY KEY or a UNIQUE constraint on exactly that"
              + " column (not partial, not deferrable), because creates rely on INSERT ... ON"
              + " CONFLICT (id) to stay idempotent; for example: ALTER TABLE public."
              + table
              + " ADD UNIQUE (id)");
    }
    try (PostgresEndpoint endpoint =
        open(database, "key", fields("key", "id", "name", "name"), "{\"table\":\"by_index\"}")) {
      endpoint.check();
    }
  }

  @Test
  void refusesViews() {
    assertCheckFails(
        open(database, "id", fields("id", "id"), "{\"table\":\"people_view\"}"),
        PATH + ".table: public.people_view is a view, not a table",
        PATH
            + ": key column id (field 'id') of table public.people_view is not unique: it needs a"
            + " PRIMARY KEY or a UNIQUE constraint on exactly that column (not partial, not"
            + " deferrable), because creates rely on INSERT ... ON CONFLICT (id) to stay"
            + " idempotent; for example: ALTER TABLE public.people_view ADD UNIQUE (id)");
  }

  @Test
  void generatedColumnsAreReadOnly() {
    try (PostgresEndpoint endpoint =
        open(
            database,
            "id",
            fields("id", "id", "name", "name", "shout", "upper_name", "seq", "seq"),
            "{\"table\":\"people\"}")) {
      endpoint.check();
      assertThat(endpoint.capabilities().readOnlyFields())
          .containsExactlyInAnyOrder("shout", "seq");

      List<OpResult> results =
          endpoint.apply(
              List.of(
                  new Op.Create(1, "a", record("a", "id", "a", "name", "Ann")),
                  new Op.Create(2, "b", record("b", "id", "b", "name", "Bob", "shout", "BOB"))));
      assertThat(results.get(0).outcome()).isEqualTo(OpResult.Outcome.APPLIED);
      assertThat(results.get(1).outcome()).isEqualTo(OpResult.Outcome.FAILED);
      assertThat(results.get(1).error())
          .isEqualTo("field 'shout' is read-only here: column upper_name is a generated column");

      var fetched = endpoint.fetch(FetchRequest.fullScan());
      assertThat(fetched.records()).hasSize(1);
      var ann = fetched.records().get(0).record();
      assertThat(ann.get("shout").asText()).isEqualTo("ANN");
      assertThat(ann.get("seq").isIntegralNumber()).isTrue();

      List<OpResult> updates =
          endpoint.apply(
              List.of(
                  new Op.Update(3, "a", "a", ann, Map.of("seq", PostgresFixtures.json("99"))),
                  new Op.Update(
                      4, "a", "a", ann, Map.of("name", PostgresFixtures.json("\"Anne\"")))));
      assertThat(updates.get(0).error())
          .isEqualTo(
              "field 'seq' is read-only here: column seq is an identity column GENERATED ALWAYS");
      assertThat(updates.get(1).outcome()).isEqualTo(OpResult.Outcome.APPLIED);
      assertThat(
              endpoint
                  .fetch(FetchRequest.fullScan())
                  .records()
                  .get(0)
                  .record()
                  .get("shout")
                  .asText())
          .isEqualTo("ANNE");
    }
  }

  @Test
  void checksTheModifiedColumn() {
    assertCheckFails(
        open(
            database,
            "id",
            fields("id", "id"),
            "{\"table\":\"stamped\",\"modified_column\":\"note\"}"),
        PATH + ".modified_column: column note is text; it must be a timestamp with time zone");
    assertCheckFails(
        open(
            database,
            "id",
            fields("id", "id"),
            "{\"table\":\"stamped\",\"modified_column\":\"nope\"}"),
        PATH + ".modified_column: table public.stamped has no column nope");
    exec(database, "INSERT INTO stamped VALUES ('s1', '2024-05-06 07:08:09+02', 'n')");
    try (PostgresEndpoint endpoint =
        open(
            database,
            "id",
            fields("id", "id", "note", "note"),
            "{\"table\":\"stamped\",\"modified_column\":\"changed\"}")) {
      var records = endpoint.fetch(FetchRequest.fullScan()).records();
      assertThat(records.get(0).modifiedAt())
          .hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("2024-05-06T05:08:09Z"));
      assertThat(records.get(0).record().fields().keySet()).containsExactly("id", "note");
    }
  }

  @Test
  void reportsMissingPrivileges() {
    String role = "cs_reader_" + Long.toHexString(System.nanoTime());
    exec(database, "CREATE ROLE " + role + " LOGIN", "GRANT SELECT ON people TO " + role);
    try {
      String url = db.url().replaceFirst("//[^@]*@", "//" + role + "@");
      assertCheckFails(
          open(
              database,
              "id",
              fields("id", "id", "name", "name"),
              "{\"table\":\"people\",\"url\":\"" + url + "\"}"),
          PATH
              + ": the database user lacks INSERT, UPDATE, DELETE privilege on table public.people");
    } finally {
      exec(database, "REVOKE ALL ON people FROM " + role, "DROP ROLE " + role);
    }
  }
}
