package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.json;
import static com.chittysync.postgres.PostgresFixtures.open;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.store.Database;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresEndpointFetchTest {
  private static TestDatabase db;
  private static Database database;

  /** canonical field -> column of table {@code types}. */
  private static final Map<String, String> TYPE_FIELDS =
      fields(
          "id", "id",
          "t", "t",
          "vc", "vc",
          "ch", "ch",
          "u", "u",
          "ci", "ci",
          "i2", "i2",
          "i4", "i4",
          "i8", "i8",
          "num", "num",
          "r", "r",
          "d", "d",
          "b", "b",
          "dt", "dt",
          "ts", "ts",
          "tstz", "tstz",
          "tm", "tm",
          "js", "js",
          "jb", "jb",
          "ta", "ta",
          "ia", "ia",
          "tza", "tza",
          "mood", "mood");

  @BeforeAll
  static void setUp() {
    db = TestPostgres.createDatabase();
    database = PostgresFixtures.database(db.env());
    exec(
        database,
        "CREATE EXTENSION IF NOT EXISTS citext",
        "CREATE TYPE mood AS ENUM ('happy', 'sad')",
        "CREATE TABLE types (id integer PRIMARY KEY, t text, vc varchar(20), ch char(5), u uuid,"
            + " ci citext, i2 smallint, i4 integer, i8 bigint, num numeric(40,20), r real,"
            + " d double precision, b boolean, dt date, ts timestamp, tstz timestamptz(6),"
            + " tm time, js json, jb jsonb, ta text[], ia int[], tza timestamptz[], mood mood)",
        "INSERT INTO types VALUES (42, 'hello', 'var', 'ab', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',"
            + " 'MiXeD', -32768, 2147483647, 9223372036854775807,"
            + " 12345678901234567890.12345678901234567890, 0.1, 0.30000000000000004, true,"
            + " '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.5+02:00',"
            + " '13:14:15', '{\"b\": 1, \"a\": [1, 2.50]}', '{\"z\": null, \"n\": 1.10}',"
            + " ARRAY['x', NULL, 'y'], ARRAY[1, 2, 3],"
            + " ARRAY['2024-01-01 00:00:00+05'::timestamptz], 'sad')",
        "INSERT INTO types (id) VALUES (7)",
        "INSERT INTO types (id, num, d, tstz) VALUES (8, 100.000, 'NaN', 'infinity')",
        "CREATE TABLE keyed (k text UNIQUE, v text)",
        "INSERT INTO keyed VALUES ('a', '1'), (NULL, 'no key'), ('', 'empty'), ('  ', 'blank')");
  }

  @AfterAll
  static void tearDown() {
    database.close();
    db.close();
  }

  private static Map<String, CanonicalRecord> fetchTypes() {
    try (PostgresEndpoint endpoint = open(database, "id", TYPE_FIELDS, "{\"table\":\"types\"}")) {
      FetchResult result = endpoint.fetch(FetchRequest.fullScan());
      assertThat(result.complete()).isTrue();
      assertThat(result.nextCursor()).isEmpty();
      assertThat(result.problems()).isEmpty();
      assertThat(result.records()).allSatisfy(r -> assertThat(r.modifiedAt()).isEmpty());
      assertThat(result.records()).allSatisfy(r -> assertThat(r.remoteId()).isEqualTo(r.key()));
      return result.records().stream()
          .collect(Collectors.toMap(RemoteRecord::key, RemoteRecord::record, (a, b) -> a));
    }
  }

  @Test
  void mapsEveryTypeToCanonicalJson() {
    CanonicalRecord r = fetchTypes().get("42");
    assertThat(r.key()).isEqualTo("42");
    assertThat(r.get("id")).isEqualTo(json("\"42\""));
    assertThat(r.get("t")).isEqualTo(json("\"hello\""));
    assertThat(r.get("vc")).isEqualTo(json("\"var\""));
    assertThat(r.get("ch")).isEqualTo(json("\"ab\""));
    assertThat(r.get("u")).isEqualTo(json("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""));
    assertThat(r.get("ci")).isEqualTo(json("\"MiXeD\""));
    assertThat(r.get("i2").isIntegralNumber()).isTrue();
    assertThat(r.get("i2").longValue()).isEqualTo(-32768);
    assertThat(r.get("i4").longValue()).isEqualTo(2147483647);
    assertThat(r.get("i8").isIntegralNumber()).isTrue();
    assertThat(r.get("i8").longValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(r.get("num").decimalValue())
        .isEqualTo(new BigDecimal("12345678901234567890.1234567890123456789"));
    assertThat(r.get("num").toString()).isEqualTo("12345678901234567890.1234567890123456789");
    assertThat(r.get("r").toString()).isEqualTo("0.1");
    assertThat(r.get("d").doubleValue()).isEqualTo(0.30000000000000004);
    assertThat(r.get("b")).isEqualTo(json("true"));
    assertThat(r.get("dt")).isEqualTo(json("\"2024-02-29\""));
    assertThat(r.get("ts")).isEqualTo(json("\"2024-02-29T13:14:15.123456Z\""));
    assertThat(r.get("tstz")).isEqualTo(json("\"2024-02-29T11:14:15.500Z\""));
    assertThat(r.get("tm")).isEqualTo(json("\"13:14:15\""));
    assertThat(CanonicalRecord.sameValue(r.get("js"), json("{\"a\": [1, 2.5], \"b\": 1}")))
        .isTrue();
    assertThat(r.get("js").get("a").get(1).decimalValue()).isEqualByComparingTo("2.50");
    assertThat(r.get("jb").get("z").isNull()).isTrue();
    assertThat(r.get("jb").get("n").decimalValue()).isEqualByComparingTo("1.10");
    assertThat(r.get("ta")).isEqualTo(json("[\"x\", null, \"y\"]"));
    assertThat(CanonicalRecord.sameValue(r.get("ia"), json("[1, 2, 3]"))).isTrue();
    assertThat(r.get("tza")).isEqualTo(json("[\"2023-12-31T19:00:00Z\"]"));
    assertThat(r.get("mood")).isEqualTo(json("\"sad\""));
  }

  @Test
  void nullIsAbsent() {
    CanonicalRecord r = fetchTypes().get("7");
    assertThat(r.fields()).containsOnlyKeys("id");
    assertThat(r.get("t").isNull()).isTrue();
  }

  @Test
  void specialValues() {
    CanonicalRecord r = fetchTypes().get("8");
    assertThat(CanonicalRecord.sameValue(r.get("num"), json("100"))).isTrue();
    assertThat(r.get("d")).isEqualTo(json("\"NaN\""));
    assertThat(r.get("tstz")).isEqualTo(json("\"infinity\""));
  }

  @Test
  void rowsWithoutKeyAreProblems() {
    try (PostgresEndpoint endpoint =
        open(database, "key", fields("key", "k", "value", "v"), "{\"table\":\"keyed\"}")) {
      FetchResult result = endpoint.fetch(FetchRequest.fullScan());
      assertThat(result.records()).extracting(RemoteRecord::key).containsExactly("a");
      assertThat(result.records().get(0).record().fields())
          .isEqualTo(Map.of("key", json("\"a\""), "value", json("\"1\"")));
      assertThat(result.problems())
          .hasSize(3)
          .allSatisfy(
              p -> {
                assertThat(p.key()).isNull();
                assertThat(p.remoteId()).isNull();
                assertThat(p.errors())
                    .containsExactly(new RecordProblem.FieldError("/key", "key is empty"));
              });
    }
  }

  @Test
  void fetchesOneHundredThousandRowsQuickly() {
    exec(
        database,
        "CREATE TABLE big (id bigint PRIMARY KEY, name text, email text, age int,"
            + " score numeric(10,2), active boolean, born date, seen timestamptz, tags text[],"
            + " extra jsonb)",
        "INSERT INTO big SELECT g, 'name ' || g, 'user' || g || '@example.com', g % 90,"
            + " (g % 10000) / 100.0, g % 2 = 0, date '2000-01-01' + (g % 5000),"
            + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',"
            + " ARRAY['a', 'b'], jsonb_build_object('n', g) FROM generate_series(1, 100000) g");
    Map<String, String> bigFields =
        fields(
            "id", "id", "name", "name", "email", "email", "age", "age", "score", "score", "active",
            "active", "born", "born", "seen", "seen", "tags", "tags", "extra", "extra");
    try (PostgresEndpoint endpoint = open(database, "id", bigFields, "{\"table\":\"big\"}")) {
      endpoint.check();
      endpoint.fetch(FetchRequest.fullScan()); // warm up
      long start = System.nanoTime();
      FetchResult result = endpoint.fetch(FetchRequest.fullScan());
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.println("fetch 100000 rows x 10 columns: " + ms + " ms");
      assertThat(result.records()).hasSize(100_000);
      Map<String, CanonicalRecord> byKey =
          result.records().stream()
              .collect(Collectors.toMap(RemoteRecord::key, RemoteRecord::record));
      assertThat(byKey.get("100000").get("seen")).isEqualTo(json("\"2024-01-02T03:46:40Z\""));
      assertThat(byKey.keySet()).contains("1", "50000");
      assertThat(result.records().stream().map(RemoteRecord::key).distinct().count())
          .isEqualTo(100_000);
      JsonNode extra =
          result.records().stream()
              .map(RemoteRecord::record)
              .collect(Collectors.toMap(CanonicalRecord::key, Function.identity()))
              .get("3")
              .get("extra");
      assertThat(CanonicalRecord.sameValue(extra, json("{\"n\":3}"))).isTrue();
      Map<String, JsonNode> fields = byKey.get("3").fields();
      assertThat(fields).hasSize(10);
    } finally {
      exec(database, "DROP TABLE big");
    }
  }
}
