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
   * whole transaction on serialization failures and deadlocks, and on a fresh connection when the
   * connection is lost before the commit was sent, so {@code work} must not have side effects
   * outside the database.
   *
   * @throws ChittySyncException {@code database.unavailable} when the server cannot be reached or
   *     the connection keeps being lost (or is lost while committing, when the outcome is unknown),
   *     or {@code database.error}
   */
  public <T> T inTransaction(SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      Connection connection = connection();
      boolean committing = false;
      try {
        connection.setAutoCommit(false);
        T result = work.run(connection);
        committing = true;
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        SQLException lost = lostConnection(e, connection);
        if (lost != null) {
          discard(connection);
          // The server rolls back a transaction whose connection ends before COMMIT, so the work
          // can run again on another connection. Once COMMIT was sent, it may have been applied
          // and running it again could apply it twice.
          if (!committing && attempt < MAX_ATTEMPTS) {
            continue;
          }
          throw connectionLost(lost, committing ? LostAt.COMMIT : LostAt.EVERY_ATTEMPT);
        }
        rollbackQuietly(connection, e);
        if (e instanceof SQLException sql) {
          if (isRetryable(sql) && attempt < MAX_ATTEMPTS) {
            continue;
          }
          throw error(sql);
        }
        throw (RuntimeException) e;
      } finally {
        release(connection);
      }
    }
  }

  /**
   * Runs {@code work} on a connection in auto-commit mode.
   *
   * @throws ChittySyncException {@code database.unavailable} or {@code database.error}
   */
  public <T> T withConnection(SqlWork<T> work) {
    Connection connection = connection();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      SQLException lost = lostConnection(e, connection);
      if (lost != null) {
        discard(connection);
        throw connectionLost(lost, LostAt.AUTO_COMMIT);
      }
      throw error(e);
    } finally {
      release(connection);
    }
  }

  /**
   * Whether {@code failure} means the connection itself is gone rather than a statement failing: a
   * connection exception (SQLSTATE class 08), the server shutting down or not accepting connections
   * (57P01, 57P02, 57P03), or an error without SQLSTATE on a connection that is now closed (what
   * the pool and the driver say once the server has hung up).
   *
   * @return the exception in {@code failure}'s causes that says so, or null
   */
  public static SQLException lostConnection(Throwable failure, Connection connection) {
    // Work may wrap a failure of another connection it borrowed; only our own being gone counts.
    if (!(failure instanceof SQLException) && !isClosed(connection)) {
      return null;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (SQLException e = t instanceof SQLException s ? s : null;
          e != null;
          e = e.getNextException()) {
        String state = e.getSQLState();
        if (state == null ? isClosed(connection) : isConnectionLoss(state)) {
          return e;
        }
      }
    }
    return null;
  }

  /** Whether {@code state} says the connection to the server is lost or refused. */
  public static boolean isConnectionLoss(String state) {
    return state.startsWith("08")
        || state.equals("57P01") // admin_shutdown: terminated, or the server is shutting down
        || state.equals("57P02") // crash_shutdown
        || state.equals("57P03"); // cannot_connect_now: starting up or shutting down
  }

  private static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    return state != null && RETRYABLE.contains(state);
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** Makes sure the pool never lends {@code connection} again. */
  private void discard(Connection connection) {
    try {
      pool.evictConnection(connection);
    } catch (RuntimeException ignored) {
      // Already gone from the pool; it is closed below all the same.
    }
  }

  /** Gives {@code connection} back in auto-commit mode; never masks what the work did. */
  private static void release(Connection connection) {
    try {
      if (!connection.isClosed()) {
        connection.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // The pool resets or discards a connection it cannot use.
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing was pending on it.
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  /** Where the connection was lost, which decides what the caller may safely do next. */
  private enum LostAt {
    EVERY_ATTEMPT,
    COMMIT,
    AUTO_COMMIT
  }

  private ChittySyncException connectionLost(SQLException e, LostAt at) {
    String what =
        switch (at) {
          case EVERY_ATTEMPT ->
              " on each of "
                  + MAX_ATTEMPTS
                  + " attempts ("
                  + rootMessage(e)
                  + "); nothing was committed: retry when the database is reachable again";
          case COMMIT ->
              " while committing ("
                  + rootMessage(e)
                  + "); the transaction may or may not have been committed: check before"
                  + " repeating it";
          case AUTO_COMMIT ->
              " ("
                  + rootMessage(e)
                  + "); the statement running may or may not have been applied: check before"
                  + " repeating it";
        };
    return new ChittySyncException(
        ErrorCode.DATABASE_UNAVAILABLE,
        "lost the connection to the state database at " + url.describe() + what,
        e);
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
    String state = e.getSQLState();
    if (e instanceof SQLTransientConnectionException
        || (state != null && isConnectionLoss(state))) {
      return unavailable(e);
    }
    return new ChittySyncException(
        ErrorCode.DATABASE_ERROR,
        "state database error ("
            + (state == null ? "no SQLSTATE" : "SQLSTATE " + state)
            + "): "
            + e.getMessage(),
        e);
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
