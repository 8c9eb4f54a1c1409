package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.count;
import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.open;
import static com.chittysync.postgres.PostgresFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.store.Database;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

/**
 * Throughput figures, not a timed test: it asserts only correctness and prints the figures. Runs
 * only with {@code -Dchittysync.bench=true}.
 */
@EnabledIfSystemProperty(named = "chittysync.bench", matches = "true")
class PostgresEndpointThroughputReport {
  private static final int ROWS = 100_000;
  private static final int BATCH = 5_000;

  private static final String COLUMNS =
      "(id bigint PRIMARY KEY, name text, email text, age int, score numeric(10,2),"
          + " active boolean, born date, seen timestamptz, tags text[], extra jsonb)";

  private static final Map<String, String> FIELDS =
      fields(
          "id", "id", "name", "name", "email", "email", "age", "age", "score", "score", "active",
          "active", "born", "born", "seen", "seen", "tags", "tags", "extra", "extra");

  @Test
  void report() throws Exception {
    try (TestDatabase db = TestPostgres.createDatabase();
        Database database = PostgresFixtures.database(db.env())) {
      exec(database, "CREATE TABLE t_endpoint " + COLUMNS, "CREATE TABLE t_copy " + COLUMNS);
      List<CanonicalRecord> records = new ArrayList<>(ROWS);
      StringBuilder copy = new StringBuilder();
      for (int g = 1; g <= ROWS; g++) {
        String id = String.valueOf(g);
        String seen = Instant.ofEpochSecond(1_704_067_200L + g).toString();
        String born = LocalDate.of(2000, 1, 1).plusDays(g % 5000).toString();
        records.add(
            record(
                id,
                "id",
                id,
                "name",
                "name " + g,
                "email",
                "user" + g + "@example.com",
                "age",
                g % 90,
                "score",
                new BigDecimal(g % 10000).movePointLeft(2),
                "active",
                g % 2 == 0,
                "born",
                born,
                "seen",
                seen,
                "tags",
                List.of("a", "b"),
                "extra",
                Map.of("n", g)));
        copy.append(id)
            .append('\t')
            .append("name ")
            .append(g)
            .append('\t')
            .append("user")
            .append(g)
            .append("@example.com\t")
            .append(g % 90)
            .append('\t')
            .append(new BigDecimal(g % 10000).movePointLeft(2).toPlainString())
            .append('\t')
            .append(g % 2 == 0)
            .append('\t')
            .append(born)
            .append('\t')
            .append(seen)
            .append("\t{a,b}\t{\"n\": ")
            .append(g)
            .append("}\n");
      }
      String copyText = copy.toString();

      try (PostgresEndpoint endpoint =
          open(database, "id", FIELDS, "{\"table\":\"t_endpoint\",\"batch_size\":" + BATCH + "}")) {
        endpoint.check();
        double[] createMs = new double[3];
        double[] copyMs = new double[3];
        for (int round = 0; round < 3; round++) {
          exec(database, "TRUNCATE t_endpoint", "TRUNCATE t_copy", "VACUUM ANALYZE");
          long start = System.nanoTime();
          for (int from = 0; from < ROWS; from += BATCH) {
            List<Op> ops = new ArrayList<>(BATCH);
            for (int i = from; i < from + BATCH; i++) {
              ops.add(new Op.Create(i, records.get(i).key(), records.get(i)));
            }
            List<OpResult> results = endpoint.apply(ops);
            assertThat(results).allSatisfy(r -> assertThat(r.done()).isTrue());
          }
          createMs[round] = (System.nanoTime() - start) / 1e6;

          start = System.nanoTime();
          database.withConnection(
              (Connection c) -> {
                try {
                  return c.unwrap(PGConnection.class)
                      .getCopyAPI()
                      .copyIn("COPY t_copy FROM STDIN", new StringReader(copyText));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
          copyMs[round] = (System.nanoTime() - start) / 1e6;
        }
        assertThat(count(database, "SELECT count(*) FROM t_endpoint")).isEqualTo(ROWS);
        assertThat(count(database, "SELECT count(*) FROM t_copy")).isEqualTo(ROWS);
        assertThat(
                count(
                    database,
                    "SELECT count(*) FROM t_endpoint e JOIN t_copy c USING (id)"
                        + " WHERE (e.*)::text = (c.*)::text"))
            .isEqualTo(ROWS);

        // Re-run of the last round: every create is ALREADY_APPLIED.
        long start = System.nanoTime();
        for (int from = 0; from < ROWS; from += BATCH) {
          List<Op> ops = new ArrayList<>(BATCH);
          for (int i = from; i < from + BATCH; i++) {
            ops.add(new Op.Create(i, records.get(i).key(), records.get(i)));
          }
          assertThat(endpoint.apply(ops))
              .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(OpResult.Outcome.ALREADY_APPLIED));
        }
        double rerunMs = (System.nanoTime() - start) / 1e6;

        double[] fetchMs = new double[3];
        for (int round = 0; round < 3; round++) {
          start = System.nanoTime();
          assertThat(endpoint.fetch(FetchRequest.fullScan()).records()).hasSize(ROWS);
          fetchMs[round] = (System.nanoTime() - start) / 1e6;
        }

        // Updates of one column, in batches of 5000, then deletes.
        List<CanonicalRecord> current =
            endpoint.fetch(FetchRequest.fullScan()).records().stream()
                .map(r -> r.record())
                .toList();
        start = System.nanoTime();
        for (int from = 0; from < ROWS; from += BATCH) {
          List<Op> ops = new ArrayList<>(BATCH);
          for (int i = from; i < from + BATCH; i++) {
            CanonicalRecord r = current.get(i);
            ops.add(
                new Op.Update(
                    i, r.key(), r.key(), r, Map.of("age", PostgresFixtures.json("1000"))));
          }
          assertThat(endpoint.apply(ops)).allSatisfy(r -> assertThat(r.done()).isTrue());
        }
        double updateMs = (System.nanoTime() - start) / 1e6;

        StringBuilder report = new StringBuilder("\n=== postgres endpoint throughput ===\n");
        report.append(String.format("fetch   %,d rows x 10 cols: %s ms%n", ROWS, fmt(fetchMs)));
        report.append(
            String.format("create  %,d rows, batches of %,d: %s ms%n", ROWS, BATCH, fmt(createMs)));
        report.append(
            String.format("COPY    %,d rows:                  %s ms%n", ROWS, fmt(copyMs)));
        double bestCreate = min(createMs);
        double bestCopy = min(copyMs);
        report.append(
            String.format(
                "create throughput = %.0f%% of COPY (best of 3: %.0f ms vs %.0f ms)%n",
                100 * bestCopy / bestCreate, bestCreate, bestCopy));
        report.append(
            String.format("re-run  %,d creates (all ALREADY_APPLIED): %.0f ms%n", ROWS, rerunMs));
        report.append(
            String.format(
                "update  %,d rows (1 column, precondition on 9): %.0f ms%n", ROWS, updateMs));
        System.out.println(report);
      }
    }
  }

  private static String fmt(double[] ms) {
    StringBuilder s = new StringBuilder();
    for (double m : ms) {
      s.append(s.isEmpty() ? "" : " / ").append(String.format("%.0f", m));
    }
    return s.toString();
  }

  private static double min(double[] values) {
    double min = Double.MAX_VALUE;
    for (double v : values) {
      min = Math.min(min, v);
    }
    return min;
  }
}
