package com.chittysync.sync.state.jdbc;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import com.chittysync.sync.state.PendingSyncs;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link PendingSyncs} in {@code chittysync.pending_syncs}, one row per registry.
 *
 * <p>Every change to a registry's row is made under a transaction-scoped advisory lock of the
 * registry (safe behind a transaction-mode pooler), which a producer holds while it publishes: a
 * claim then waits for the producer's commit and sees the row whose event is on its way, rather
 * than missing the uncommitted insert and leaving a row no event will come for.
 */
public final class JdbcPendingSyncs implements PendingSyncs {
  /** The advisory locks' first key, so they collide with no other use of advisory locks. */
  private static final String LOCK =
      "SELECT pg_advisory_xact_lock(hashtext('chittysync.pending_syncs'), hashtext(?))";

  /** The distinct elements of two arrays, in order of first appearance. */
  private static String union(String a, String b) {
    return "(SELECT coalesce(array_agg(x ORDER BY o), '{}') FROM (SELECT x, min(o) AS o FROM"
        + " unnest("
        + a
        + " || "
        + b
        + ") WITH ORDINALITY AS t(x, o) GROUP BY x) d)";
  }

  /**
   * Inserts a row or merges into it; parameters: registry, full, reasons, actors, pages, event ids,
   * requests, requested_at, whether a stale row is published again and its age in seconds. Returns
   * whether it inserted, and whether the merged row had waited too long for its event.
   */
  private static final String MERGE =
      "WITH old AS (SELECT ? AND published_at < now() - make_interval(secs => ?) AS stale"
          + " FROM chittysync.pending_syncs WHERE registry = ?)"
          + " INSERT INTO chittysync.pending_syncs AS p"
          + " (registry, full_scan, reasons, actors, pages, event_ids, requests, requested_at)"
          + " VALUES (?, ?, ?::text[], ?::text[], ?::text[], ?::text[], ?, coalesce(?, now()))"
          + " ON CONFLICT (registry) DO UPDATE SET"
          + " full_scan = p.full_scan OR EXCLUDED.full_scan,"
          + " reasons = "
          + union("p.reasons", "EXCLUDED.reasons")
          + ", actors = "
          + union("p.actors", "EXCLUDED.actors")
          + ", pages = CASE"
          + " WHEN EXCLUDED.pages IS NULL THEN p.pages"
          + " WHEN p.pages IS NULL THEN EXCLUDED.pages"
          + " WHEN cardinality(p.pages) = 0 OR cardinality(EXCLUDED.pages) = 0 THEN '{}'::text[]"
          + " ELSE (SELECT CASE WHEN cardinality(u) > "
          + MAX_PAGES
          + " THEN '{}'::text[] ELSE u END FROM (SELECT "
          + union("p.pages", "EXCLUDED.pages")
          + " AS u) m) END,"
          + " event_ids = (p.event_ids || EXCLUDED.event_ids)[1:"
          + MAX_EVENT_IDS
          + "], requests = p.requests + EXCLUDED.requests,"
          + " requested_at = least(p.requested_at, EXCLUDED.requested_at),"
          + " published_at = CASE WHEN (SELECT stale FROM old) THEN now() ELSE p.published_at END"
          + " RETURNING (xmax = 0), coalesce((SELECT stale FROM old), false)";

  private static final String COLUMNS =
      "registry, full_scan, reasons, actors, pages, event_ids, requests, requested_at";

  private final Database database;

