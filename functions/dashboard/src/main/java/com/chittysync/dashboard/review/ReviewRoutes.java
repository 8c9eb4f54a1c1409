package com.chittysync.dashboard.review;

import com.chittysync.core.json.Json;
import com.chittysync.dashboard.ActionLog;
import com.chittysync.dashboard.registry.RegistryPages;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.dashboard.web.Views;
import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.Overview;
import com.chittysync.sync.state.ReviewQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.inject.Inject;

/**
 * The Conflicts and Pending deletes tabs and their actions: resolve a conflict (an endpoint's value
 * or a typed one, checked against the schema first), approve or reject held deletes one at a time
 * or many at once. Each action runs once per action id and is appended to the audit log naming the
 * person.
 */
public final class ReviewRoutes implements Routes {
  /** The most deletes one bulk decision takes. */
  static final int MAX_BULK = 1000;

  /** The longest typed value accepted, in characters. */
  static final int MAX_VALUE_CHARS = 16 * 1024;

  private final Overview overview;
  private final ReviewQueue queue;
  private final ValueCheck check;
  private final ActionLog actions;

  @Inject
  public ReviewRoutes(Overview overview, ReviewQueue queue, ValueCheck check, ActionLog actions) {
    this.overview = overview;
    this.queue = queue;
    this.check = check;
    this.actions = actions;
  }

  /**
   * What resolving a conflict did, as the audit log keeps it: which value was kept (an endpoint's,
   * or {@code typed}), not the value itself, which the log holds only for {@code audit: values}.
   */
  public record Resolved(long conflict, String key, String field, String source) {}

  /** What a decision on held deletes did. */
  public record Decided(String decision, List<Long> heldDeletes) {}

  @Override
  public void register(Router router) {
    router.get("/registries/{name}/conflicts", Router.Guard.READ, this::conflicts);
    router.post("/registries/{name}/conflicts/{id}/resolve", Router.Guard.ACT, this::resolve);
    router.get("/registries/{name}/deletes", Router.Guard.READ, this::deletes);
    router.post("/registries/{name}/deletes/decide", Router.Guard.ACT, this::decide);
  }

  /** One open conflict as the tab shows it: each endpoint's value as JSON text. */
  public record Conflict(
      long id, String key, String field, String base, Map<String, String> candidates) {}

  /** The Conflicts tab. {@code message} reports the last action, when there was one. */
  public record ConflictsView(String registry, List<Conflict> conflicts, String message) {}

  /** The Pending deletes tab. */
  public record DeletesView(
      String registry, List<ReviewQueue.HeldDelete> deletes, String message) {}

  private String registry(Call call) {
    String name = call.param("name");
    RegistryPages.require(overview, name);
    return name;
  }

  private ConflictsView conflictsView(String registry, String message) {
    List<Conflict> out =
        queue.openConflicts(Optional.of(registry)).stream()
            .map(
                c -> {
                  Map<String, String> candidates = new LinkedHashMap<>();
                  readJson(c.candidates())
                      .fields()
                      .forEachRemaining(e -> candidates.put(e.getKey(), e.getValue().toString()));
                  return new Conflict(
                      c.id(),
                      c.recordKey(),
                      c.field(),
                      c.baseValue() == null ? "null" : c.baseValue(),
                      candidates);
                })
            .toList();
    return new ConflictsView(registry, out, message);
  }

  private Reply conflicts(Call call) {
    ConflictsView view = conflictsView(registry(call), "");
    return Views.page(
        call,
        view,
        "review/conflicts.jte",
        Map.of("chrome", call.frame(), "view", view, "fragment", false));
  }

  private Reply resolve(Call call) {
    String registry = registry(call);
    long id = parseId(call.param("id"));
    Map<String, String> form = call.form();
    UUID actionId = ActionLog.actionId(form);
    String choice = form.getOrDefault("choice", "");
    var principal = call.frame().principal();
    ActionLog.Done<Resolved> done =
        actions.once(
            actionId,
            principal.actor(),
            "dashboard.conflict_resolved",
            registry,
            Resolved.class,
            () -> resolveNow(registry, id, choice, form, principal.actor()));
    Resolved r = done.result();
    ConflictsView view =
        conflictsView(
            registry,
            "Conflict #"
                + r.conflict()
                + " ("
                + r.key()
                + "."
                + r.field()
                + ") resolved with "
                + (r.source().equals("typed") ? "the typed value" : r.source() + "'s value")
                + (done.replayed() ? " (this form was sent before; nothing was done again)" : "")
                + "; the next sync applies it everywhere.");
    return Views.html(
        "review/conflicts.jte", Map.of("chrome", call.frame(), "view", view, "fragment", true));
  }

