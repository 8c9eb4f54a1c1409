package com.chittysync.sync.state.jdbc;

import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.sync.engine.Conflict;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.Resolution;
import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.PlanReview;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@link PlanReview} in {@code chittysync.conflicts}, {@code held_deletes}, {@code
 * validation_reports} and {@code runs}.
 */
public final class JdbcPlanReview implements PlanReview {
  private final Database database;

  public JdbcPlanReview(Database database) {
    this.database = database;
  }

  @Override
  public boolean planLeftAttention(UUID planId) {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT EXISTS (SELECT 1 FROM chittysync.runs WHERE plan_id = ? AND kind <> 'apply'"
                      + " AND status = 'attention')")) {
            ps.setObject(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
  }

  @Override
  public Set<String> keysAwaitingPeople(String registry) {
    return database.inTransaction(
        c -> {
          Set<String> out = new HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key FROM chittysync.conflicts WHERE registry = ? AND (status = 'open'"
                      + " OR (status = 'resolved' AND NOT jsonb_exists(coalesce(resolution, '{}'), 'applied')))"
                      + " UNION SELECT record_key FROM chittysync.held_deletes WHERE registry = ?"
                      + " AND status IN ('held', 'approved', 'rejected')"
                      + " UNION SELECT v.record_key FROM chittysync.validation_reports v WHERE v.registry = ?"
                      + " AND v.record_key IS NOT NULL AND v.run_id = (SELECT r.run_id FROM chittysync.runs r"
                      + " WHERE r.registry = ? AND r.kind IN ('sync', 'diff') AND r.finished_at IS NOT NULL"
                      + " AND r.status <> 'failed' ORDER BY r.started_at DESC LIMIT 1)")) {
            for (int i = 1; i <= 4; i++) {
              ps.setString(i, registry);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Set<String> heldDeleteKeys(String registry) {
    return database.inTransaction(
        c -> {
          Set<String> out = new HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key FROM chittysync.held_deletes WHERE registry = ? AND status = 'held'")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Map<String, Map<String, JsonNode>> decisions(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, Map<String, JsonNode>> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, field, resolution->'value' FROM chittysync.conflicts WHERE registry = ?"
                      + " AND status = 'resolved' AND jsonb_exists(resolution, 'value') AND NOT jsonb_exists(resolution, 'applied')")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                    .put(rs.getString(2), Json.mapper().readTree(rs.getString(3)));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return out;
        });
  }

  @Override
  public Map<String, DeleteDecision> deleteDecisions(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, DeleteDecision> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, status = 'approved' FROM chittysync.held_deletes WHERE registry = ? AND status IN ('approved', 'rejected')")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(
                    rs.getString(1),
                    rs.getBoolean(2) ? DeleteDecision.APPROVED : DeleteDecision.REJECTED);
              }
            }
          }
          return out;
        });
  }

  @Override
  public void recordAttention(Plan plan) {
    database.inTransaction(
        c -> {
          List<ObjectNode> invalid = new ArrayList<>();
          for (Plan.Invalid i : plan.invalid()) {
            ObjectNode row = Json.mapper().createObjectNode();
            row.put("endpoint", i.endpoint());
            row.put("record_key", i.key());
            ArrayNode errors = row.putArray("errors");
            i.errors()
                .forEach(e -> errors.addObject().put("path", e.path()).put("message", e.message()));
            invalid.add(row);
          }
          JdbcRows.bulk(
              c,
              invalid,
              "INSERT INTO chittysync.validation_reports (run_id, registry, endpoint, record_key, errors)"
                  + " SELECT '"
                  + plan.runId()
                  + "'::uuid, "
                  + JdbcRows.literal(plan.registry())
                  + ", x.endpoint, x.record_key, x.errors"
                  + " FROM jsonb_to_recordset(?::jsonb) AS x(endpoint text, record_key text, errors jsonb)");
          List<ObjectNode> conflicts = new ArrayList<>();
          for (Conflict conflict : plan.conflicts()) {
            if (!conflict.held()) {
              continue;
            }
            ObjectNode row = Json.mapper().createObjectNode();
            row.put("record_key", conflict.key());
            row.put("field", conflict.field());
            row.set("base_value", conflict.base());
            ObjectNode candidates = row.putObject("candidates");
            conflict.candidates().forEach(candidates::set);
            conflicts.add(row);
          }
          JdbcRows.bulk(
              c,
              conflicts,
              "INSERT INTO chittysync.conflicts (registry, record_key, field, base_value, candidates, run_id)"
                  + " SELECT "
                  + JdbcRows.literal(plan.registry())
                  + ", x.record_key, x.field, x.base_value, x.candidates, '"
                  + plan.runId()
                  + "'::uuid"
                  + " FROM jsonb_to_recordset(?::jsonb) AS x(record_key text, field text, base_value jsonb, candidates jsonb)"
                  + " ON CONFLICT (registry, record_key, field) WHERE status = 'open' DO UPDATE SET candidates = EXCLUDED.candidates, run_id = EXCLUDED.run_id");
          List<ObjectNode> held = new ArrayList<>();
          for (Resolution r : plan.heldDeletes()) {
            ObjectNode row = Json.mapper().createObjectNode();
            row.put("record_key", r.key());
            row.put("source_endpoint", String.join(",", r.deleteFrom()));
            row.put("reason", r.reason());
            held.add(row);
          }
          JdbcRows.bulk(
              c,
              held,
              "INSERT INTO chittysync.held_deletes (registry, record_key, source_endpoint, reason, run_id)"
                  + " SELECT "
                  + JdbcRows.literal(plan.registry())
                  + ", x.record_key, x.source_endpoint, x.reason, '"
                  + plan.runId()
                  + "'::uuid"
                  + " FROM jsonb_to_recordset(?::jsonb) AS x(record_key text, source_endpoint text, reason text)"
                  + " ON CONFLICT (registry, record_key) WHERE status = 'held' DO NOTHING");
          closeReviewed(c, plan);
          return null;
        });
  }

  /**
   * Closes the open conflicts and held deletes of keys the plan looked at again and no longer holds
   * for people: the endpoints came to agree, or the record went everywhere. Left open, they would
   * be listed for a decision nothing needs, and a later decision would overwrite what people did
   * since.
   */
  private static void closeReviewed(Connection c, Plan plan) throws SQLException {
    if (plan.reviewed().isEmpty()) {
      return;
    }
    List<String> heldKeys = new ArrayList<>();
    List<String> heldFields = new ArrayList<>();
    for (Conflict conflict : plan.conflicts()) {
      if (conflict.held()) {
        heldKeys.add(conflict.key());
        heldFields.add(conflict.field());
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE chittysync.conflicts SET status = 'resolved', resolved_at = now(),"
                + " resolution = jsonb_build_object('by', 'sync', 'superseded', true, 'applied', true, 'run_id', ?::text)"
                + " WHERE registry = ? AND status = 'open' AND record_key = ANY(?)"
                + " AND NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[]) AS h(k, f)"
                + " WHERE h.k = record_key AND h.f = field)")) {
      ps.setString(1, plan.runId().toString());
      ps.setString(2, plan.registry());
      ps.setArray(3, c.createArrayOf("text", plan.reviewed().toArray()));
      ps.setArray(4, c.createArrayOf("text", heldKeys.toArray()));
      ps.setArray(5, c.createArrayOf("text", heldFields.toArray()));
      ps.executeUpdate();
    }
    List<String> heldDeletes = plan.heldDeletes().stream().map(Resolution::key).toList();
    // A decision is spent by the first plan that looks at its key and holds nothing there: kept,
    // it would decide a later conflict or delete nobody has seen (a rejected delete, whose record
    // is only restored where it went missing, settles nothing and would stay pending forever).
    List<String> stillWaiting = new ArrayList<>(heldKeys);
    stillWaiting.addAll(heldDeletes);
    updateReviewed(
        c,
        plan,
        "UPDATE chittysync.conflicts SET resolution = resolution || '{\"applied\": true}'::jsonb"
            + " WHERE status = 'resolved' AND resolution IS NOT NULL"
            + " AND NOT jsonb_exists(resolution, 'applied')",
        stillWaiting);
    updateReviewed(
        c,
        plan,
        "UPDATE chittysync.held_deletes SET status = 'applied'"
            + " WHERE status IN ('approved', 'rejected')",
        stillWaiting);
    updateReviewed(
        c,
        plan,
        "UPDATE chittysync.held_deletes SET status = 'superseded', decided_at = now(),"
            + " decided_by = 'sync' WHERE status = 'held'",
        heldDeletes);
  }

  /**
   * Runs {@code update} (whose WHERE clause comes last) on the rows of the plan's registry whose
   * key the plan reviewed, except {@code except}.
   */
  private static void updateReviewed(Connection c, Plan plan, String update, List<String> except)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            update + " AND registry = ? AND record_key = ANY(?) AND NOT (record_key = ANY(?))")) {
      ps.setString(1, plan.registry());
      ps.setArray(2, c.createArrayOf("text", plan.reviewed().toArray()));
      ps.setArray(3, c.createArrayOf("text", except.toArray()));
      ps.executeUpdate();
    }
  }
}