  /** Pending syncs in {@code database}. */
  public JdbcPendingSyncs(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  public <T> List<T> request(
      List<T> requests, Function<T, Request> row, Consumer<List<T>> publish) {
    if (requests.isEmpty()) {
      return List.of();
    }
    // Not Database.inTransaction: it may run the work twice, and publishing is not the database's.
    Connection c = database.connection();
    try {
      c.setAutoCommit(false);
      List<T> published = request(c, requests, row, publish);
      c.commit();
      return published;
    } catch (SQLException e) {
      throw failure("cannot record the sync requests", e, c);
    } finally {
      close(c);
    }
  }

  /**
   * {@link #request(List, Function, Consumer)} in the caller's transaction on {@code c}, which the
   * caller commits (or rolls back) with what else it holds: the webhook commits its delivery's row
   * and the requests together, on the one connection a function's small pool can spare.
   */
  public static <T> List<T> request(
      Connection c, List<T> requests, Function<T, Request> row, Consumer<List<T>> publish)
      throws SQLException {
    List<Request> rows = requests.stream().map(row).toList();
    // Locks in one order, so two producers of overlapping registries cannot deadlock.
    TreeSet<String> registries = new TreeSet<>();
    rows.forEach(r -> registries.add(r.registry()));
    lock(c, registries);
    List<T> published = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Request r = rows.get(i);
      Optional<List<String>> pages =
          r.pages().map(p -> p.size() > MAX_PAGES ? List.of() : p.stream().distinct().toList());
      if (merge(
          c,
          r.registry(),
          r.full(),
          List.of(r.reason()),
          r.actor().map(List::of).orElse(List.of()),
          pages,
          r.eventIds().size() > MAX_EVENT_IDS
              ? r.eventIds().subList(0, MAX_EVENT_IDS)
              : r.eventIds(),
          1,
          null,
          true)) {
        published.add(requests.get(i));
      }
    }
    if (!published.isEmpty()) {
      publish.accept(List.copyOf(published));
    }
    return List.copyOf(published);
  }

  @Override
  public Optional<Pending> claim(String registry) {
    return database.inTransaction(
        c -> {
          lock(c, List.of(registry));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM chittysync.pending_syncs WHERE registry = ? RETURNING " + COLUMNS)) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(pending(rs)) : Optional.<Pending>empty();
            }
          }
        });
  }

  @Override
  public void giveBack(Pending pending) {
    database.inTransaction(
        c -> {
          lock(c, List.of(pending.registry()));
          merge(
              c,
              pending.registry(),
              pending.full(),
              pending.reasons(),
              pending.actors(),
              pending.pages(),
              pending.eventIds(),
              pending.requests(),
              Timestamp.from(pending.requestedAt()),
              false);
          return null;
        });
  }

  @Override
  public void rearm(String registry) {
    database.inTransaction(
        c -> {
          lock(c, List.of(registry));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.pending_syncs SET published_at = '-infinity'"
                      + " WHERE registry = ?")) {
            ps.setString(1, registry);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Pending> pending(String registry) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM chittysync.pending_syncs WHERE registry = ?")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(pending(rs)) : Optional.<Pending>empty();
            }
          }
        });
  }

  private static void lock(Connection c, Iterable<String> registries) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK)) {
      for (String registry : registries) {
        ps.setString(1, registry);
        ps.execute();
      }
    }
  }

  /** Inserts or merges one row; true when its event must be published. */
  private static boolean merge(
      Connection c,
      String registry,
      boolean full,
      List<String> reasons,
      List<String> actors,
      Optional<List<String>> pages,
      List<String> eventIds,
      int requests,
      Timestamp requestedAt,
      boolean republishStale)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MERGE)) {
      ps.setBoolean(1, republishStale);
      ps.setLong(2, REPUBLISH_AFTER.toSeconds());
      ps.setString(3, registry);
      ps.setString(4, registry);
      ps.setBoolean(5, full);
      ps.setArray(6, c.createArrayOf("text", reasons.toArray()));
      ps.setArray(7, c.createArrayOf("text", actors.toArray()));
      if (pages.isPresent()) {
        ps.setArray(8, c.createArrayOf("text", pages.get().toArray()));
      } else {
        ps.setNull(8, Types.OTHER);
      }
      ps.setArray(9, c.createArrayOf("text", eventIds.toArray()));
      ps.setInt(10, requests);
      ps.setTimestamp(11, requestedAt);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1) || rs.getBoolean(2);
      }
    }
  }

  private static Pending pending(ResultSet rs) throws SQLException {
    Array pages = rs.getArray("pages");
    return new Pending(
        rs.getString("registry"),
        rs.getBoolean("full_scan"),
        texts(rs.getArray("reasons")),
        texts(rs.getArray("actors")),
        pages == null ? Optional.empty() : Optional.of(texts(pages)),
        texts(rs.getArray("event_ids")),
        rs.getInt("requests"),
        rs.getTimestamp("requested_at").toInstant());
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static void close(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
      c.close();
    } catch (SQLException ignored) {
      // The pool discards a connection it cannot reset; nothing was committed.
    }
  }

  /**
   * A lost connection is {@code database.unavailable}, anything else {@code database.error}: the
   * caller fails, and its retry asks again.
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