  private Resolved resolveNow(
      String registry, long id, String choice, Map<String, String> form, String actor) {
    ReviewQueue.OpenConflict conflict =
        queue.openConflicts(Optional.of(registry)).stream()
            .filter(c -> c.id() == id)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "conflict #"
                            + id
                            + " is not open in "
                            + registry
                            + " (resolved already?)"));
    String source;
    JsonNode typed = null;
    if (choice.startsWith("endpoint:")) {
      source = choice.substring("endpoint:".length());
    } else if (choice.equals("typed")) {
      source = "typed";
      String text = form.getOrDefault("value", "");
      if (text.length() > MAX_VALUE_CHARS) {
        throw new IllegalArgumentException("a typed value may be at most 16 KB");
      }
      typed = parseTyped(text);
      List<String> problems =
          check.problems(registry, conflict.recordKey(), conflict.field(), typed);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "the value does not fit the registry's schema: " + String.join("; ", problems));
      }
    } else {
      throw new IllegalArgumentException("choose an endpoint's value or type one");
    }
    JsonNode chosen = typed;
    queue.resolveConflict(
        id,
        candidates -> {
          if (chosen != null) {
            return chosen;
          }
          JsonNode v = candidates.get(source);
          if (v == null) {
            throw new IllegalArgumentException(
                "conflict #" + id + " has no value from endpoint '" + source + "'");
          }
          return v;
        },
        actor);
    return new Resolved(id, conflict.recordKey(), conflict.field(), source);
  }

  private static JsonNode readJson(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the state holds a conflict whose candidates are not JSON", e);
    }
  }

  /** A typed value: JSON when it parses as JSON, else the text as a string. */
  static JsonNode parseTyped(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      return TextNode.valueOf(text);
    }
  }

  private DeletesView deletesView(String registry, String message) {
    return new DeletesView(registry, queue.heldDeletes(Optional.of(registry)), message);
  }

  private Reply deletes(Call call) {
    DeletesView view = deletesView(registry(call), "");
    return Views.page(
        call,
        view,
        "review/deletes.jte",
        Map.of("chrome", call.frame(), "view", view, "fragment", false));
  }

  private Reply decide(Call call) {
    String registry = registry(call);
    Map<String, String> form = call.form();
    UUID actionId = ActionLog.actionId(form);
    DeleteDecision decision =
        switch (form.getOrDefault("decision", "")) {
          case "approve" -> DeleteDecision.APPROVED;
          case "reject" -> DeleteDecision.REJECTED;
          default -> throw new IllegalArgumentException("decision must be approve or reject");
        };
    Set<Long> ids = new LinkedHashSet<>();
    for (String s : form.getOrDefault("id", "").split(",")) {
      if (!s.isBlank()) {
        ids.add(parseId(s.strip()));
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("select at least one held delete");
    }
    if (ids.size() > MAX_BULK) {
      throw new IllegalArgumentException("decide at most " + MAX_BULK + " deletes at once");
    }
    int expected;
    try {
      expected = Integer.parseInt(form.getOrDefault("count", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the confirmed count is missing: confirm how many to decide");
    }
    var principal = call.frame().principal();
    ActionLog.Done<Decided> done =
        actions.once(
            actionId,
            principal.actor(),
            "dashboard.deletes_decided",
            registry,
            Decided.class,
            () -> {
              queue.decideDeletes(registry, ids, decision, principal.actor(), expected);
              return new Decided(decision.wire(), List.copyOf(ids));
            });
    int n = done.result().heldDeletes().size();
    boolean approved = done.result().decision().equals(DeleteDecision.APPROVED.wire());
    String them = n == 1 ? "it" : "them";
    DeletesView view =
        deletesView(
            registry,
            (approved ? "Approved " : "Rejected ")
                + n
                + " held delete"
                + (n == 1 ? "" : "s")
                + (done.replayed() ? " (this form was sent before; nothing was done again)" : "")
                + (approved
                    ? "; the next sync deletes " + them + " everywhere."
                    : "; the next sync restores "
                        + them
                        + " where "
                        + (n == 1 ? "it was" : "they were")
                        + " deleted."));
    return Views.html(
        "review/deletes.jte", Map.of("chrome", call.frame(), "view", view, "fragment", true));
  }

  private static long parseId(String s) {
    try {
      long id = Long.parseLong(s);
      if (id < 1) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not an id");
    }
  }
}
