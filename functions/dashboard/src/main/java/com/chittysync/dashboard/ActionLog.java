package com.chittysync.dashboard;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.core.json.Json;
import com.chittysync.dashboard.web.Views;
import com.chittysync.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The dashboard's actions, each done at most once per action id, and each in the audit log.
 *
 * <p>Every action's form carries a hidden {@value #FIELD} (a UUID rendered into the form, new per
 * page view). {@link #once} claims that id in {@code chittysync.dashboard_actions} before acting,
 * so a form sent twice (a double click, a retried request, a replayed request) acts once: the
 * second send gets the first one's stored result back, marked {@link Done#replayed}. When the
 * action ends, its result is stored and its audit entry (type {@code kind}, the person as actor,
 * body {@code {"action_id", "registry", "result"}}) appended in one transaction. An action that
 * throws gives its claim back, so the same form may be sent again; one still running when the same
 * id comes again is {@link InProgress}.
 *
 * <p>Use it from any route that changes something:
 *
 * <pre>{@code
 * ActionLog.Done<Moved> done =
 *     actions.once(ActionLog.actionId(call.form()), call.frame().principal().actor(),
 *         "dashboard.redrive", registry, Moved.class, () -> new Moved(letters.redrive(registry)));
 * }</pre>
 *
 * The result type is stored as JSON ({@link Views#mapper()}), so it must read back from its JSON:
 * records of strings, numbers, booleans, Instants and lists work.
 */
@Singleton
public final class ActionLog {
  /** The form field carrying the action id. */
  public static final String FIELD = "action_id";

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

  /**
   * An action's result.
   *
   * @param at when the action was first asked for
   * @param replayed whether this id had acted before and {@code result} is the stored one
   */
  public record Done<T>(T result, Instant at, boolean replayed) {}

  /** The action id is acting now, in another request: its result is not known yet. */
  public static final class InProgress extends RuntimeException {
    private final Instant since;

    InProgress(UUID actionId, Instant since) {
      super(
          "this action ("
              + actionId
              + ") began at "
              + Format.time(since)
              + " and has not finished, or failed without recording its result;"
              + " check the audit log, then reload the page to try again");
      this.since = since;
    }

    public Instant since() {
      return since;
    }
  }

  private final Database database;
  private final AuditLog audit;

  @Inject
  public ActionLog(Database database, AuditLog audit) {
    this.database = database;
    this.audit = audit;
  }

  /**
   * The action id of {@code form} ({@value #FIELD}).
   *
   * @throws IllegalArgumentException (the dashboard answers 400) when it is missing or no UUID
   */
  public static UUID actionId(Map<String, String> form) {
    String id = form.getOrDefault(FIELD, "").strip();
    if (id.isEmpty()) {
      throw new IllegalArgumentException(
          "the form carries no action_id; reload the page and use its button");
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("action_id '" + id + "' is not a UUID");
    }
  }

  /** A new action id, for a form. */
  public static String newActionId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Runs {@code action} once for {@code actionId}.
   *
   * @param actor who asks, as the audit log names people ({@code user:<name>})
   * @param kind what it is, also the audit entry's type: dotted lower-case words, for example
   *     {@code dashboard.redrive}
   * @param registry the registry it concerns
   * @param type the result's class, to read a stored result back
   * @return the result: fresh, or stored by an earlier request with the same id
   * @throws IllegalArgumentException when {@code actionId} was used for another action (kind,
   *     registry or person): a form's id is not to be reused
   * @throws InProgress when a request with the same id is acting now
   * @throws RuntimeException what {@code action} throws; the id may then be used again
   */
  public <T> Done<T> once(
      UUID actionId,
      String actor,
      String kind,
      String registry,
      Class<T> type,
      Supplier<T> action) {
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("action kind must be like 'dashboard.redrive': " + kind);
    }
    Optional<Instant> claimed = claim(actionId, actor, kind, registry);
    if (claimed.isEmpty()) {
      return replay(actionId, actor, kind, registry, type);
    }
    T result;
    try {
      result = action.get();
    } catch (RuntimeException | Error e) {
      release(actionId);
      throw e;
    }
    JsonNode stored = Views.mapper().valueToTree(result);
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("action_id", actionId.toString());
    body.put("registry", registry);
    body.set("result", stored);
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.dashboard_actions SET result = ?::jsonb WHERE action_id = ?")) {
            ps.setString(1, stored.toString());
            ps.setObject(2, actionId);
            ps.executeUpdate();
          }
          audit.append(c, List.of(new AuditRecord(kind, actor, body)));
          return null;
        });
    return new Done<>(result, claimed.get(), false);
  }

  /** Claims {@code actionId}; empty when it is claimed already. */
  private Optional<Instant> claim(UUID actionId, String actor, String kind, String registry) {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.dashboard_actions (action_id, actor, kind, registry)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (action_id) DO NOTHING RETURNING at")) {
            ps.setObject(1, actionId);
            ps.setString(2, actor);
            ps.setString(3, kind);
            ps.setString(4, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
          }
        });
  }

  private void release(UUID actionId) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM chittysync.dashboard_actions WHERE action_id = ? AND result IS NULL")) {
            ps.setObject(1, actionId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  private <T> Done<T> replay(
      UUID actionId, String actor, String kind, String registry, Class<T> type) {
    record Row(String actor, String kind, String registry, String result, Timestamp at) {}
    Optional<Row> row =
        database.withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT actor, kind, registry, result::text, at"
                          + " FROM chittysync.dashboard_actions WHERE action_id = ?")) {
                ps.setObject(1, actionId);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next()
                      ? Optional.of(
                          new Row(
                              rs.getString(1),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getTimestamp(5)))
                      : Optional.empty();
                }
              }
            });
    if (row.isEmpty()) {
      // Claimed and given back (the action failed) between our insert and this read.
      throw new InProgress(actionId, Instant.now());
    }
    Row r = row.get();
    if (!r.kind().equals(kind) || !r.registry().equals(registry) || !r.actor().equals(actor)) {
      throw new IllegalArgumentException(
          "action_id " + actionId + " belongs to another action; reload the page and try again");
    }
    if (r.result() == null) {
      throw new InProgress(actionId, r.at().toInstant());
    }
    try {
      return new Done<>(Views.mapper().readValue(r.result(), type), r.at().toInstant(), true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the stored result of action " + actionId + " does not read as " + type.getSimpleName(),
          e);
    }
  }
}
