package com.chittysync.intake;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcPendingSyncs;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The webhook deliveries already taken in ({@code chittysync.webhook_deliveries}), so that a
 * redelivered event asks for no second sync.
 *
 * <p>A delivery is {@linkplain #claim claimed} by inserting its row in a transaction that stays
 * open while the caller publishes; the caller {@linkplain Claim#commit commits} only once the
 * publish succeeded, and closing an uncommitted claim rolls the row back. So a failed publish
 * leaves no row and Notion's retry is handled afresh, and a concurrent duplicate waits on the
 * uncommitted row instead of publishing twice. The cost: a commit that fails after a successful
 * publish means one redundant sync on the retry, never a lost one.
 */
public final class DeliveryLog {
  /** How long a claim waits for a concurrent claim of the same delivery before giving up. */
  private static final String LOCK_TIMEOUT = "1500ms";

  private final Database database;

  /** A log in {@code database}. */
  public DeliveryLog(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Claims delivery {@code eventId} from {@code source}, recording the {@code registries} it asks
   * to sync. Empty when it was already taken in (a duplicate).
   *
   * @throws ChittySyncException {@code database.unavailable} or {@code database.error}
   */
  public Optional<Claim> claim(
      String source, String eventId, String eventType, String entityId, List<String> registries) {
    Connection connection = database.connection();
    boolean handedOver = false;
    try {
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        // Transaction-scoped, so safe behind a transaction-mode pooler.
        st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
      }
      int inserted;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO chittysync.webhook_deliveries"
                  + " (source, event_id, event_type, entity_id, registries)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, event_id) DO NOTHING")) {
        Array names = connection.createArrayOf("text", registries.toArray());
        ps.setString(1, source);
        ps.setString(2, eventId);
        ps.setString(3, eventType);
        ps.setString(4, entityId);
        ps.setArray(5, names);
        inserted = ps.executeUpdate();
      }
      if (inserted == 0) {
        connection.rollback();
        return Optional.empty();
      }
      handedOver = true;
      return Optional.of(new Claim(connection));
    } catch (SQLException e) {
      throw failure(
          "cannot record webhook delivery " + eventId + " (SQLSTATE " + e.getSQLState() + ")",
          e,
          connection);
    } finally {
      if (!handedOver) {
        closeQuietly(connection);
      }
    }
  }

  /** Whether delivery {@code eventId} from {@code source} was taken in (committed). */
  public boolean contains(String source, String eventId) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT 1 FROM chittysync.webhook_deliveries WHERE source = ? AND event_id = ?")) {
            ps.setString(1, source);
            ps.setString(2, eventId);
            return ps.executeQuery().next();
          }
        });
  }

  private static void closeQuietly(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      connection.close();
    } catch (SQLException ignored) {
      // The pool discards a connection it cannot reset; nothing was committed.
    }
  }

  /** A delivery's row, inserted but not yet committed. Close it in all cases. */
  public static final class Claim implements AutoCloseable {
    private Connection connection;

    private Claim(Connection connection) {
      this.connection = connection;
    }

    /**
     * Commits the row: the delivery is now taken in.
     *
     * @throws ChittySyncException {@code database.error} when the commit fails (the row is then
     *     absent, and the retried delivery will be handled again)
     */
    public void commit() {
      Connection c = connection;
      if (c == null) {
        throw new IllegalStateException("claim already closed");
      }
      try {
        c.commit();
        c.setAutoCommit(true);
      } catch (SQLException e) {
        throw failure("cannot commit webhook delivery (SQLSTATE " + e.getSQLState() + ")", e, c);
      } finally {
        connection = null;
        closeQuietly(c);
      }
    }

    /**
     * Records a sync request per registry in the claim's transaction ({@link PendingSyncs}), and
     * calls {@code publish} with those that found no sync of their registry waiting; the others
     * join the waiting one. The delivery's row and the requests commit together, and a failed
     * publish takes both back. So a burst of deliveries, forged or not, leaves one sync waiting per
     * registry, and no change is missed: the waiting sync claims the requests before it reads.
     *
     * @return the requests published
     */
    public <T> List<T> requestSyncs(
        List<T> requests, Function<T, PendingSyncs.Request> row, Consumer<List<T>> publish) {
      Connection c = connection;
      if (c == null) {
        throw new IllegalStateException("claim already closed");
      }
      try {
        return JdbcPendingSyncs.request(c, requests, row, publish);
      } catch (SQLException e) {
        throw failure("cannot record the requested syncs (SQLSTATE " + e.getSQLState() + ")", e, c);
      }
    }

    /** Rolls the row back unless {@link #commit()} ran. */
    @Override
    public void close() {
      Connection c = connection;
      connection = null;
      if (c != null) {
        closeQuietly(c);
      }
    }
  }

  /**
   * A lost connection is {@code database.unavailable} (Notion retries the delivery later, and the
   * operator is told to look at the database, not at the request); anything else is {@code
   * database.error}.
   */
  private static ChittySyncException failure(String message, SQLException e, Connection c) {
    boolean lost = Database.lostConnection(e, c) != null;
    return new ChittySyncException(
        lost ? ErrorCode.DATABASE_UNAVAILABLE : ErrorCode.DATABASE_ERROR,
        lost
            ? message + ": lost the connection to the database; retry when it is reachable"
            : message,
        e);
  }
}
