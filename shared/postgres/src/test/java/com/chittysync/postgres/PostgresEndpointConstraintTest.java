package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.open;
import static com.chittysync.postgres.PostgresFixtures.record;
import static com.chittysync.postgres.PostgresFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.OpResult.Outcome;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values the table refuses fail their op only, and are never silently changed. */
class PostgresEndpointConstraintTest {
  private static TestDatabase db;
  private static Database database;

  @BeforeAll
  static void setUp() {
    db = TestPostgres.createDatabase();
    database = PostgresFixtures.database(db.env());
    exec(
        database,
        "CREATE DOMAIN positive AS int CHECK (VALUE > 0)",
        "CREATE TABLE parents (id text PRIMARY KEY)",
        "INSERT INTO parents VALUES ('p1')",
        "CREATE TABLE items (id text PRIMARY KEY, code varchar(5), flag char(3), bits bit(3),"
            + " qty positive, parent text REFERENCES parents DEFERRABLE INITIALLY DEFERRED,"
            + " note text)",
        "CREATE FUNCTION no_forbidden() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.note = 'forbidden' THEN RAISE EXCEPTION 'notes may not say forbidden';"
            + " END IF; RETURN NEW; END $$",
        "CREATE TRIGGER no_forbidden BEFORE INSERT OR UPDATE ON items"
            + " FOR EACH ROW EXECUTE FUNCTION no_forbidden()");
  }

  @AfterAll
  static void tearDown() {
    database.close();
    db.close();
  }

  @Test
  void refusedValuesFailTheirOpOnly() {
    try (PostgresEndpoint endpoint =
        open(
            database,
            "id",
            fields(
                "id", "id", "code", "code", "flag", "flag", "bits", "bits", "qty", "qty", "parent",
                "parent", "note", "note"),
            "{\"table\":\"items\"}")) {
      List<Op> ops =
          List.of(
              new Op.Create(
                  1,
                  "ok",
                  record(
                      "ok", "id", "ok", "code", "abcde", "flag", "ab", "bits", "101", "qty", 2,
                      "parent", "p1", "note", "fine")),
              new Op.Create(2, "long", record("long", "id", "long", "code", "abcdef")),
              new Op.Create(3, "flag", record("flag", "id", "flag", "flag", "abcd")),
              new Op.Create(4, "bits", record("bits", "id", "bits", "bits", "1")),
              new Op.Create(5, "qty", record("qty", "id", "qty", "qty", 0)),
              new Op.Create(6, "orphan", record("orphan", "id", "orphan", "parent", "p9")),
              new Op.Create(7, "trig", record("trig", "id", "trig", "note", "forbidden")));
      List<OpResult> results = endpoint.apply(ops);
      assertThat(results.get(0)).isEqualTo(OpResult.applied(1, "ok"));
      assertThat(results.subList(1, 7))
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.FAILED));
      assertThat(results.get(1).error())
          .isEqualTo(
              "the database refused it (SQLSTATE 22001): value too long for type character"
                  + " varying(5)");
      assertThat(results.get(2).error())
          .isEqualTo(
              "the database refused it (SQLSTATE 22001): value too long for type character(3)");
      assertThat(results.get(3).error()).contains("SQLSTATE 22026").contains("bit");
      assertThat(results.get(4).error())
          .contains("SQLSTATE 23514")
          .contains("domain positive violates check constraint");
      // A deferred foreign key is checked at once, so it fails its op and not the commit.
      assertThat(results.get(5).error())
          .contains("SQLSTATE 23503")
          .contains("violates foreign key constraint");
      assertThat(results.get(6).error())
          .isEqualTo("the database refused it (SQLSTATE P0001): notes may not say forbidden");
      // Nothing was truncated or padded into the table.
      assertThat(rows(database, "SELECT id, code, flag, bits::text FROM items"))
          .containsExactly(List.of("ok", "abcde", "ab ", "101"));
    }
  }

  @Test
  void aBackendTerminatedMidWriteIsDatabaseUnavailable() {
    exec(
        database,
        "CREATE TABLE doomed (id text PRIMARY KEY, note text)",
        "CREATE FUNCTION hang_up() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$",
        "CREATE TRIGGER hang_up BEFORE INSERT ON doomed FOR EACH ROW EXECUTE FUNCTION hang_up()");
    try (PostgresEndpoint endpoint =
        open(database, "id", fields("id", "id", "note", "note"), "{\"table\":\"doomed\"}")) {
      endpoint.check();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  endpoint.apply(
                      List.of(new Op.Create(1, "a", record("a", "id", "a", "note", "x")))))
          .isInstanceOfSatisfying(
              ChittySyncException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE));
    }
    assertThat(rows(database, "SELECT count(*) FROM doomed")).containsExactly(List.of("0"));
  }
}
