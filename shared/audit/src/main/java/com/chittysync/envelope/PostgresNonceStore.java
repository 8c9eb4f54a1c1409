package com.chittysync.envelope;

import com.chittysync.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nonces in {@code chittysync.envelope_nonces}, shared by every container: the primary key makes
 * acceptance single-use across processes.
 *
 * <p>Each {@link #accept} is one statement in its own (auto-commit) transaction, so one round trip
 * and safe behind a transaction-mode pooler: {@code INSERT ... ON CONFLICT (nonce) DO NOTHING},
 * whose row count says whether the nonce was new. On the first call and every {@value
 * #CLEANUP_INTERVAL}th after, the same statement also deletes up to {@value #CLEANUP_BATCH} nonces
 * that expired more than {@link #RETENTION_MARGIN} ago (skipping rows another transaction is
 * deleting), so the table stays the size of the envelopes still in flight without a separate job. A
 * nonce is never deleted while its envelope could still verify: its row lives until the envelope's
 * expiry plus the margin, which covers clock skew between the verifying container and the database.
 */
// Why cleanup on every 16th call rather than every call: measured with EnvelopeVerifyBench on a
// 2-CPU host, the DELETE part cost 15-25% of full-verification throughput when run every time;
// 100 rows per 16 calls still removes over 6 expired nonces per nonce added.
public final class PostgresNonceStore implements NonceStore {
  /** One {@link #accept} in this many also deletes expired nonces. */
  public static final int CLEANUP_INTERVAL = 16;

  /** Most expired nonces one cleanup deletes. */
  public static final int CLEANUP_BATCH = 100;

  /**
   * How long after its envelope's expiry a nonce is kept ({@link EnvelopeVerifier#CLOCK_SKEW}), so
   * a container whose clock is behind the database's still finds it.
   */
  public static final Duration RETENTION_MARGIN = EnvelopeVerifier.CLOCK_SKEW;

  private static final String INSERT =
      "INSERT INTO chittysync.envelope_nonces (nonce, key_id, expires_at)"
          + " VALUES (?, ?, ?)"
          + " ON CONFLICT (nonce) DO NOTHING";

  private static final String CLEAN_AND_INSERT =
      "WITH expired AS ("
          + " DELETE FROM chittysync.envelope_nonces"
          + " WHERE ctid = ANY (ARRAY("
          + "   SELECT ctid FROM chittysync.envelope_nonces"
          + "   WHERE expires_at < now() - make_interval(secs => "
          + RETENTION_MARGIN.toSeconds()
          + ")"
          // Ordered so that the plan walks the expiry index, whatever the statistics say.
          + "   ORDER BY expires_at"
          + "   LIMIT "
          + CLEANUP_BATCH
          + "   FOR UPDATE SKIP LOCKED))) "
          + INSERT;

  private final Database database;
  private final int cleanupInterval;
  private final AtomicLong calls = new AtomicLong();

  /** A store in {@code database}, whose schema must be migrated (V4). */
  public PostgresNonceStore(Database database) {
    this(database, CLEANUP_INTERVAL);
  }

  /** A store that cleans up on every {@code cleanupInterval}th call; for tests. */
  PostgresNonceStore(Database database, int cleanupInterval) {
    this.database = Objects.requireNonNull(database, "database");
    if (cleanupInterval < 1) {
      throw new IllegalArgumentException("cleanupInterval must be positive");
    }
    this.cleanupInterval = cleanupInterval;
  }

  /**
   * {@inheritDoc}
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}: the nonce could not be checked, so the envelope must not be accepted
   */
  @Override
  public boolean accept(String nonce, String keyId, Instant expiresAt) {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(keyId, "keyId");
    OffsetDateTime expiry = OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC);
    String sql = calls.getAndIncrement() % cleanupInterval == 0 ? CLEAN_AND_INSERT : INSERT;
    return database.withConnection(connection -> insert(connection, sql, nonce, keyId, expiry));
  }

  @Override
  public boolean accept(Connection connection, String nonce, String keyId, Instant expiresAt)
      throws SQLException {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(keyId, "keyId");
    String sql = calls.getAndIncrement() % cleanupInterval == 0 ? CLEAN_AND_INSERT : INSERT;
    return insert(
        connection, sql, nonce, keyId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
  }

  @Override
  public boolean seen(String nonce) {
    return database.withConnection(
        connection -> {
          try (PreparedStatement st =
              connection.prepareStatement(
                  "SELECT 1 FROM chittysync.envelope_nonces WHERE nonce = ?")) {
            st.setString(1, nonce);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  private static boolean insert(
      Connection connection, String sql, String nonce, String keyId, OffsetDateTime expiry)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setString(1, nonce);
      st.setString(2, keyId);
      st.setObject(3, expiry);
      return st.executeUpdate() == 1;
    }
  }

  @Override
  public String toString() {
    return "PostgresNonceStore[" + database.describe() + "]";
  }
}
