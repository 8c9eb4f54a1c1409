package com.chittysync.postgres;

import com.chittysync.connect.EndpointUnavailableException;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What the database's errors mean for the endpoint: a transaction worth retrying, an op the
 * database refused (which fails alone, with the database's message), or a typed error failing the
 * whole call.
 */
final class PgErrors {
  /** SQLSTATEs worth retrying a whole transaction for: serialization failure, deadlock. */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

  /**
   * SQLSTATE classes of errors caused by an op's data: data exceptions (a value not castable to its
   * column), integrity constraint violations, errors raised by triggers and check options.
   */
  private static final Set<String> DATA_ERRORS =
      Set.of("22", "23", "27", "44", "P0", "09", "38", "39");

  private static final String UNIQUE_VIOLATION = "23505";

  private final PostgresSettings settings;

  PgErrors(PostgresSettings settings) {
    this.settings = settings;
  }

  /** Whether the whole transaction may be run again: a serialization failure or a deadlock. */
  static boolean isRetryable(SQLException e) {
    // A lost connection has no SQLSTATE at all once the pool has closed it.
    return e.getSQLState() != null && RETRYABLE.contains(e.getSQLState());
  }

  /** Whether {@code e} is a unique violation: a plain INSERT met a key that exists already. */
  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /**
   * Whether {@code e} is about the data of the statement (a bad value, a violated constraint), so
   * that splitting the batch isolates the ops at fault; not a lost connection, a deadlock, a
   * cancellation, a missing privilege or a shortage of resources, which fail the whole call.
   */
  static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.length() == 5 && DATA_ERRORS.contains(state.substring(0, 2));
  }

  /** The database's message for a refused op, without the row's contents. */
  static String refusedBecause(SQLException e) {
    String message = e.getMessage();
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage server = p.getServerErrorMessage();
      message = server.getMessage();
    }
    return "the database refused it (SQLSTATE " + e.getSQLState() + "): " + message;
  }

  ChittySyncException failure(String doing, SQLException e) {
    String state = e.getSQLState();
    // Without a SQLSTATE, the driver or the pool is saying the connection is closed.
    if (e instanceof SQLTransientConnectionException
        || state == null
        || Database.isConnectionLoss(state)) {
      return unavailable(e);
    }
    return new ChittySyncException(
        ErrorCode.DATABASE_ERROR,
        settings.path()
            + ": "
            + doing
            + " table "
            + settings.tableDisplay()
            + " failed (SQLSTATE "
            + state
            + "): "
            + e.getMessage(),
        e);
  }

  ChittySyncException unavailable(SQLException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        e instanceof SQLTransientConnectionException && e.getCause() == null
            ? "no answer in time"
            : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new EndpointUnavailableException(
        ErrorCode.DATABASE_UNAVAILABLE,
        settings.path() + ": cannot connect to the endpoint's database: " + reason,
        e);
  }
}
