package com.chittysync.sync.state.jdbc;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the JDBC state implementations share: bulk statements and reading rows back. */
final class JdbcRows {
  private JdbcRows() {}

  /** Rows per bulk statement. */
  static final int CHUNK = 5000;

  /** Reads an op back from its journal row. */
  static Op op(
      int opNo, String kind, String key, String remoteId, String precondition, String changes) {
    return switch (kind) {
      case "create" -> new Op.Create(opNo, key, CanonicalRecord.fromJson(key, changes));
      case "update" -> {
        Map<String, JsonNode> map = new TreeMap<>();
        try {
          Json.mapper()
              .readTree(changes)
              .fields()
              .forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        yield new Op.Update(opNo, key, remoteId, CanonicalRecord.fromJson(key, precondition), map);
      }
      default -> new Op.Delete(opNo, key, remoteId, CanonicalRecord.fromJson(key, precondition));
    };
  }

  /** Runs {@code sql} (one {@code ?::jsonb} parameter) over {@code rows} a chunk at a time. */
  static void bulk(Connection c, List<? extends JsonNode> rows, String sql) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Iterator<? extends JsonNode> it = rows.iterator();
      while (it.hasNext()) {
        ArrayNode chunk = Json.mapper().createArrayNode();
        while (it.hasNext() && chunk.size() < CHUNK) {
          chunk.add(it.next());
        }
        ps.setString(1, chunk.toString());
        ps.executeUpdate();
      }
    }
  }

  /** A SQL string literal of a name the config validated (registry and endpoint names). */
  static String literal(String validatedName) {
    if (!validatedName.matches("[A-Za-z0-9 _.-]{1,100}")) {
      throw new IllegalArgumentException("unexpected name: " + validatedName);
    }
    return "'" + validatedName + "'";
  }
}
