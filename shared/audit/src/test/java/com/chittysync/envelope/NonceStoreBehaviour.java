package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.KEY_ID;
import static com.chittysync.envelope.Envelopes.members;
import static com.chittysync.envelope.Envelopes.randomNonce;
import static com.chittysync.envelope.Envelopes.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link PostgresNonceStore}: single use under concurrency (many threads, many connections) and
 * retention until expiry, run once against PostgreSQL directly and once through PgBouncer in
 * transaction mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NonceStoreBehaviour {
  private static final int THREADS = 16;

  private TestDatabase db;
  private Database database;
  private PostgresNonceStore store;
  private PostgresNonceStore cleaningStore;

  /** The environment that points the store at {@code db}. */
  abstract Map<String, String> env(TestDatabase db);

  @BeforeAll
  void createDatabase() {
    db = TestPostgres.createDatabase();
    Map<String, String> env = new HashMap<>(env(db));
    env.put(DatabaseSettings.POOL_SIZE, String.valueOf(THREADS));
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(env));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    store = new PostgresNonceStore(database);
    cleaningStore = new PostgresNonceStore(database, 1);
  }

  @AfterAll
  void dropDatabase() {
    database.close();
    db.close();
  }

  @BeforeEach
  void emptyTable() {
    database.withConnection(
        c -> c.createStatement().executeUpdate("DELETE FROM chittysync.envelope_nonces"));
  }

  @Test
  void aNonceIsAcceptedOnceOnly() {
    String nonce = randomNonce(18);
    Instant expiry = Instant.now().plusSeconds(300);
    assertThat(store.accept(nonce, KEY_ID, expiry)).isTrue();
    assertThat(store.accept(nonce, KEY_ID, expiry)).isFalse();
    assertThat(store.accept(nonce, Envelopes.OTHER_KEY_ID, expiry)).isFalse();
    assertThat(store.accept(randomNonce(18), KEY_ID, expiry)).isTrue();
  }

  @Test
  void acceptedNonceIsRecordedWithItsKeyAndExpiry() {
    String nonce = randomNonce(18);
    Instant expiry = Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.MICROS);
    store.accept(nonce, KEY_ID, expiry);
    Map<String, Object> row = row(nonce);
    assertThat(row).containsEntry("key_id", KEY_ID);
    assertThat(((Timestamp) row.get("expires_at")).toInstant()).isEqualTo(expiry);
  }

  @Test
  void theSameEnvelopeVerifiedFromManyThreadsAtOnceIsAcceptedExactlyOnce() throws Exception {
    EnvelopeVerifier verifier = new EnvelopeVerifier(Envelopes.trusted(), store, Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < 20; round++) {
        byte[] envelope = sign(members(Instant.now()));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      verifier.verify(envelope);
                      return "OK";
                    } catch (EnvelopeException e) {
                      return e.failure().code();
                    }
                  }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
          outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(outcomes).filteredOn("OK"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("replayed_nonce"::equals).hasSize(THREADS - 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void distinctNoncesFromManyThreadsAreAllAccepted() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      Instant expiry = Instant.now().plusSeconds(300);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        results.add(pool.submit(() -> store.accept(randomNonce(18), KEY_ID, expiry)));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(count()).isEqualTo(400);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noncesSurviveUntilExpiryPlusTheSkewMarginAndAreCleanedAfter() {
    Instant now = Instant.now();
    String live = randomNonce(18);
    String justExpired = randomNonce(18);
    String longExpired = randomNonce(18);
    assertThat(cleaningStore.accept(live, KEY_ID, now.plusSeconds(300))).isTrue();
    // Expired, but still within the margin a lagging clock might need.
    assertThat(cleaningStore.accept(justExpired, KEY_ID, now.minusSeconds(20))).isTrue();
    assertThat(cleaningStore.accept(longExpired, KEY_ID, now.minusSeconds(120))).isTrue();
    // A later acceptance sweeps.
    assertThat(cleaningStore.accept(randomNonce(18), KEY_ID, now.plusSeconds(300))).isTrue();
    assertThat(exists(live)).isTrue();
    assertThat(exists(justExpired)).isTrue();
    assertThat(exists(longExpired)).isFalse();
    // The surviving nonces are still single use.
    assertThat(cleaningStore.accept(live, KEY_ID, now.plusSeconds(300))).isFalse();
    assertThat(cleaningStore.accept(justExpired, KEY_ID, now.minusSeconds(20))).isFalse();
  }

  @Test
  void cleanupRunsOnTheFirstAndEverySixteenthAcceptanceAndIsBounded() {
    insertExpired(250);
    PostgresNonceStore fresh = new PostgresNonceStore(database);
    Instant expiry = Instant.now().plusSeconds(300);
    fresh.accept(randomNonce(18), KEY_ID, expiry); // call 0: cleans
    assertThat(count()).isEqualTo(250 - PostgresNonceStore.CLEANUP_BATCH + 1);
    for (int i = 1; i < PostgresNonceStore.CLEANUP_INTERVAL; i++) {
      fresh.accept(randomNonce(18), KEY_ID, expiry); // calls 1..15: insert only
    }
    assertThat(count()).isEqualTo(250 - PostgresNonceStore.CLEANUP_BATCH + 16);
    fresh.accept(randomNonce(18), KEY_ID, expiry); // call 16: cleans again
    assertThat(count()).isEqualTo(250 - 2 * PostgresNonceStore.CLEANUP_BATCH + 17);
  }

  @Test
  void cleanupKeepsPaceWithInsertion() {
    insertExpired(150);
    Instant expiry = Instant.now().plusSeconds(300);
    for (int i = 0; i < 2 * PostgresNonceStore.CLEANUP_INTERVAL; i++) {
      store.accept(randomNonce(18), KEY_ID, expiry);
    }
    assertThat(count()).isEqualTo(2L * PostgresNonceStore.CLEANUP_INTERVAL);
  }

  private void insertExpired(int n) {
    database.withConnection(
        c ->
            c.createStatement()
                .executeUpdate(
                    "INSERT INTO chittysync.envelope_nonces (nonce, key_id, expires_at)"
                        + " SELECT 'old-' || g, 'k', now() - interval '1 hour'"
                        + " FROM generate_series(1, "
                        + n
                        + ") g"));
  }

  @Test
  void replayIsDetectedThroughASecondStoreOnTheSameDatabase() {
    // Two containers: two pools, one table.
    try (Database other = Database.open(DatabaseSettings.from(Environment.of(env(db))))) {
      EnvelopeVerifier a = new EnvelopeVerifier(Envelopes.trusted(), store, Clock.systemUTC());
      EnvelopeVerifier b =
          new EnvelopeVerifier(
              Envelopes.trusted(), new PostgresNonceStore(other), Clock.systemUTC());
      byte[] envelope = sign(members(Instant.now()));
      a.verify(envelope);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.verify(envelope))
          .isInstanceOfSatisfying(
              EnvelopeException.class,
              e -> assertThat(e.failure()).isEqualTo(EnvelopeFailure.REPLAYED_NONCE));
    }
  }

  private boolean exists(String nonce) {
    return !row(nonce).isEmpty();
  }

  private Map<String, Object> row(String nonce) {
    return database.withConnection(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT key_id, expires_at FROM chittysync.envelope_nonces WHERE nonce = ?")) {
            st.setString(1, nonce);
            try (ResultSet rs = st.executeQuery()) {
              Map<String, Object> row = new HashMap<>();
              if (rs.next()) {
                row.put("key_id", rs.getString(1));
                row.put("expires_at", rs.getTimestamp(2));
              }
              return row;
            }
          }
        });
  }

  private long count() {
    return database.withConnection(
        c -> {
          try (ResultSet rs =
              c.createStatement().executeQuery("SELECT count(*) FROM chittysync.envelope_nonces")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** The skew margin is what the verifier allows, so no nonce goes while it could verify. */
  @Test
  void retentionMarginIsTheVerifiersClockSkew() {
    assertThat(PostgresNonceStore.RETENTION_MARGIN)
        .isEqualTo(EnvelopeVerifier.CLOCK_SKEW)
        .isEqualTo(Duration.ofSeconds(60));
  }
}
