package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.count;
import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.json;
import static com.chittysync.postgres.PostgresFixtures.open;
import static com.chittysync.postgres.PostgresFixtures.record;
import static com.chittysync.postgres.PostgresFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.OpResult.Outcome;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.store.Database;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresEndpointApplyTest {
  private static TestDatabase db;
  private static Database database;

  static final Map<String, String> PEOPLE =
      fields(
          "id", "id", "name", "name", "email", "email", "age", "age", "tags", "tags", "meta",
          "meta", "born", "born");

  @BeforeAll
  static void setUp() {
    db = TestPostgres.createDatabase();
    database = PostgresFixtures.database(db.env());
    exec(
        database,
        "CREATE TABLE email_updates (id integer, at timestamptz DEFAULT now())",
        "CREATE FUNCTION log_email() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN INSERT INTO email_updates (id) VALUES (NEW.id); RETURN NEW; END $$");
  }

  @AfterAll
  static void tearDown() {
    database.close();
    db.close();
  }

  @BeforeEach
  void freshTable() {
    exec(
        database,
        "DROP TABLE IF EXISTS people",
        "TRUNCATE email_updates",
        "CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, email text UNIQUE,"
            + " age int CHECK (age >= 0), tags text[], meta jsonb, born date, note text)",
        // Fires only when an UPDATE's SET list names email.
        "CREATE TRIGGER email_changed AFTER UPDATE OF email ON people"
            + " FOR EACH ROW EXECUTE FUNCTION log_email()");
  }

  private static PostgresEndpoint people() {
    return open(database, "id", PEOPLE, "{\"table\":\"people\"}");
  }

  private static PostgresEndpoint people(int batchSize) {
    return open(database, "id", PEOPLE, "{\"table\":\"people\",\"batch_size\":" + batchSize + "}");
  }

  static CanonicalRecord person(int id, String name, String email) {
    return record(String.valueOf(id), "id", String.valueOf(id), "name", name, "email", email);
  }

  private static List<Outcome> outcomes(List<OpResult> results) {
    return results.stream().map(OpResult::outcome).toList();
  }

  private static Map<String, CanonicalRecord> fetch(PostgresEndpoint endpoint) {
    return endpoint.fetch(FetchRequest.fullScan()).records().stream()
        .collect(Collectors.toMap(RemoteRecord::key, RemoteRecord::record));
  }

  @Test
  void createsNewRecords() {
    try (PostgresEndpoint endpoint = people()) {
      CanonicalRecord ann =
          record(
              "1",
              "id",
              "1",
              "name",
              "Ann",
              "email",
              "ann@example.com",
              "age",
              30,
              "tags",
              List.of("a", "b"),
              "meta",
              json("{\"x\":[1,{\"y\":null}]}"),
              "born",
              "1990-05-06");
      List<OpResult> results =
          endpoint.apply(
              List.of(new Op.Create(10, "1", ann), new Op.Create(11, "2", person(2, "Bob", null))));
      assertThat(results).containsExactly(OpResult.applied(10, "1"), OpResult.applied(11, "2"));
      assertThat(
              rows(
                  database,
                  "SELECT id, name, email, age, tags, meta, born, note FROM people ORDER BY id"))
          .containsExactly(
              Arrays.asList(
                  "1",
                  "Ann",
                  "ann@example.com",
                  "30",
                  "{a,b}",
                  "{\"x\": [1, {\"y\": null}]}",
                  "1990-05-06",
                  null),
              Arrays.asList("2", "Bob", null, null, null, null, null, null));
      // Read back, the records are what was written.
      Map<String, CanonicalRecord> fetched = fetch(endpoint);
      assertThat(fetched.get("1")).isEqualTo(ann);
      assertThat(fetched.get("2")).isEqualTo(person(2, "Bob", null));
    }
  }

  @Test
  void createOfAnExistingIdenticalRecordIsAlreadyAppliedAndADifferentOneIsStale() {
    exec(database, "INSERT INTO people (id, name, email, note) VALUES (1, 'Ann', 'a@x', 'keep')");
    try (PostgresEndpoint endpoint = people()) {
      List<OpResult> results =
          endpoint.apply(
              List.of(
                  new Op.Create(1, "1", person(1, "Ann", "a@x")),
                  new Op.Create(2, "1", person(1, "Anne", null)),
                  new Op.Create(3, "3", person(3, "Cy", null))));
      assertThat(results.get(0)).isEqualTo(OpResult.alreadyApplied(1, "1"));
      assertThat(results.get(1))
          .isEqualTo(
              OpResult.stale(2, "exists with different content (fields name, email differ)"));
      assertThat(results.get(2)).isEqualTo(OpResult.applied(3, "3"));
      assertThat(rows(database, "SELECT name, email, note FROM people WHERE id = 1"))
          .containsExactly(List.of("Ann", "a@x", "keep"));
    }
  }

  @Test
  void updatesSetOnlyTheChangedColumns() {
    exec(
        database,
        "INSERT INTO people (id, name, email, age, note) VALUES"
            + " (1, 'Ann', 'a@x', 30, 'keep'), (2, 'Bob', 'b@x', 40, 'keep too')");
    try (PostgresEndpoint endpoint = people()) {
      Map<String, CanonicalRecord> before = fetch(endpoint);
      List<OpResult> results =
          endpoint.apply(
              List.of(
                  new Op.Update(1, "1", "1", before.get("1"), Map.of("name", json("\"Anne\""))),
                  new Op.Update(
                      2,
                      "2",
                      "2",
                      before.get("2"),
                      Map.of("age", json("41"), "tags", json("[\"vip\"]")))));
      assertThat(results).containsExactly(OpResult.applied(1, "1"), OpResult.applied(2, "2"));
      assertThat(rows(database, "SELECT id, name, email, age, tags, note FROM people ORDER BY id"))
          .containsExactly(
              Arrays.asList("1", "Anne", "a@x", "30", null, "keep"),
              List.of("2", "Bob", "b@x", "41", "{vip}", "keep too"));
      // email was in no SET list: the UPDATE OF email trigger never fired.
      assertThat(count(database, "SELECT count(*) FROM email_updates")).isZero();

      // Clearing a field with JSON null sets NULL, and does touch email's SET list.
      CanonicalRecord ann = fetch(endpoint).get("1");
      assertThat(
              endpoint.apply(
                  List.of(new Op.Update(3, "1", "1", ann, Map.of("email", json("null"))))))
          .containsExactly(OpResult.applied(3, "1"));
      assertThat(rows(database, "SELECT email, note FROM people WHERE id = 1"))
          .containsExactly(Arrays.asList(null, "keep"));
      assertThat(count(database, "SELECT count(*) FROM email_updates")).isEqualTo(1);
    }
  }

  @Test
  void updatesCheckTheirPrecondition() {
    exec(
        database,
        "INSERT INTO people (id, name, email) VALUES (1, 'Ann', 'a@x'), (2, 'Bob', 'b@x')");
    try (PostgresEndpoint endpoint = people()) {
      Map<String, CanonicalRecord> before = fetch(endpoint);
      // Someone changes Ann's email after the plan was made.
      exec(database, "UPDATE people SET email = 'ann@elsewhere' WHERE id = 1");
      Op.Update stale =
          new Op.Update(1, "1", "1", before.get("1"), Map.of("name", json("\"Anne\"")));
      Op.Update fine = new Op.Update(2, "2", "2", before.get("2"), Map.of("name", json("\"Bo\"")));
      Op.Update missing =
          new Op.Update(3, "9", "9", person(9, "Nobody", null), Map.of("name", json("\"X\"")));
      List<OpResult> results = endpoint.apply(List.of(stale, fine, missing));
      assertThat(results)
          .containsExactly(
              OpResult.stale(1, "changed at the endpoint since planned (fields email)"),
              OpResult.applied(2, "2"),
              OpResult.stale(3, "no longer exists at the endpoint"));
      assertThat(rows(database, "SELECT name, email FROM people WHERE id = 1"))
          .containsExactly(List.of("Ann", "ann@elsewhere"));

      // Already at the target (a re-run): nothing written, ALREADY_APPLIED.
      assertThat(endpoint.apply(List.of(fine))).containsExactly(OpResult.alreadyApplied(2, "2"));
      // Changes only to fields this endpoint does not map: nothing to write.
      assertThat(
              endpoint.apply(
                  List.of(
                      new Op.Update(
                          4, "2", "2", fetch(endpoint).get("2"), Map.of("shoe", json("43"))))))
          .containsExactly(OpResult.alreadyApplied(4, "2"));
    }
  }

  @Test
  void deletesCheckTheirPrecondition() {
    exec(
        database,
        "INSERT INTO people (id, name, email) VALUES (1, 'Ann', 'a@x'), (2, 'Bob', 'b@x'),"
            + " (3, 'Cy', 'c@x')");
    try (PostgresEndpoint endpoint = people()) {
      Map<String, CanonicalRecord> before = fetch(endpoint);
      exec(database, "UPDATE people SET name = 'Cyrus' WHERE id = 3");
      List<Op> ops =
          List.of(
              new Op.Delete(1, "1", "1", before.get("1")),
              new Op.Delete(2, "2", "2", before.get("2")),
              new Op.Delete(3, "3", "3", before.get("3")));
      assertThat(endpoint.apply(ops))
          .containsExactly(
              OpResult.applied(1, "1"),
              OpResult.applied(2, "2"),
              OpResult.stale(3, "changed at the endpoint since planned (fields name)"));
      assertThat(endpoint.apply(ops.subList(0, 2)))
          .containsExactly(OpResult.alreadyApplied(1, "1"), OpResult.alreadyApplied(2, "2"));
      assertThat(rows(database, "SELECT id FROM people")).containsExactly(List.of("3"));
    }
  }

  @Test
  void aBadValueFailsOnlyItsOp() {
    exec(database, "INSERT INTO people (id, name, email) VALUES (100, 'Taken', 'taken@x')");
    try (PostgresEndpoint endpoint = people()) {
      List<Op> ops = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        ops.add(new Op.Create(i, String.valueOf(i), person(i, "P" + i, "p" + i + "@x")));
      }
      ops.set(4, new Op.Create(5, "5", record("5", "id", "5", "name", "P5", "age", "abc")));
      ops.set(9, new Op.Create(10, "10", record("10", "id", "10", "email", "ten@x")));
      ops.set(14, new Op.Create(15, "15", record("15", "id", "15", "name", "P15", "age", -1)));
      ops.set(17, new Op.Create(18, "18", person(18, "P18", "taken@x")));
      ops.set(19, new Op.Create(20, "20", record("20", "id", "20", "name", "P20", "tags", "x")));
      List<OpResult> results = endpoint.apply(ops);
      assertThat(results)
          .extracting(OpResult::opNo)
          .containsExactlyElementsOf(ops.stream().map(Op::opNo).toList());
      assertThat(results.get(4).outcome()).isEqualTo(Outcome.FAILED);
      assertThat(results.get(4).error())
          .isEqualTo(
              "the database refused it (SQLSTATE 22P02): invalid input syntax for type integer:"
                  + " \"abc\"");
      assertThat(results.get(9).error())
          .startsWith("the database refused it (SQLSTATE 23502): null value in column \"name\"");
      assertThat(results.get(14).error())
          .startsWith(
              "the database refused it (SQLSTATE 23514): new row for relation \"people\""
                  + " violates check constraint");
      assertThat(results.get(17).error())
          .startsWith(
              "the database refused it (SQLSTATE 23505): duplicate key value violates"
                  + " unique constraint \"people_email_key\"");
      assertThat(results.get(19).error()).contains("SQLSTATE 22P02").contains("array");
      List<Integer> failed = List.of(4, 9, 14, 17, 19);
      for (int i = 0; i < ops.size(); i++) {
        if (!failed.contains(i)) {
          assertThat(results.get(i)).isEqualTo(OpResult.applied(i + 1, String.valueOf(i + 1)));
        }
      }
      assertThat(count(database, "SELECT count(*) FROM people")).isEqualTo(16);

      // An update batch with one bad value.
      Map<String, CanonicalRecord> now = fetch(endpoint);
      List<OpResult> updates =
          endpoint.apply(
              List.of(
                  new Op.Update(30, "1", "1", now.get("1"), Map.of("age", json("5"))),
                  new Op.Update(31, "2", "2", now.get("2"), Map.of("age", json("\"old\""))),
                  new Op.Update(32, "3", "3", now.get("3"), Map.of("age", json("7")))));
      assertThat(outcomes(updates))
          .containsExactly(Outcome.APPLIED, Outcome.FAILED, Outcome.APPLIED);
    }
  }

  @Test
  void rerunningTheSameApplyIsAlreadyAppliedWithoutDuplicates() {
    exec(
        database,
        "INSERT INTO people (id, name, email) VALUES (1, 'Ann', 'a@x'), (2, 'Bob', 'b@x')");
    try (PostgresEndpoint endpoint = people(3)) {
      Map<String, CanonicalRecord> before = fetch(endpoint);
      List<Op> ops = new ArrayList<>();
      ops.add(new Op.Update(1, "1", "1", before.get("1"), Map.of("email", json("\"ann@x\""))));
      ops.add(new Op.Delete(2, "2", "2", before.get("2")));
      for (int i = 3; i <= 12; i++) {
        ops.add(new Op.Create(i, String.valueOf(i), person(i, "P" + i, null)));
      }
      List<OpResult> first = endpoint.apply(ops);
      assertThat(first).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.APPLIED));
      // The process died before recording the results: the same plan runs again.
      List<OpResult> second = endpoint.apply(ops);
      assertThat(second)
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.ALREADY_APPLIED));
      assertThat(second)
          .extracting(OpResult::opNo)
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
      assertThat(count(database, "SELECT count(*) FROM people")).isEqualTo(11);
      assertThat(count(database, "SELECT count(DISTINCT id) FROM people")).isEqualTo(11);
    }
  }

  @Test
  void opsOnTheSameKeyRunInOrder() {
    exec(database, "INSERT INTO people (id, name) VALUES (1, 'Ann')");
    try (PostgresEndpoint endpoint = people()) {
      CanonicalRecord ann = fetch(endpoint).get("1");
      CanonicalRecord anew = person(1, "Ann again", null);
      List<OpResult> results =
          endpoint.apply(
              List.of(
                  new Op.Delete(1, "1", "1", ann),
                  new Op.Create(2, "1", anew),
                  new Op.Update(3, "1", "1", anew, Map.of("email", json("\"n@x\"")))));
      assertThat(results)
          .containsExactly(
              OpResult.applied(1, "1"), OpResult.applied(2, "1"), OpResult.applied(3, "1"));
      assertThat(rows(database, "SELECT name, email FROM people"))
          .containsExactly(List.of("Ann again", "n@x"));
    }
  }

  @Test
  void refusesKeysThatWouldReadBackDifferently() {
    try (PostgresEndpoint endpoint = people()) {
      List<OpResult> results =
          endpoint.apply(
              List.of(
                  new Op.Create(1, "042", person(42, "X", null)),
                  new Op.Create(2, "", person(0, "Y", null)),
                  new Op.Create(3, "5", record("5", "id", "6", "name", "Z"))));
      assertThat(results.get(0).error())
          .isEqualTo(
              "key '042' is not an integer in canonical form (no sign +, no leading zeros) for key"
                  + " column id (integer); it would read back as another key");
      assertThat(results.get(1).error()).isEqualTo("the key is empty");
      assertThat(results.get(2).error())
          .isEqualTo("the record's key field 'id' does not match the op's key");
      assertThat(count(database, "SELECT count(*) FROM people")).isZero();
    }
  }

  @Test
  void everyTypeRoundTripsAndMatchesItsPrecondition() {
    exec(
        database,
        "CREATE EXTENSION IF NOT EXISTS citext",
        "DROP TABLE IF EXISTS typed",
        "CREATE TABLE typed (k uuid PRIMARY KEY, t text, vc varchar(10), ch char(4), ci citext,"
            + " i2 smallint, i8 bigint, num numeric, r real, d double precision, b boolean,"
            + " dt date, ts timestamp(3), tstz timestamptz, tm time, js json, jb jsonb,"
            + " ta text[], ia bigint[])");
    Map<String, String> typed =
        fields(
            "k", "k", "t", "t", "vc", "vc", "ch", "ch", "ci", "ci", "i2", "i2", "i8", "i8", "num",
            "num", "r", "r", "d", "d", "b", "b", "dt", "dt", "ts", "ts", "tstz", "tstz", "tm", "tm",
            "js", "js", "jb", "jb", "ta", "ta", "ia", "ia");
    String key = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
    CanonicalRecord full =
        record(
            key,
            "k",
            key,
            "t",
            "text ✓",
            "vc",
            "short",
            "ch",
            "ab",
            "ci",
            "CaSe",
            "i2",
            7,
            "i8",
            -9007199254740993L,
            "num",
            json("3.141592653589793238462643383279"),
            "r",
            json("1.5"),
            "d",
            json("2.718281828459045"),
            "b",
            false,
            "dt",
            "2020-02-02",
            "ts",
            "2020-02-02T02:02:02.123Z",
            "tstz",
            "2020-02-02T02:02:02.123456Z",
            "tm",
            "23:59:59.5",
            "js",
            json("{\"b\":[1,\"x\"],\"a\":{}}"),
            "jb",
            json("{\"deep\":{\"n\":12345678901234567890.5}}"),
            "ta",
            List.of("p", "q"),
            "ia",
            json("[9007199254740993, -1]"));
    try (PostgresEndpoint endpoint = open(database, "k", typed, "{\"table\":\"typed\"}")) {
      assertThat(endpoint.apply(List.of(new Op.Create(1, key, full))))
          .containsExactly(OpResult.applied(1, key));
      CanonicalRecord read = fetch(endpoint).get(key);
      for (String field : typed.keySet()) {
        assertThat(CanonicalRecord.sameValue(read.get(field), full.get(field)))
            .as(field + ": " + read.get(field) + " vs " + full.get(field))
            .isTrue();
      }
      // Creating it again matches value by value: ALREADY_APPLIED.
      assertThat(endpoint.apply(List.of(new Op.Create(2, key, full))))
          .containsExactly(OpResult.alreadyApplied(2, key));
      // The record as read is a valid precondition for every column type (json included).
      assertThat(
              endpoint.apply(
                  List.of(new Op.Update(3, key, key, read, Map.of("t", json("\"changed\""))))))
          .containsExactly(OpResult.applied(3, key));
      CanonicalRecord changed = fetch(endpoint).get(key);
      assertThat(changed.get("t").asText()).isEqualTo("changed");
      assertThat(endpoint.apply(List.of(new Op.Delete(4, key, key, changed))))
          .containsExactly(OpResult.applied(4, key));
      assertThat(count(database, "SELECT count(*) FROM typed")).isZero();
    }
  }

  @Test
  void oddIdentifiersAreQuoted() {
    exec(
        database,
        "CREATE SCHEMA \"Sales Dept\"",
        "CREATE TABLE \"Sales Dept\".\"Order\" (\"order\" text PRIMARY KEY, \"select\" int,"
            + " \"Mixed Case\" text, \"user\" text, \"a\"\"quote\" text)");
    Map<String, String> odd =
        fields(
            "key",
            "order",
            "qty",
            "select",
            "label",
            "\"Mixed Case\"",
            "who",
            "user",
            "q",
            "\"a\"\"quote\"");
    try (PostgresEndpoint endpoint =
        open(database, "key", odd, "{\"table\":\"\\\"Sales Dept\\\".\\\"Order\\\"\"}")) {
      assertThat(endpoint.table()).isEqualTo("\"Sales Dept\".\"Order\"");
      CanonicalRecord o1 =
          record("o1", "key", "o1", "qty", 3, "label", "L", "who", "me", "q", "\"");
      assertThat(endpoint.apply(List.of(new Op.Create(1, "o1", o1))))
          .containsExactly(OpResult.applied(1, "o1"));
      assertThat(fetch(endpoint).get("o1")).isEqualTo(o1);
      assertThat(
              endpoint.apply(List.of(new Op.Update(2, "o1", "o1", o1, Map.of("qty", json("4"))))))
          .containsExactly(OpResult.applied(2, "o1"));
      assertThat(
              endpoint.apply(
                  List.of(new Op.Delete(3, "o1", "o1", o1.with(Map.of("qty", json("4")))))))
          .containsExactly(OpResult.applied(3, "o1"));
      assertThat(count(database, "SELECT count(*) FROM \"Sales Dept\".\"Order\"")).isZero();
    } finally {
      exec(database, "DROP SCHEMA \"Sales Dept\" CASCADE");
    }
  }

  @Test
  void tableInAnotherSchema() {
    exec(
        database,
        "CREATE SCHEMA crm",
        "CREATE TABLE crm.people (id text PRIMARY KEY, name text)",
        // A same-named table in public must not be touched.
        "INSERT INTO people (id, name) VALUES (1, 'public')");
    try (PostgresEndpoint endpoint =
        open(database, "id", fields("id", "id", "name", "name"), "{\"table\":\"crm.people\"}")) {
      assertThat(
              endpoint.apply(
                  List.of(new Op.Create(1, "c1", record("c1", "id", "c1", "name", "C")))))
          .containsExactly(OpResult.applied(1, "c1"));
      assertThat(fetch(endpoint).keySet()).containsExactly("c1");
      assertThat(rows(database, "SELECT id, name FROM crm.people"))
          .containsExactly(List.of("c1", "C"));
      assertThat(count(database, "SELECT count(*) FROM public.people")).isEqualTo(1);
    } finally {
      exec(database, "DROP SCHEMA crm CASCADE");
    }
  }

  @Test
  void manyOpsInSmallBatchesWithFailuresSpreadAcross() {
    try (PostgresEndpoint endpoint = people(7)) {
      List<Op> ops = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        Object age = i % 13 == 0 ? (Object) "bad" : (Object) i;
        ops.add(
            new Op.Create(
                i,
                String.valueOf(i),
                record(String.valueOf(i), "id", String.valueOf(i), "name", "P", "age", age)));
      }
      List<OpResult> results = endpoint.apply(ops);
      for (int i = 1; i <= 100; i++) {
        assertThat(results.get(i - 1).opNo()).isEqualTo(i);
        assertThat(results.get(i - 1).outcome())
            .isEqualTo(i % 13 == 0 ? Outcome.FAILED : Outcome.APPLIED);
      }
      assertThat(count(database, "SELECT count(*) FROM people")).isEqualTo(100 - 7);
    }
  }

  @Test
  void aTimestampGivenWithAnOffsetIsStoredAsTheUtcTimeItNames() {
    exec(
        database,
        "DROP TABLE IF EXISTS stamps",
        "CREATE TABLE stamps (id text PRIMARY KEY, local timestamp, locals timestamp[])");
    try (PostgresEndpoint endpoint =
        open(
            database,
            "id",
            fields("id", "id", "at", "local", "ats", "locals"),
            "{\"table\":\"stamps\"}")) {
      CanonicalRecord r =
          record(
              "1",
              "id",
              "1",
              "at",
              "2024-02-29T01:14:15.1234567+02:00",
              "ats",
              List.of("2024-01-01T00:30:00-01:30", "2024-01-01T00:30:00Z"));
      assertThat(endpoint.apply(List.of(new Op.Create(1, "1", r))))
          .containsExactly(OpResult.applied(1, "1"));
      // timestamp itself would drop the offset and keep 01:14:15; read as UTC, that is 2 hours off.
      assertThat(rows(database, "SELECT local::text, locals::text FROM stamps"))
          .containsExactly(
              List.of(
                  "2024-02-28 23:14:15.123457",
                  "{\"2024-01-01 02:00:00\",\"2024-01-01 00:30:00\"}"));
      assertThat(fetch(endpoint).get("1")).isEqualTo(endpoint.represent(r));
    }
  }

  @Test
  void charColumnsDropOnlyTheirBlankPadding() {
    exec(
        database,
        "DROP TABLE IF EXISTS padded",
        "CREATE TABLE padded (id text PRIMARY KEY, code char(5))",
        "INSERT INTO padded VALUES ('1', E'a\\t'), ('2', 'b  ')");
    try (PostgresEndpoint endpoint =
        open(database, "id", fields("id", "id", "code", "code"), "{\"table\":\"padded\"}")) {
      Map<String, CanonicalRecord> read = fetch(endpoint);
      // A tab is part of the value; only the blanks that pad it are not.
      assertThat(read.get("1").get("code")).isEqualTo(json("\"a\\t\""));
      assertThat(read.get("2").get("code")).isEqualTo(json("\"b\""));
      // So the value as read is a precondition the row meets.
      assertThat(
              endpoint.apply(
                  List.of(
                      new Op.Update(1, "1", "1", read.get("1"), Map.of("code", json("\"c\""))))))
          .containsExactly(OpResult.applied(1, "1"));
    }
  }

  @Test
  void caseInsensitiveTypesAreComparedExactly() {
    exec(
        database,
        "CREATE EXTENSION IF NOT EXISTS citext",
        "DROP TABLE IF EXISTS handles",
        "CREATE TABLE handles (id text PRIMARY KEY, handle citext, aliases citext[])",
        "INSERT INTO handles VALUES ('1', 'ann', '{ann}'), ('2', 'bob', '{bob}')");
    try (PostgresEndpoint endpoint =
        open(
            database,
            "id",
            fields("id", "id", "handle", "handle", "aliases", "aliases"),
            "{\"table\":\"handles\"}")) {
      Map<String, CanonicalRecord> planned = fetch(endpoint);
      // Changed at the endpoint after planning: only the case differs, but it is a change.
      exec(
          database,
          "UPDATE handles SET handle = 'Ann' WHERE id = '1'",
          "UPDATE handles SET aliases = '{Bob}' WHERE id = '2'");
      assertThat(
              endpoint.apply(
                  List.of(
                      new Op.Update(
                          1, "1", "1", planned.get("1"), Map.of("aliases", json("[\"a\"]"))),
                      new Op.Update(
                          2, "2", "2", planned.get("2"), Map.of("handle", json("\"b\""))))))
          .extracting(OpResult::outcome)
          .containsExactly(Outcome.STALE, Outcome.STALE);
      // Nor does a row whose value differs only by case hold the target.
      assertThat(endpoint.apply(List.of(new Op.Create(3, "1", planned.get("1")))))
          .extracting(OpResult::outcome)
          .containsExactly(Outcome.STALE);
      assertThat(fetch(endpoint).get("1").get("handle")).isEqualTo(json("\"Ann\""));
    }
  }

  @Test
  void emptyApplyDoesNothing() {
    try (PostgresEndpoint endpoint = people()) {
      assertThat(endpoint.apply(List.of())).isEmpty();
    }
  }
}
