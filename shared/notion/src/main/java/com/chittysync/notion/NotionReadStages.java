package com.chittysync.notion;

import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Full reads kept in parts ({@code chittysync.notion_read_stages}): a read too long for one
 * invocation saves each response's pages with Notion's cursor after them, in one transaction, so
 * the next read of the endpoint continues from that cursor and reads every page once.
 *
 * <p>A stage is one endpoint's (registry and endpoint name) read of one data source. It is dropped
 * when the read completes, when a delete is applied to the endpoint (a page trashed after it was
 * kept would still look live), and when it is older than {@link #MAX_AGE_HOURS} hours.
 */
final class NotionReadStages {
  /** A stage this old is read again from the start: Notion's cursors are not meant to last. */
  static final int MAX_AGE_HOURS = 24;

  /**
   * Where a kept read stands.
   *
   * @param since where incremental reads start once the read completes (the read's start)
   * @param pageCursor Notion's cursor after the pages kept
   * @param pagesRead the pages kept
   */
  record Stage(String since, String pageCursor, int pagesRead) {}

  private final Database database;
  private final String registry;
  private final String endpoint;

  NotionReadStages(Database database, String registry, String endpoint) {
    this.database = database;
    this.registry = registry;
    this.endpoint = endpoint;
  }

  /** The endpoint's kept read of data source {@code dataSourceId}, dropping one of another. */
  Optional<Stage> find(String dataSourceId) {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM chittysync.notion_read_stages WHERE registry = ? AND endpoint = ?"
                      + " AND (data_source_id <> ? OR started_at < now() - make_interval(hours => ?))")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.setString(3, dataSourceId);
            ps.setInt(4, MAX_AGE_HOURS);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT since, page_cursor, pages_read FROM chittysync.notion_read_stages"
                      + " WHERE registry = ? AND endpoint = ?")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Stage(rs.getString(1), rs.getString(2), rs.getInt(3)))
                  : Optional.<Stage>empty();
            }
          }
        });
  }

  /** The first {@code count} pages kept, in the order they were read. */
  List<JsonNode> pages(int count) {
    return database.withConnection(
        c -> {
          List<JsonNode> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT page::text FROM chittysync.notion_read_stage_pages"
                      + " WHERE registry = ? AND endpoint = ? AND seq < ? ORDER BY seq")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.setInt(3, count);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(parse(rs.getString(1)));
              }
            }
          }
          return out;
        });
  }

  /**
   * Keeps {@code pages}, read after {@code pagesRead} others, and the cursor after them, in one
   * transaction: a crash keeps all of them or none, so a page is never kept twice or skipped.
   */
  void keep(
      String dataSourceId, String since, int pagesRead, List<JsonNode> pages, String pageCursor) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.notion_read_stages"
                      + " (registry, endpoint, data_source_id, since, page_cursor, pages_read)"
                      + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (registry, endpoint) DO UPDATE"
                      + " SET page_cursor = EXCLUDED.page_cursor, pages_read = EXCLUDED.pages_read,"
                      + " updated_at = now()")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.setString(3, dataSourceId);
            ps.setString(4, since);
            ps.setString(5, pageCursor);
            ps.setInt(6, pagesRead + pages.size());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.notion_read_stage_pages (registry, endpoint, seq, page)"
                      + " VALUES (?, ?, ?, ?::jsonb)")) {
            for (int i = 0; i < pages.size(); i++) {
              ps.setString(1, registry);
              ps.setString(2, endpoint);
              ps.setInt(3, pagesRead + i);
              ps.setString(4, pages.get(i).toString());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /** Drops the endpoint's kept read, if any. */
  void drop() {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM chittysync.notion_read_stages WHERE registry = ? AND endpoint = ?")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
