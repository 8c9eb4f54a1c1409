package com.chittysync.cli;

import com.chittysync.cli.ConvergenceModel.Expect;
import com.chittysync.cli.ConvergenceModel.Span;
import com.chittysync.cli.ConvergenceModel.Violation;
import com.chittysync.cli.ConvergenceScenario.Kind;
import com.chittysync.cli.ConvergenceScenario.Place;
import com.chittysync.cli.ConvergenceScenario.Rec;
import com.chittysync.cli.ConvergenceStep.Mode;
import com.chittysync.cli.ConvergenceStep.Sync;
import com.chittysync.cli.ConvergenceWorld.Cli;
import com.chittysync.cli.ConvergenceWorld.Held;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays steps against a world and its model, and after every sync checks what the sync did against
 * what the model says it should have done. Stops at the first sync that breaks an invariant.
 */
final class ConvergenceRun implements AutoCloseable {
  /** Invariants, in the order a failure is reported when a sync breaks several. */
  static final List<String> INVARIANTS =
      List.of(
          "no-duplicate-keys",
          "sync-fails",
          "no-record-disappears",
          "unmapped-columns-kept",
          "change-reaches-every-endpoint",
          "held-changes-nothing",
          "nothing-changed-writes-nothing",
          "writes-only-what-changed",
          "exit0-nothing-held",
          "exit0-no-drift",
          "held-is-named",
          "converges-when-nothing-held",
          "drift-only-where-held",
          "review-queues-list-only-what-is-held");

  private static final Pattern CONFLICT_LINE =
      Pattern.compile("^#(\\d+) \\S+ (\\S+)\\.(\\w+) base=.* candidates=(\\{.*\\})$");
  private static final Pattern DELETE_LINE = Pattern.compile("^#(\\d+) \\S+ (\\S+) deleted at .*");
  private static final Pattern DRIFT_LINE = Pattern.compile("^\\S+ (I-\\d+)[.:].*");

  /** Counters for the figures printed after a run. */
  static final class Figures {
    int steps;
    int edits;
    int reviews;
    int syncs;
    final Map<String, Integer> modes = new TreeMap<>();
    int crashesArmed;
    int crashesHit;
    int checks;
    int notionIncremental;
    int notionFull;
    long syncMillis;
    final Map<String, Integer> violations = new TreeMap<>();
  }

  final ConvergenceScenario scenario;
  final ConvergenceWorld world;
  final ConvergenceModel model;
  final Figures figures = new Figures();

  /** The steps that took effect, in order: what a failure is reported with and shrunk from. */
  final List<ConvergenceStep> done = new ArrayList<>();

  /** Invariants not to stop at (to see what else a run finds past a known failure). */
  private final Set<String> skip;

  /**
   * Whether to run {@code drift} after each sync (a replay that shrinks another failure need not).
   */
  private final boolean drift;

  private int syncNo;
  private boolean changedSinceSync = true;

  ConvergenceRun(ConvergenceScenario scenario, Path dir, Set<String> skip, boolean drift) {
    this.scenario = scenario;
    this.world = ConvergenceWorld.create(scenario, dir);
    this.model = new ConvergenceModel(scenario);
    this.skip = skip;
    this.drift = drift;
  }

  /**
   * Plays {@code step}; returns what it broke, or null. A step that names a record its endpoint
   * does not hold (a replay with earlier steps removed) does nothing.
   */
  Violation play(ConvergenceStep step) {
    Violation v;
    try {
      v = apply(step);
    } catch (Skipped s) {
      return null;
    }
    done.add(step);
    figures.steps++;
    return v;
  }

