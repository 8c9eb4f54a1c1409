package com.chittysync.store;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The state database: a small connection pool plus helpers that run work in transactions.
 *
 * <p>Everything here is safe behind a transaction-mode pooler (Neon's pooled endpoint, PgBouncer):
 * no session state survives a transaction, so code must use {@code SET LOCAL}, transaction-scoped
 * advisory locks and row locks, never {@code SET}, session advisory locks or temporary tables.
 * Opening the pool makes no connection, so a function starts even while the database is down.
 */
public final class Database implements AutoCloseable {
  /** SQLSTATEs worth retrying the whole transaction for: serialization failure, deadlock. */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

  private static final int MAX_ATTEMPTS = 5;

  private final DatabaseUrl url;
  private final HikariDataSource pool;

  /** How long work waits for a connection while all of them are in use by this process. */
  private static final Duration BUSY_POOL_WAIT = Duration.ofMinutes(10);

  /** Opens a pool of at most {@code poolSize} connections to {@code url}. */
  public Database(DatabaseUrl url, int poolSize, Duration connectTimeout) {
    this.url = url;
    HikariConfig config = new HikariConfig();
    config.setPoolName("chittysync");
    config.setJdbcUrl(url.jdbcUrl());
    url.user().ifPresent(config::setUsername);
    url.password().ifPresent(p -> config.setPassword(p.reveal()));
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectTimeout.toMillis());
    long seconds = Math.max(1, connectTimeout.toSeconds());
    // Bound the TCP connect and the login exchange too, or a server that accepts and then stays
    // silent would hang past the pool's own timeout.
    config.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
    config.addDataSourceProperty("loginTimeout", String.valueOf(seconds));
    config.setInitializationFailTimeout(-1);
    // Neon closes idle connections after a few minutes; do not hand out stale ones.
    config.setMaxLifetime(Duration.ofMinutes(4).toMillis());
    config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
    config.setKeepaliveTime(Duration.ofMinutes(1).toMillis());
    this.pool = new HikariDataSource(config);
  }

  /** Opens the runtime database described by {@code settings}. */
  public static Database open(DatabaseSettings settings) {
    return new Database(settings.runtime(), settings.poolSize(), settings.connectTimeout());
  }

  /** Where this database is, without credentials. */
  public String describe() {
    return url.describe();
  }

  /** The underlying data source, for libraries that want one. */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * Borrows a connection in auto-commit mode. The caller closes it.
   *
   * @throws ChittySyncException {@code database.unavailable} when none can be had in time
   */
  public Connection connection() {
    try {
      return borrow();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * Borrows a connection, failing with the pool's own exception when the server cannot be reached
   * in time. Waits longer while every connection is lent out to this process's other work.
   */
  public Connection borrow() throws SQLException {
    long giveUpAt = System.nanoTime() + BUSY_POOL_WAIT.toNanos();
    while (true) {
      try {
        return pool.getConnection();
      } catch (SQLException e) {
        // The pool's timeout covers both "the server does not answer" and "every connection is
        // lent out". Only the first is an outage; concurrent work of this process (parallel reads
        // of a large registry) just means waiting a little longer for a connection to come back.
        if (!serverAnswers() || System.nanoTime() - giveUpAt > 0) {
          throw e;
        }
      }
    }
  }

  private boolean serverAnswers() {
    var mx = pool.getHikariPoolMXBean();
    // Live connections in the pool (lent out, or just given back) mean the server answers.
    return mx != null && mx.getTotalConnections() > 0;
  }

  /**
   * Runs {@code work} in one transaction and commits it; rolls back on any exception. Retries the
   * whole transaction on serialization failures and deadlocks, so {@code work} must not have side
   * effects outside the database.
   *
   * @throws ChittySyncException {@code database.unavailable} or {@code database.error}
   */
  public <T> T inTransaction(SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = connection()) {
        connection.setAutoCommit(false);
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(connection, e);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        if (RETRYABLE.contains(e.getSQLState()) && attempt < MAX_ATTEMPTS) {
          continue;
        }
        throw error(e);
      }
    }
  }

  /**
   * Runs {@code work} on a connection in auto-commit mode.
   *
   * @throws ChittySyncException {@code database.unavailable} or {@code database.error}
   */
  public <T> T withConnection(SqlWork<T> work) {
    try (Connection connection = connection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw error(e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  private ChittySyncException unavailable(SQLException e) {
    // The pool reports its own timeout with no cause when the server never answered at all.
    String reason =
        e instanceof SQLTransientConnectionException && e.getCause() == null
            ? "no answer within " + pool.getConnectionTimeout() + " ms"
            : rootMessage(e);
    return new ChittySyncException(
        ErrorCode.DATABASE_UNAVAILABLE,
        "cannot connect to the state database at " + url.describe() + ": " + reason,
        e);
  }

  private ChittySyncException error(SQLException e) {
    if (e instanceof SQLTransientConnectionException || isConnectionFailure(e)) {
      return unavailable(e);
    }
    return new ChittySyncException(
        ErrorCode.DATABASE_ERROR,
        "state database error (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(),
        e);
  }

  private static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }

  /** The innermost message of {@code e}, which is where pgjdbc says what actually went wrong. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @Override
  public void close() {
    pool.close();
  }
}
