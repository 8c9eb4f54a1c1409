package com.chittysync.sync.schema;

import java.time.Instant;
import java.util.Optional;

/**
 * Copies of schemas fetched from URLs, with their ETags, so that a schema service outage does not
 * stop syncs. {@link PostgresSchemaCache} keeps them in the state database.
 */
public interface SchemaCache {
  /**
   * A cached schema.
   *
   * @param url the URL it was fetched from
   * @param etag the ETag the server sent with it, or {@code null}
   * @param body the schema text
   * @param fetchedAt when it was last fetched or confirmed unchanged
   */
  record Entry(String url, String etag, String body, Instant fetchedAt) {}

  /** The cached copy of {@code url}, if any. */
  Optional<Entry> get(String url);

  /** Stores (or replaces) the copy of {@code url}. */
  void put(String url, String etag, String body);

  /** Records that the server confirmed the cached copy of {@code url} is current (a 304). */
  void touch(String url);

  /** A cache that holds nothing: for tools that run without a state database. */
  static SchemaCache none() {
    return new SchemaCache() {
      @Override
      public Optional<Entry> get(String url) {
        return Optional.empty();
      }

      @Override
      public void put(String url, String etag, String body) {}

      @Override
      public void touch(String url) {}
    };
  }
}
