package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.count;
import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.json;
import static com.chittysync.postgres.PostgresFixtures.open;
import static com.chittysync.postgres.PostgresFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.OpResult.Outcome;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.store.Database;
import com.chittysync.testkit.PgBouncer;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoint through PgBouncer in transaction mode, as behind Neon's pooled endpoint. */
class PostgresEndpointPooledTest {
  private static TestDatabase db;
  private static Database pooled;

  private static final Map<String, String> FIELDS =
      fields("id", "id", "name", "name", "age", "age", "seen", "seen", "tags", "tags");

  @BeforeAll
  static void setUp() {
    db = TestPostgres.createDatabase();
    pooled = PostgresFixtures.database(db.pooledEnv(PgBouncer.shared()));
    exec(
        pooled,
        "CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL, age int,"
            + " seen timestamptz, tags text[])",
        "INSERT INTO people SELECT g, 'p' || g, g % 100,"
            + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', ARRAY['t']"
            + " FROM generate_series(1, 25000) g");
  }

  @AfterAll
  static void tearDown() {
    // Without PgBouncer, setUp aborts (the class is skipped) before the pool exists.
    if (pooled != null) {
      pooled.close();
    }
    db.close();
  }

  private static PostgresEndpoint people() {
    return open(pooled, "id", FIELDS, "{\"table\":\"people\",\"batch_size\":1000}");
  }

  @Test
  void fetchStreamsThroughThePooler() {
    try (PostgresEndpoint endpoint = people()) {
      endpoint.check();
      FetchResult result = endpoint.fetch(FetchRequest.fullScan());
      // The other test may have added rows with ids from 100000.
      assertThat(result.records().stream().filter(r -> Long.parseLong(r.key()) <= 25000).count())
          .isEqualTo(25000);
      assertThat(result.problems()).isEmpty();
      Map<String, CanonicalRecord> byKey =
          result.records().stream()
              .collect(Collectors.toMap(RemoteRecord::key, RemoteRecord::record));
      assertThat(byKey.get("60").get("seen")).isEqualTo(json("\"2024-01-01T01:00:00Z\""));
    }
  }

  @Test
  void applyWithFailuresAndRerunThroughThePooler() throws Exception {
    try (PostgresEndpoint endpoint = people()) {
      List<Op> ops = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        long id = 100_000 + i;
        Object age = i % 1000 == 999 ? (Object) "x" : (Object) i;
        ops.add(
            new Op.Create(
                i,
                String.valueOf(id),
                record(
                    String.valueOf(id),
                    "id",
                    String.valueOf(id),
                    "name",
                    "n" + i,
                    "age",
                    age,
                    "seen",
                    "2024-06-01T12:00:00+02:00")));
      }
      // Several endpoints share the pooler at once, as concurrent functions would.
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<List<OpResult>>> futures = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
          List<Op> slice = ops.subList(part * 1000, (part + 1) * 1000);
          futures.add(pool.submit(() -> endpoint.apply(slice)));
        }
        List<OpResult> results = new ArrayList<>();
        for (Future<List<OpResult>> f : futures) {
          results.addAll(f.get());
        }
        assertThat(results.stream().filter(r -> r.outcome() == Outcome.FAILED).count())
            .isEqualTo(3);
        assertThat(results.stream().filter(r -> r.outcome() == Outcome.APPLIED).count())
            .isEqualTo(2997);
      } finally {
        pool.shutdown();
      }
      List<OpResult> again = endpoint.apply(ops);
      assertThat(again.stream().filter(r -> r.outcome() == Outcome.ALREADY_APPLIED).count())
          .isEqualTo(2997);
      assertThat(count(pooled, "SELECT count(*) FROM people WHERE id >= 100000")).isEqualTo(2997);
      // An offset timestamp was stored as its instant and reads back in UTC.
      CanonicalRecord r =
          endpoint.fetch(FetchRequest.fullScan()).records().stream()
              .filter(x -> x.key().equals("100000"))
              .findFirst()
              .orElseThrow()
              .record();
      assertThat(r.get("seen")).isEqualTo(json("\"2024-06-01T10:00:00Z\""));

      CanonicalRecord updated = r.with(Map.of("name", json("\"renamed\"")));
      assertThat(
              endpoint.apply(
                  List.of(
                      new Op.Update(1, "100000", "100000", r, Map.of("name", json("\"renamed\""))),
                      new Op.Delete(2, "100001", "100001", record("100001", "id", "100001")))))
          .extracting(OpResult::outcome)
          .containsExactly(Outcome.APPLIED, Outcome.STALE);
      assertThat(endpoint.apply(List.of(new Op.Delete(3, "100000", "100000", updated))))
          .containsExactly(OpResult.applied(3, "100000"));
    }
  }
}
