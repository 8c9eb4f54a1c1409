package com.chittysync.sync.schema;

import com.chittysync.core.ChittySyncException;
import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SchemaCache} in table {@code chittysync.schema_cache} (migration V2). Every statement
 * names the schema and runs on its own in auto-commit mode, so it is safe behind a transaction-mode
 * pooler.
 */
public final class PostgresSchemaCache implements SchemaCache {
  private static final String SELECT =
      "SELECT etag, body, fetched_at FROM chittysync.schema_cache WHERE url = ?";
  private static final String UPSERT =
      "INSERT INTO chittysync.schema_cache (url, etag, body, fetched_at) VALUES (?, ?, ?, now())"
          + " ON CONFLICT (url) DO UPDATE"
          + " SET etag = EXCLUDED.etag, body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at";
  private static final String TOUCH =
      "UPDATE chittysync.schema_cache SET fetched_at = now() WHERE url = ?";

  private final Database database;

  public PostgresSchemaCache(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * {@inheritDoc}
   *
   * @throws ChittySyncException {@code database.unavailable} or {@code database.error}
   */
  @Override
  public Optional<Entry> get(String url) {
    return database.withConnection(
        c -> {
          try (PreparedStatement st = c.prepareStatement(SELECT)) {
            st.setString(1, url);
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              Timestamp fetchedAt = rs.getTimestamp(3);
              return Optional.of(
                  new Entry(
                      url,
                      rs.getString(1),
                      rs.getString(2),
                      fetchedAt == null ? null : fetchedAt.toInstant()));
            }
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * @throws ChittySyncException {@code database.unavailable} or {@code database.error}
   */
  @Override
  public void put(String url, String etag, String body) {
    database.withConnection(
        c -> {
          try (PreparedStatement st = c.prepareStatement(UPSERT)) {
            st.setString(1, url);
            st.setString(2, etag);
            st.setString(3, body);
            return st.executeUpdate();
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * @throws ChittySyncException {@code database.unavailable} or {@code database.error}
   */
  @Override
  public void touch(String url) {
    database.withConnection(
        c -> {
          try (PreparedStatement st = c.prepareStatement(TOUCH)) {
            st.setString(1, url);
            return st.executeUpdate();
          }
        });
  }
}
