package com.chittysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.core.health.CheckResult;
import com.chittysync.core.health.HealthStatus;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state store's behaviour, run once against PostgreSQL directly and once through PgBouncer in
 * transaction mode (the way Neon's pooled endpoint is used).
 */
abstract class StoreBehaviour {
  TestDatabase db;
  DatabaseSettings settings;
  Database database;

  /** The environment that points the store at {@code db}. */
  abstract Map<String, String> env(TestDatabase db);

  @BeforeEach
  void openFreshDatabase() {
    db = TestPostgres.createDatabase();
    settings = DatabaseSettings.from(Environment.of(env(db)));
    database = Database.open(settings);
  }

  @AfterEach
  void dropDatabase() {
    // Null when the set-up was skipped (no PgBouncer here): the skip is the report, not an NPE.
    if (database != null) {
      database.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void migrateBringsAFreshDatabaseToTheBundledVersion() {
    Migrator.MigrationReport report = Migrator.of(settings).migrate();
    assertThat(report.applied()).isEqualTo(BundledMigrations.versions().size());
    SchemaState state = SchemaState.of(database);
    assertThat(state.pending()).isEmpty();
    assertThat(state.current()).isEqualTo(state.latestExpected());
    state.requireCurrent();
  }

  @Test
  void migrateIsSafeToRunAgain() {
    Migrator.of(settings).migrate();
    Migrator.MigrationReport again = Migrator.of(settings).migrate();
    assertThat(again.applied()).isZero();
    assertThat(again.to())
        .isEqualTo(
            BundledMigrations.versions().get(BundledMigrations.versions().size() - 1).text());
  }

  @Test
  void concurrentMigrationsApplyEachVersionOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Migrator.MigrationReport>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(pool.submit(() -> Migrator.of(settings).migrate()));
      }
      int applied = 0;
      for (Future<Migrator.MigrationReport> run : runs) {
        applied += run.get().applied();
      }
      assertThat(applied).isEqualTo(BundledMigrations.versions().size());
    } finally {
      pool.shutdownNow();
    }
    Long historyRows =
        database.withConnection(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT count(*) FROM "
                              + SchemaState.HISTORY_TABLE
                              + " WHERE version IS NOT NULL")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(historyRows).isEqualTo(BundledMigrations.versions().size());
  }

  @Test
  void healthChecksSayMigrationsArePendingUntilMigrated() throws Exception {
    CheckResult before = new MigrationsHealthCheck(() -> database).run();
    assertThat(before.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(before.message()).contains("pending").contains("chittysync migrate");
    assertThatThrownBy(() -> SchemaState.of(database).requireCurrent())
        .hasMessageContaining("pending");

    Migrator.of(settings).migrate();

    assertThat(new MigrationsHealthCheck(() -> database).run().status()).isEqualTo(HealthStatus.OK);
    CheckResult dbCheck = new DatabaseHealthCheck(() -> database).run();
    assertThat(dbCheck.status()).isEqualTo(HealthStatus.OK);
    assertThat(dbCheck.details()).containsKey("server_version");
  }

  @Test
  void databaseAheadOfTheBuildIsDegraded() throws Exception {
    Migrator.of(settings).migrate();
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.executeUpdate(
                "INSERT INTO "
                    + SchemaState.HISTORY_TABLE
                    + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                    + " VALUES (999, '999', 'from the future', 'SQL', 'V999__x.sql', 0, 'test', 0, true)");
          }
          return null;
        });
    CheckResult result = new MigrationsHealthCheck(() -> database).run();
    assertThat(result.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(result.message()).contains("[999]");
  }

  @Test
  void transactionsCommitOrRollBackWhole() {
    Migrator.of(settings).migrate();
    database.inTransaction(c -> insertRegistry(c, "kept"));
    assertThatThrownBy(
            () ->
                database.inTransaction(
                    c -> {
                      insertRegistry(c, "dropped");
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(registries()).containsExactly("kept");
  }

  @Test
  void sqlErrorsAreTypedWithTheirState() {
    Migrator.of(settings).migrate();
    database.inTransaction(c -> insertRegistry(c, "dup"));
    assertThatThrownBy(() -> database.inTransaction(c -> insertRegistry(c, "dup")))
        .isInstanceOf(ChittySyncException.class)
        .hasMessageContaining("SQLSTATE 23505");
  }

  @Test
  void repeatedStatementsFromManyThreadsWorkWithoutSessionState() throws Exception {
    Migrator.of(settings).migrate();
    // The same statement run many times on pooled connections: with server-side prepared statements
    // a transaction-mode pooler would hand a later execution to a backend that never saw them.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    String name = "r" + thread + "_" + i;
                    database.inTransaction(
                        c -> {
                          try (Statement st = c.createStatement()) {
                            st.execute("SET LOCAL statement_timeout = '5s'");
                          }
                          return insertRegistry(c, name);
                        });
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(registries()).hasSize(160);
    // SET LOCAL ended with its transaction; nothing leaked into the next one.
    String timeout =
        database.withConnection(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThat(timeout).isEqualTo("0");
  }

  @Test
  void backendTerminatedMidTransactionIsRetriedOnAFreshConnection() {
    Migrator.of(settings).migrate();
    List<Integer> backends = new ArrayList<>();
    String result =
        database.inTransaction(
            c -> {
              backends.add(backendPid(c));
              insertRegistry(c, "first");
              if (backends.size() == 1) {
                terminate(backends.get(0));
              }
              insertRegistry(c, "second");
              return "done";
            });
    assertThat(result).isEqualTo("done");
    assertThat(backends).hasSize(2).doesNotHaveDuplicates();
    // The first attempt's insert died with its backend: each row is there once.
    assertThat(registries()).containsExactly("first", "second");
  }

  @Test
  void backendTerminatedInEveryAttemptIsDatabaseUnavailable() {
    Migrator.of(settings).migrate();
    String withPassword = env(db).get("DATABASE_URL").replace("postgres@", "postgres:hunter2@");
    int[] attempts = {0};
    try (Database withSecret =
        Database.open(
            DatabaseSettings.from(Environment.of(Map.of("DATABASE_URL", withPassword))))) {
      assertThatThrownBy(
              () ->
                  withSecret.inTransaction(
                      c -> {
                        attempts[0]++;
                        insertRegistry(c, "never");
                        terminate(backendPid(c));
                        return insertRegistry(c, "never either");
                      }))
          .isInstanceOf(ChittySyncException.class)
          .satisfies(
              e ->
                  assertThat(((ChittySyncException) e).code())
                      .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE))
          .hasMessageStartingWith("lost the connection to the state database at ")
          .hasMessageContaining("terminating connection due to administrator command")
          .hasMessageContaining("nothing was committed")
          .hasMessageNotContaining("hunter2");
    }
    assertThat(attempts[0]).isEqualTo(5);
    assertThat(registries()).isEmpty();
  }

  @Test
  void closedConnectionWithoutSqlStateIsALostConnection() {
    Migrator.of(settings).migrate();
    int[] attempts = {0};
    database.inTransaction(
        c -> {
          if (++attempts[0] == 1) {
            terminate(backendPid(c));
            try (Statement st = c.createStatement()) {
              st.execute("SELECT 1");
            } catch (SQLException terminated) {
              // Carry on regardless: the next call says only "Connection is closed", no SQLSTATE.
            }
          }
          return insertRegistry(c, "after");
        });
    assertThat(attempts[0]).isEqualTo(2);
    assertThat(registries()).containsExactly("after");
  }

  @Test
  void connectionLostWhileCommittingIsUnavailableAndNotRetried() {
    Migrator.of(settings).migrate();
    // A deferred trigger runs inside COMMIT: the backend ends itself exactly then, so the client
    // cannot know whether the commit happened.
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(
                "CREATE FUNCTION chittysync.die() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END$$;"
                    + " CREATE CONSTRAINT TRIGGER die_on_commit AFTER INSERT ON chittysync.registries"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION chittysync.die()");
          }
          return null;
        });
    int[] attempts = {0};
    assertThatThrownBy(
            () ->
                database.inTransaction(
                    c -> {
                      attempts[0]++;
                      return insertRegistry(c, "maybe");
                    }))
        .isInstanceOf(ChittySyncException.class)
        .satisfies(
            e ->
                assertThat(((ChittySyncException) e).code())
                    .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE))
        .hasMessageContaining("while committing")
        .hasMessageContaining("may or may not have been committed");
    assertThat(attempts[0]).isEqualTo(1);
  }

  static int backendPid(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Ends server process {@code pid} from a separate, direct connection, as an operator or a
   * failover would, and waits until it is gone. Through PgBouncer, {@code pid} is the server
   * connection the pooler lent to the transaction.
   */
  void terminate(int pid) throws SQLException {
    try (Connection admin = DriverManager.getConnection(db.jdbcUrl());
        PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("backend %d terminated", pid).isTrue();
      }
    }
  }

  private static Integer insertRegistry(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO chittysync.registries (name) VALUES (?)")) {
      ps.setString(1, name);
      return ps.executeUpdate();
    }
  }

  private List<String> registries() {
    return database.withConnection(
        c -> {
          List<String> names = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT name FROM chittysync.registries ORDER BY name")) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  @Test
  void binaryCopyStoresEveryTypeExactlyInsideTheTransaction() {
    UUID id = UUID.randomUUID();
    Instant at = Instant.parse("2026-11-25T03:04:05.123456Z");
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(
                "CREATE TABLE copied (t text, j jsonb, b bytea, s smallint, i integer, l bigint,"
                    + " f boolean, u uuid, ts timestamptz)");
          }
          try (BinaryCopy copy = BinaryCopy.open(c, "COPY copied FROM STDIN (FORMAT binary)")) {
            for (int i = 0; i < 3000; i++) {
              copy.row(9)
                  .text("zoë " + i)
                  .jsonb("{\"n\": " + i + ", \"s\": \"\u00e9\"}")
                  .bytes(new byte[] {0, (byte) 0xff, (byte) i})
                  .int2((short) -i)
                  .int4(i)
                  .int8(1L << 40 | i)
                  .bool(i % 2 == 0)
                  .uuid(id)
                  .timestamptz(at);
            }
            copy.row(9).nul().nul().nul().nul().nul().nul().nul().nul().nul();
            assertThat(copy.finish()).isEqualTo(3001);
          }
          return null;
        });
    List<String> rows =
        database.inTransaction(
            c -> {
              List<String> out = new ArrayList<>();
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT t, j->>'s', j->>'n', encode(b, 'hex'), s, i, l, f, u, ts = timestamptz"
                              + " '2026-11-25 03:04:05.123456+00' FROM copied WHERE i = 7 OR i IS NULL ORDER BY i")) {
                while (rs.next()) {
                  StringBuilder row = new StringBuilder();
                  for (int k = 1; k <= 10; k++) {
                    row.append(rs.getString(k)).append('|');
                  }
                  out.add(row.toString());
                }
              }
              return out;
            });
    assertThat(rows)
        .containsExactly(
            "zoë 7|é|7|00ff07|-7|7|1099511627783|f|" + id + "|t|",
            "null|null|null|null|null|null|null|null|null|null|");
  }

  @Test
  void abandonedBinaryCopyStoresNothing() {
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE copied (t text)");
          }
          return null;
        });
    assertThatThrownBy(
            () ->
                database.inTransaction(
                    c -> {
                      try (BinaryCopy copy =
                          BinaryCopy.open(c, "COPY copied FROM STDIN (FORMAT binary)")) {
                        copy.row(1).text("half");
                        throw new IllegalStateException("crash before finish");
                      }
                    }))
        .hasMessageContaining("crash before finish");
    long n =
        database.inTransaction(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SELECT count(*) FROM copied")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(n).isZero();
  }

  @Test
  void workWaitsForABusyPoolInsteadOfReportingAnOutage() throws Exception {
    try (Database small = new Database(settings.runtime(), 1, Duration.ofMillis(300))) {
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        CountDownLatch holding = new CountDownLatch(1);
        Future<Integer> holder =
            other.submit(
                () ->
                    small.inTransaction(
                        c -> {
                          holding.countDown();
                          try (Statement st = c.createStatement()) {
                            st.execute("SELECT pg_sleep(1.2)"); // four times the pool's timeout
                          }
                          return 1;
                        }));
        holding.await();
        int answer =
            small.inTransaction(
                c -> {
                  try (Statement st = c.createStatement();
                      ResultSet rs = st.executeQuery("SELECT 2")) {
                    rs.next();
                    return rs.getInt(1);
                  }
                });
        assertThat(answer).isEqualTo(2);
        assertThat(holder.get()).isEqualTo(1);
      } finally {
        other.shutdownNow();
      }
    }
  }
}
