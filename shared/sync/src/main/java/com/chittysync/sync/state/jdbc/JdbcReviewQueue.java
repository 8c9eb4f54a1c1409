package com.chittysync.sync.state.jdbc;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.ReviewQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link ReviewQueue} in {@code chittysync.conflicts}, {@code held_deletes} and reports. */
public final class JdbcReviewQueue implements ReviewQueue {
  private final Database database;

  public JdbcReviewQueue(Database database) {
    this.database = database;
  }

  @Override
  public List<OpenConflict> openConflicts(Optional<String> registry) {
    return database.withConnection(
        c -> {
          List<OpenConflict> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, registry, record_key, field, base_value::text, candidates::text FROM chittysync.conflicts"
                      + " WHERE status = 'open' AND (?::text IS NULL OR registry = ?) ORDER BY id")) {
            ps.setString(1, registry.orElse(null));
            ps.setString(2, registry.orElse(null));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new OpenConflict(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public JsonNode resolveConflict(long id, Choice choice, String by) {
    return database.inTransaction(
        c -> {
          JsonNode candidates;
          // Locked until the resolution commits: a concurrent resolve waits, then finds it closed.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT candidates::text FROM chittysync.conflicts WHERE id = ? AND status = 'open' FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new ChittySyncException(
                    ErrorCode.MALFORMED_INPUT, "there is no open conflict #" + id);
              }
              candidates = Json.mapper().readTree(rs.getString(1));
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
          JsonNode value = choice.choose(candidates);
          ObjectNode resolution = Json.mapper().createObjectNode();
          resolution.set("value", value);
          resolution.put("by", by);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.conflicts SET status = 'resolved', resolution = ?::jsonb, resolved_at = now() WHERE id = ?")) {
            ps.setString(1, resolution.toString());
            ps.setLong(2, id);
            ps.executeUpdate();
          }
          return value;
        });
  }

  @Override
  public List<HeldDelete> heldDeletes(Optional<String> registry) {
    return database.withConnection(
        c -> {
          List<HeldDelete> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, registry, record_key, source_endpoint, reason, created_at FROM chittysync.held_deletes"
                      + " WHERE status = 'held' AND (?::text IS NULL OR registry = ?) ORDER BY id")) {
            ps.setString(1, registry.orElse(null));
            ps.setString(2, registry.orElse(null));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new HeldDelete(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant()));
              }
            }
          }
          return out;
        });
  }

  @Override
  public int heldDeleteCount(String registry) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM chittysync.held_deletes WHERE registry = ? AND status = 'held'")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Override
  public boolean decideDelete(long id, DeleteDecision decision, String by) {
    return database.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE chittysync.held_deletes SET status = ?, decided_at = now(), decided_by = ? WHERE id = ? AND status = 'held'")) {
                ps.setString(1, decision.wire());
                ps.setString(2, by);
                ps.setLong(3, id);
                return ps.executeUpdate();
              }
            })
        > 0;
  }

  @Override
  public int decideDeletes(
      String registry, Set<Long> ids, DeleteDecision decision, String by, int expected) {
    return database.inTransaction(
        c -> {
          Long[] array = ids.toArray(Long[]::new);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.held_deletes SET status = ?, decided_at = now(), decided_by = ?"
                      + " WHERE registry = ? AND id = ANY (?) AND status = 'held'")) {
            ps.setString(1, decision.wire());
            ps.setString(2, by);
            ps.setString(3, registry);
            ps.setArray(4, c.createArrayOf("bigint", array));
            int n = ps.executeUpdate();
            if (n != expected || n != ids.size()) {
              // Rolls the whole decision back: nothing is decided by half.
              throw new ChittySyncException(
                  ErrorCode.MALFORMED_INPUT,
                  "the selection changed: "
                      + expected
                      + " confirmed, "
                      + ids.size()
                      + " selected, "
                      + n
                      + " still held; nothing was decided, reload and choose again");
            }
            return n;
          }
        });
  }

  @Override
  public int validationReportCount(String registry, String recordKey) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM chittysync.validation_reports WHERE registry = ? AND record_key = ?")) {
            ps.setString(1, registry);
            ps.setString(2, recordKey);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }
}