  /** Thrown by a step that has nothing to act on. */
  private static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped() {
      super(null, null, false, false);
    }
  }

  private Violation apply(ConvergenceStep step) {
    if (step instanceof ConvergenceStep.Create c) {
      if (model.held.get(c.place()).containsKey(c.key())) {
        throw new Skipped();
      }
      world.create(c.place(), c.key(), c.rec());
      model.created(c.place(), c.key(), c.rec());
      edited();
    } else if (step instanceof ConvergenceStep.Set s) {
      requireHeld(s.place(), s.key());
      world.set(s.place(), s.key(), s.field(), s.value());
      model.set(s.place(), s.key(), s.field(), s.value());
      edited();
    } else if (step instanceof ConvergenceStep.SetExtra s) {
      requireHeld(s.place(), s.key());
      world.setExtra(s.place(), s.key(), s.text());
      model.setExtra(s.place(), s.key(), s.text());
      edited();
    } else if (step instanceof ConvergenceStep.Delete d) {
      requireHeld(d.place(), d.key());
      world.delete(d.place(), d.key());
      model.deleted(d.place(), d.key());
      edited();
    } else if (step instanceof ConvergenceStep.Sort s) {
      if (!scenario.has(Kind.SHEET) || model.live(s.place()).size() < 2) {
        throw new Skipped();
      }
      // Rows move, no record changes: the next sync must write nothing for it.
      world.sort(s.column(), s.ascending());
      figures.edits++;
    } else if (step instanceof ConvergenceStep.MassDelete m) {
      List<String> there = new ArrayList<>(m.keys());
      there.retainAll(model.live(m.place()));
      if (there.size() < 2) {
        throw new Skipped();
      }
      world.massDelete(m.place(), there);
      there.forEach(key -> model.deleted(m.place(), key));
      edited();
    } else if (step instanceof ConvergenceStep.Resolve r) {
      resolve(r);
    } else if (step instanceof ConvergenceStep.Decide d) {
      decide(d);
    } else if (step instanceof ConvergenceStep.Wait w) {
      if (w.seconds() == 0) {
        throw new Skipped();
      }
      world.advance(Duration.ofSeconds(w.seconds()));
    } else if (step instanceof Sync s) {
      return sync(s);
    }
    return null;
  }

  private void requireHeld(String place, String key) {
    if (!model.held.get(place).containsKey(key)) {
      throw new Skipped();
    }
  }

  private void edited() {
    figures.edits++;
    changedSinceSync = true;
  }

  private void resolve(ConvergenceStep.Resolve r) {
    Cli list = world.cli("conflicts", "list", "--registry", ConvergenceScenario.REGISTRY);
    for (String line : list.out().split("\n")) {
      Matcher m = CONFLICT_LINE.matcher(line.strip());
      if (!m.matches() || !m.group(2).equals(r.key()) || !m.group(3).equals(r.field())) {
        continue;
      }
      if (!model.heldConflicts.containsKey(r.key())) {
        throw new Skipped();
      }
      Cli done;
      if (r.endpoint() != null) {
        JsonNode candidates = json(m.group(4));
        if (!candidates.has(r.endpoint())) {
          throw new Skipped();
        }
        done = world.cli("conflicts", "resolve", m.group(1), "--endpoint", r.endpoint());
      } else {
        done =
            world.cli(
                "conflicts",
                "resolve",
                m.group(1),
                "--value",
                ConvergenceScenario.json(r.value()).toString());
      }
      if (done.exit() != 0) {
        throw new IllegalStateException("conflicts resolve failed: " + done);
      }
      // "conflict #7 resolved to <json>; the next sync applies it"
      String out = done.out().strip();
      String value = out.substring(out.indexOf(" resolved to ") + 13, out.lastIndexOf(';'));
      model
          .decisions
          .computeIfAbsent(r.key(), k -> new TreeMap<>())
          .put(r.field(), ConvergenceScenario.fromJson(json(value)));
      // Decided, the conflict no longer waits for a person: the next sync applies the decision.
      Map<String, Map<String, Object>> fields = model.heldConflicts.get(r.key());
      if (fields != null) {
        fields.remove(r.field());
        if (fields.isEmpty()) {
          model.heldConflicts.remove(r.key());
        }
      }
      figures.reviews++;
      changedSinceSync = true;
      return;
    }
    throw new Skipped();
  }

  private void decide(ConvergenceStep.Decide d) {
    if (!model.heldDeletes.containsKey(d.key())) {
      throw new Skipped();
    }
    Cli list = world.cli("deletes", "list", "--registry", ConvergenceScenario.REGISTRY);
    for (String line : list.out().split("\n")) {
      Matcher m = DELETE_LINE.matcher(line.strip());
      if (m.matches() && m.group(2).equals(d.key())) {
        Cli done = world.cli("deletes", d.approve() ? "approve" : "reject", m.group(1));
        if (done.exit() != 0) {
          throw new IllegalStateException("deletes decision failed: " + done);
        }
        model.deleteDecisions.put(d.key(), d.approve());
        // Decided, the delete no longer waits for a person: the next sync applies the decision.
        model.heldDeletes.remove(d.key());
        figures.reviews++;
        changedSinceSync = true;
        return;
      }
    }
    throw new Skipped();
  }

  // ---------------------------------------------------------------------------------------------
  // A sync and its checks

  private Violation sync(Sync s) {
    syncNo++;
    figures.syncs++;
    String modeName = s.crash() == null ? s.mode().shown : "stopped, then sync";
    figures.modes.merge(modeName, 1, Integer::sum);
    world.tick();
    Map<String, Held> before = world.readAll();
    for (Place p : scenario.places()) {
      if (!before.get(p.name()).records().equals(model.held.get(p.name()))) {
        throw new IllegalStateException(
            "the suite's model and "
                + p.name()
                + " disagree before sync "
                + syncNo
                + ": model "
                + model.held.get(p.name())
                + " world "
                + before.get(p.name()).records());
      }
    }
    Map<String, Instant> stamps = world.notionStamps();
    Span span = new Span(syncNo, world.clock.instant(), null);
    Instant serverBefore = world.databaseNow();
    model.sighting(span);
    Map<String, List<Expect>> predicted = model.predict(stamps, span);
    boolean quiet = !changedSinceSync;

    long t0 = System.nanoTime();
    world.notionReads();
    Map<String, String> pagesBefore = world.notionPages();
    String cursorBefore = world.cursorMoved("notion");
    Cli result;
    boolean crashed = false;
    if (s.crash() != null) {
      String armed = world.arm(s.crash(), s.at());
      Cli first = run(s.mode());
      world.disarm();
      if (armed != null) {
        figures.crashesArmed++;
      }
      crashed = first.exit() == 1;
      if (crashed) {
        figures.crashesHit++;
      }
      if (first.exit() == 1 && armed == null) {
        return new Violation("sync-fails", "the sync failed: " + first.err().strip());
      }
      world.tick();
      pagesBefore = world.notionPages();
      cursorBefore = world.cursorMoved("notion");
      result = run(Mode.INCREMENTAL);
    } else {
      result = run(s.mode());
    }
    figures.syncMillis += (System.nanoTime() - t0) / 1_000_000;
    int[] reads = world.notionReads();
    figures.notionIncremental += reads[0];
    figures.notionFull += reads[1];
    model.ended(span, world.clock.instant());
    world.alignFullScans(serverBefore, world.databaseNow());
    changedSinceSync = false;

    List<Violation> found = new ArrayList<>();
    Map<String, Held> after = world.readAll();
    Map<String, Map<String, Rec>> records = new LinkedHashMap<>();
    after.forEach((place, h) -> records.put(place, h.records()));
    for (Map.Entry<String, Held> e : after.entrySet()) {
      check();
      if (!e.getValue().duplicates().isEmpty()) {
        found.add(
            new Violation(
                "no-duplicate-keys",
                e.getKey() + " holds " + e.getValue().duplicates() + " twice"));
      }
    }
    check();
    if (result.exit() == 1) {
      found.add(new Violation("sync-fails", "exit 1: " + (result.err() + result.out()).strip()));
    }
    JsonNode report = s.mode() == Mode.PIPELINE && s.crash() == null ? null : json(result.out());

    // What the engine hands to people.
    Map<String, Set<String>> listedConflicts = listedConflicts();
    Set<String> listedDeletes = listedDeletes();

    // Every key: one of its admissible outcomes, or a violation.
    Map<String, Expect> took = new TreeMap<>();
    for (Map.Entry<String, List<Expect>> e : predicted.entrySet()) {
      check();
      String key = e.getKey();
      Set<String> listed = listedConflicts.getOrDefault(key, Set.of());
      Expect match = model.matching(key, e.getValue(), records, !listed.isEmpty());
      if (match == null) {
        Violation v = null;
        for (Expect alt : e.getValue()) {
          v = model.mismatch(key, alt, records);
          if (v != null) {
            break;
          }
        }
        found.add(
            v != null
                ? v
                : new Violation(
                    "held-is-named",
                    key + " should be held for a person (" + e.getValue().get(0).why() + ")"));
        took.put(key, null);
      } else {
        took.put(key, match);
      }
    }
    Map<String, Map<String, Rec>> held = new LinkedHashMap<>();
    model.held.forEach((p, m) -> held.put(p, new TreeMap<>(m)));
    took.forEach(
        (key, match) -> {
          if (match != null) {
            model.adopt(key, match, records, listedConflicts.getOrDefault(key, Set.of()));
          } else {
            model.force(key, records);
          }
        });

    // Exit codes: 0 only when nothing waits for a person; nothing held, then 0.
    Set<String> attention = model.attention();
    check();
    if (result.exit() == 0 && !attention.isEmpty()) {
      found.add(
          new Violation(
              "exit0-nothing-held",
              "exit 0 while " + describeAttention() + " (the run must say it needs attention)"));
    }
    check();
    if (result.exit() == 2 && attention.isEmpty()) {
      found.add(
          new Violation(
              "converges-when-nothing-held",
              "exit 2 with nothing held: "
                  + (report == null ? result.out() : attentionOf(report))));
    }

    // drift: empty after a sync that exits 0; otherwise only where something is held.
    if (drift) {
      Cli drift = world.cli("drift", "--registry", ConvergenceScenario.REGISTRY);
      check();
      if (result.exit() == 0 && drift.exit() != 0) {
        found.add(
            new Violation("exit0-no-drift", "sync exited 0, then drift says:\n" + drift.out()));
      }
      check();
      Set<String> drifted = new TreeSet<>();
      for (String line : drift.out().split("\n")) {
        Matcher m = DRIFT_LINE.matcher(line.strip());
        if (m.matches()) {
          drifted.add(m.group(1));
        }
      }
      drifted.removeAll(attention);
      if (!drifted.isEmpty()) {
        found.add(
            new Violation(
                "drift-only-where-held",
                "drift names " + drifted + ", which nothing holds:\n" + drift.out()));
      }
    }

    // What is held is named: conflicts list, deletes list, the run's invalid records.
    model.heldConflicts.forEach(
        (key, fields) -> {
          for (String f : fields.keySet()) {
            check();
            if (!listedConflicts.getOrDefault(key, Set.of()).contains(f)) {
              found.add(
                  new Violation(
                      "held-is-named",
                      "conflicts list does not name "
                          + key
                          + "."
                          + f
                          + ", held with candidates "
                          + fields.get(f)));
            }
          }
        });
    for (String key : model.heldDeletes.keySet()) {
      check();
      if (!listedDeletes.contains(key)) {
        found.add(
            new Violation(
                "held-is-named",
                "deletes list does not name "
                    + key
                    + ", deleted at "
                    + model.heldDeletes.get(key)
                    + " and held"));
      }
    }
    if (report != null) {
      Set<String> invalid = new HashSet<>();
      report.path("invalid").forEach(i -> invalid.add(i.path("key").asText()));
      for (String key : model.quarantined) {
        check();
        if (!invalid.contains(key)) {
          found.add(
              new Violation(
                  "held-is-named",
                  "the run does not report "
                      + key
                      + " as invalid, which "
                      + whereInvalid(key)
                      + " holds invalid"));
        }
      }
    }
    listedConflicts.forEach(
        (key, fields) -> {
          for (String f : fields) {
            check();
            if (!model.heldConflicts.getOrDefault(key, Map.of()).containsKey(f)) {
              found.add(
                  new Violation(
                      "review-queues-list-only-what-is-held",
                      "conflicts list still names " + key + "." + f + ", which nothing holds"));
            }
          }
        });
    for (String key : listedDeletes) {
      check();
      if (!model.heldDeletes.containsKey(key)) {
        found.add(
            new Violation(
                "review-queues-list-only-what-is-held",
                "deletes list still names " + key + ", which nothing holds"));
      }
    }

    // Writes: only to records whose endpoint state had to change.
    if (report != null && s.crash() == null) {
      for (Map.Entry<String, JsonNode> e : report.path("plan").properties()) {
        for (JsonNode op : e.getValue().path("ops")) {
          check();
          String key = op.path("key").asText();
          String place = e.getKey();
          boolean changed = !Objects.equals(held.get(place).get(key), records.get(place).get(key));
          if (!changed) {
            found.add(
                new Violation(
                    quiet ? "nothing-changed-writes-nothing" : "writes-only-what-changed",
                    (quiet
                            ? "nothing changed since the last sync, yet the plan has "
                            : "the plan has ")
                        + op
                        + " at "
                        + place
                        + ", where "
                        + key
                        + " is "
                        + held.get(place).get(key)
                        + " and needs no write"));
          }
        }
      }
    }

    backdate(pagesBefore, cursorBefore);

    found.removeIf(v -> skip.contains(v.invariant()) || skip.contains(v.signature()));
    if (found.isEmpty()) {
      return null;
    }
    found.sort(
        Comparator.comparingInt(
            v -> INVARIANTS.indexOf(v.invariant()) < 0 ? 99 : INVARIANTS.indexOf(v.invariant())));
    found.forEach(v -> figures.violations.merge(v.invariant(), 1, Integer::sum));
    Violation first = found.get(0);
    StringBuilder detail = new StringBuilder(first.detail());
    if (crashed) {
      detail.append("\n  (this sync was stopped mid-apply and run again)");
    }
    detail.append("\n  sync exit ").append(result.exit());
    if (report != null) {
      detail.append(", ").append(attentionOf(report));
    }
    for (Violation other : found.subList(1, Math.min(found.size(), 6))) {
      detail.append("\n  also: ").append(other);
    }
    return new Violation(first.invariant(), detail.toString(), first.where());
  }

  private void check() {
    figures.checks++;
  }

  private Cli run(Mode mode) {
    return switch (mode) {
      case INCREMENTAL -> world.cli("sync", "--registry", ConvergenceScenario.REGISTRY, "--json");
      case FULL ->
          world.cli("sync", "--registry", ConvergenceScenario.REGISTRY, "--full", "--json");
      case PIPELINE -> world.pipeline();
    };
  }

  /**
   * Lets the next incremental read of Notion skip the pages the last sync read and nobody touched
   * since, as it would once time passed (see {@link ConvergenceWorld#backdate}). Only after a sync
   * that moved the engine's Notion position on: otherwise the next read starts where this one did
   * and must find the same changes again. Under last-write-wins, a page whose change is still
   * pending keeps its time: that time decides conflicts.
   */
  private void backdate(Map<String, String> pagesBefore, String cursorBefore) {
    if (!scenario.has(Kind.NOTION)) {
      return;
    }
    String cursorAfter = world.cursorMoved("notion");
    if (cursorAfter == null || cursorAfter.equals(cursorBefore)) {
      return;
    }
    Map<String, String> now = world.notionPages();
    Set<String> pending = model.pending();
    Set<String> quiet = new HashSet<>();
    pagesBefore.forEach(
        (id, json) -> {
          if (json.equals(now.get(id))) {
            String key = world.notionKey(json);
            if (!scenario.conflict().equals("last-write-wins") || !pending.contains(key)) {
              quiet.add(id);
            }
          }
        });
    world.backdate(quiet);
  }

  private Map<String, Set<String>> listedConflicts() {
    Map<String, Set<String>> out = new TreeMap<>();
    Cli list = world.cli("conflicts", "list", "--registry", ConvergenceScenario.REGISTRY);
    for (String line : list.out().split("\n")) {
      Matcher m = CONFLICT_LINE.matcher(line.strip());
      if (m.matches()) {
        out.computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(m.group(3));
      }
    }
    return out;
  }

  private Set<String> listedDeletes() {
    Set<String> out = new TreeSet<>();
    Cli list = world.cli("deletes", "list", "--registry", ConvergenceScenario.REGISTRY);
    for (String line : list.out().split("\n")) {
      Matcher m = DELETE_LINE.matcher(line.strip());
      if (m.matches()) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  private String describeAttention() {
    List<String> parts = new ArrayList<>();
    if (!model.quarantined.isEmpty()) {
      parts.add("quarantined " + model.quarantined);
    }
    model.heldConflicts.forEach((k, f) -> parts.add("conflict held " + k + "." + f.keySet()));
    model.heldDeletes.forEach((k, f) -> parts.add("delete held " + k + " (deleted at " + f + ")"));
    return String.join(", ", parts);
  }

  private String whereInvalid(String key) {
    List<String> at = new ArrayList<>();
    for (Place p : scenario.places()) {
      if (model.invalidAt(p.name(), key)) {
        at.add(p.name());
      }
    }
    return String.join(", ", at);
  }

  private static String attentionOf(JsonNode report) {
    return "report: applied "
        + report.path("applied").asInt()
        + ", stale "
        + report.path("stale").asInt()
        + ", failed "
        + report.path("failed").asInt()
        + ", invalid "
        + report.path("invalid")
        + ", conflicts "
        + report.path("conflicts")
        + ", held_deletes "
        + report.path("held_deletes")
        + (report.path("errors").isEmpty() ? "" : ", errors " + report.path("errors"));
  }

  private static JsonNode json(String text) {
    try {
      JsonNode node = Json.mapper().readTree(text.isBlank() ? "{}" : text);
      return node == null ? Json.mapper().createObjectNode() : node;
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  int syncs() {
    return syncNo;
  }

  @Override
  public void close() {
    world.close();
  }
}
