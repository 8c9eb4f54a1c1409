package com.chittysync.postgres;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders shared by the postgres endpoint tests. */
final class PostgresFixtures {
  static final String PATH = "registries.people.endpoints.main";

  private PostgresFixtures() {}

  static JsonNode json(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Field/column pairs: {@code "person_id", "id", "name", "full_name"}. */
  static Map<String, String> fields(String... pairs) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put(pairs[i], pairs[i + 1]);
    }
    return fields;
  }

  static EndpointConfig endpoint(Map<String, String> fields, String settingsJson) {
    return new EndpointConfig("main", "postgres", fields, json(settingsJson), PATH);
  }

  static RegistryConfig registry(String key, EndpointConfig endpoint) {
    return new RegistryConfig(
        "people",
        "schemas/people.json",
        key,
        RegistryConfig.Conflict.LAST_WRITE_WINS,
        List.of(),
        RegistryConfig.Deletes.PROPAGATE,
        0.5,
        Optional.empty(),
        RegistryConfig.AuditDetail.HASHES,
        Map.of(endpoint.name(), endpoint));
  }

  /** Opens an endpoint on {@code database} with the key field {@code key}. */
  static PostgresEndpoint open(
      Database database, String key, Map<String, String> fields, String settingsJson) {
    EndpointConfig config = endpoint(fields, settingsJson);
    return new PostgresEndpointType()
        .open(
            config, registry(key, config), new EndpointContext(Environment.of(Map.of()), database));
  }

  static Database database(Map<String, String> env) {
    return Database.open(DatabaseSettings.from(Environment.of(env)));
  }

  /** A record from field/value pairs; values go through Jackson ({@code null} means absent). */
  static CanonicalRecord record(String key, Object... pairs) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object value = pairs[i + 1];
      fields.put(
          (String) pairs[i],
          value instanceof JsonNode node ? node : Json.mapper().valueToTree(value));
    }
    return new CanonicalRecord(key, fields);
  }

  static void exec(Database database, String... statements) {
    database.withConnection(
        c -> {
          try (Statement st = c.createStatement()) {
            for (String sql : statements) {
              st.execute(sql);
            }
          }
          return null;
        });
  }

  /** The rows of {@code sql}, each as its columns' text forms. */
  static List<List<String>> rows(Database database, String sql) {
    return database.withConnection(
        c -> {
          List<List<String>> rows = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              List<String> row = new ArrayList<>();
              for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
              }
              rows.add(row);
            }
          }
          return rows;
        });
  }

  static long count(Database database, String sql) {
    return Long.parseLong(rows(database, sql).get(0).get(0));
  }

  static void run(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
