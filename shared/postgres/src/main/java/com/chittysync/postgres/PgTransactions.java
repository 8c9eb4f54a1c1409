package com.chittysync.postgres;

import com.chittysync.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs the endpoint's work, one transaction per call, on a connection borrowed from the pool; its
 * failures leave as typed errors ({@link PgErrors}).
 */
final class PgTransactions {
  private static final int MAX_ATTEMPTS = 5;

  private final Database database;
  private final PgErrors errors;

  PgTransactions(Database database, PgErrors errors) {
    this.database = database;
    this.errors = errors;
  }

  /** Work against one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Transaction-scoped settings only, as a transaction-mode pooler requires. */
  static void setLocal(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL TimeZone = 'UTC'");
    }
  }

  /**
   * Runs {@code work} in one transaction, retrying the whole of it on serialization failures and
   * deadlocks.
   */
  <T> T run(String doing, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connect()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          try {
            c.rollback();
          } catch (SQLException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
          }
          throw e;
        } finally {
          try {
            c.setAutoCommit(true);
          } catch (SQLException ignored) {
            // the pool discards a broken connection
          }
        }
      } catch (SQLException e) {
        if (PgErrors.isRetryable(e) && attempt < MAX_ATTEMPTS) {
          continue;
        }
        throw errors.failure(doing, e);
      }
    }
  }

  private Connection connect() {
    try {
      return database.borrow();
    } catch (SQLException e) {
      throw errors.unavailable(e);
    }
  }
}
