package com.chittysync.cli;

import com.chittysync.cli.ConvergenceScenario.Kind;
import com.chittysync.cli.ConvergenceScenario.Place;
import com.chittysync.cli.ConvergenceScenario.Rec;
import com.chittysync.cli.ConvergenceScenario.Type;
import com.chittysync.connect.CanonicalRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The oracle: what every endpoint should hold, kept from people's edits alone, and what a sync
 * should do to it by the documented rules (docs/sync.md): each endpoint's changes since its last
 * sync are merged field by field against the last synced record; the same change at several
 * endpoints is none; different changes are settled by the strategy or held; a delete loses to an
 * update and follows the delete policy and the guard; a quarantined record moves nowhere.
 *
 * <p>Values are compared as each endpoint holds them ({@link ConvergenceScenario#represent}): a
 * Notion checkbox has no "no value" (null is false), a Notion text and a sheet cell hold no empty
 * string (empty is null); PostgreSQL holds every value as given. Where the documentation leaves the
 * engine a choice, the oracle accepts every documented outcome and then follows the one the engine
 * took:
 *
 * <ul>
 *   <li>Candidates that differ only in what some endpoint cannot hold (a PostgreSQL {@code ''} and
 *       an empty cell) may be taken as one change or as a conflict.
 *   <li>Last-write-wins orders changes by the time an endpoint reports (Notion's {@code
 *       last_edited_time}, to the minute) or else by when a sync first saw them; a sighting is
 *       known to lie between the start and end of that sync, and "the change" may be the record's,
 *       the field's or the field's current value's, so every winner some such reading allows is
 *       accepted.
 *   <li>Whether Notion was read in full (and its deletions counted by the delete guard) is the
 *       engine's choice.
 * </ul>
 */
final class ConvergenceModel {
  /** A sync's span on the wall clock; {@code end} is null while it runs. */
  record Span(int sync, Instant start, Instant end) {}

  /** What one key should come to. */
  enum Outcome {
    /** Nothing changed for it: nothing is written. */
    UNCHANGED,
    /** Some endpoint holds it invalid: nothing is written, the run reports it. */
    QUARANTINED,
    /** A conflict waits for a person: nothing is written, {@code conflicts list} names it. */
    HELD_CONFLICT,
    /** A delete waits for a person: nothing is written, {@code deletes list} names it. */
    HELD_DELETE,
    /** Every endpoint holds it, with one of the admissible values of each field. */
    PRESENT,
    /** No endpoint holds it. */
    DELETED
  }

  /**
   * One admissible outcome of a key.
   *
   * @param admissible for PRESENT: each field's admissible canonical values
   * @param heldFields for HELD_CONFLICT: the fields held, with each candidate by endpoint
   * @param optional for HELD_CONFLICT: the held fields the engine may also take as one change
   *     (their candidates differ only in what some endpoint cannot hold)
   * @param deleteFrom for HELD_DELETE: where it went missing
   * @param decided whether it follows a person's decision on a held delete
   * @param why a line for a failure message
   */
  record Expect(
      Outcome outcome,
      Map<String, Set<Object>> admissible,
      Map<String, Map<String, Object>> heldFields,
      Set<String> optional,
      List<String> deleteFrom,
      boolean decided,
      String why) {
    boolean writesNothing() {
      return outcome != Outcome.PRESENT && outcome != Outcome.DELETED;
    }
  }

  /**
   * A violated invariant.
   *
   * @param where the endpoints at fault, when known: with the invariant, what tells one failure
   *     from another while shrinking
   */
  record Violation(String invariant, String detail, String where) {
    Violation(String invariant, String detail) {
      this(invariant, detail, "");
    }

    /** The invariant and where it broke: a shrunk sequence must keep failing the same way. */
    String signature() {
      return where.isEmpty() ? invariant : invariant + "@" + where;
    }

    @Override
    public String toString() {
      return invariant + ": " + detail;
    }
  }

  private final ConvergenceScenario scenario;

  /** What each endpoint holds now, by endpoint and key. */
  final Map<String, Map<String, Rec>> held = new LinkedHashMap<>();

  /** What each endpoint held when the key last settled there. */
  final Map<String, Map<String, Rec>> snap = new LinkedHashMap<>();

  /** The last synced canonical record of each key (values only). */
  final Map<String, Map<String, Object>> base = new TreeMap<>();

  /** Conflicts a person decided and no sync settled yet: key, field, value. */
  final Map<String, Map<String, Object>> decisions = new TreeMap<>();

  /** Held deletes a person decided: key, approved. */
  final Map<String, Boolean> deleteDecisions = new TreeMap<>();

  /** Conflicts held for a person: key, field, candidates by endpoint. */
  final Map<String, Map<String, Map<String, Object>>> heldConflicts = new TreeMap<>();

  /** Deletes held for a person: key, where it went missing. */
  final Map<String, List<String>> heldDeletes = new TreeMap<>();

  /** Keys some endpoint holds invalid. */
  final Set<String> quarantined = new TreeSet<>();

  // When a sync first saw a change at an endpoint that keeps no modification times.
  private final Map<String, Span> recordSeen = new HashMap<>();
  private final Map<String, Span> fieldSeen = new HashMap<>();
  private final Map<String, Span> valueSeen = new HashMap<>();

  ConvergenceModel(ConvergenceScenario scenario) {
    this.scenario = scenario;
    for (Place p : scenario.places()) {
      held.put(p.name(), new TreeMap<>());
      snap.put(p.name(), new TreeMap<>());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // People's edits

  /** As {@code place} holds {@code value} of {@code field} once a person types it there. */
  Object represent(String place, String field, Object value) {
    if (value instanceof ConvergenceScenario.Unreadable) {
      return value;
    }
    return ConvergenceScenario.represent(
        scenario.place(place).kind(), ConvergenceScenario.FIELDS.get(field), value);
  }

  Rec represent(String place, Rec rec) {
    Map<String, Object> values = new HashMap<>();
    for (String f : ConvergenceScenario.VALUE_FIELDS) {
      values.put(f, represent(place, f, rec.get(f)));
    }
    return new Rec(values, extra(place, rec.extra()));
  }

  private String extra(String place, String text) {
    return text != null && text.isEmpty() && scenario.place(place).kind() != Kind.POSTGRES
        ? null
        : text;
  }

  void created(String place, String key, Rec rec) {
    held.get(place).put(key, represent(place, rec));
  }

  void set(String place, String key, String field, Object value) {
    Rec before = held.get(place).get(key);
    held.get(place).put(key, before.with(field, represent(place, field, value)));
    // A new value is a new change to see, whatever was seen before.
    valueSeen.remove(place + "|" + key + "|" + field);
  }

  void setExtra(String place, String key, String text) {
    held.get(place).put(key, held.get(place).get(key).withExtra(extra(place, text)));
  }

  void deleted(String place, String key) {
    held.get(place).remove(key);
  }

  // ---------------------------------------------------------------------------------------------
  // What a sync should do

  private boolean changed(String place, String key) {
    Rec s = snap.get(place).get(key);
    Rec c = held.get(place).get(key);
    if (s == null || c == null) {
      return (s == null) != (c == null);
    }
    return !sameValues(s, c);
  }

  private boolean changed(String place, String key, String field) {
    Rec s = snap.get(place).get(key);
    Rec c = held.get(place).get(key);
    if (c == null) {
      return false;
    }
    if (s == null) {
      return c.get(field) != null;
    }
    return !ConvergenceScenario.same(s.get(field), c.get(field));
  }

  private static boolean sameValues(Rec a, Rec b) {
    for (String f : ConvergenceScenario.VALUE_FIELDS) {
      if (!ConvergenceScenario.same(a.get(f), b.get(f))) {
        return false;
      }
    }
    return true;
  }

  /** Every key anyone holds, held or knows. */
  Set<String> keys() {
    Set<String> keys = new TreeSet<>(base.keySet());
    held.values().forEach(m -> keys.addAll(m.keySet()));
    snap.values().forEach(m -> keys.addAll(m.keySet()));
    keys.addAll(decisions.keySet());
    keys.addAll(deleteDecisions.keySet());
    return keys;
  }

  /**
   * Notes which changes sync {@code now} is the first to see, at endpoints that keep no
   * modification times (their changes are dated by when a sync first saw them).
   */
  void sighting(Span now) {
    for (Place p : scenario.places()) {
      if (p.kind() == Kind.NOTION) {
        continue;
      }
      for (String key : keys()) {
        String rk = p.name() + "|" + key;
        if (!changed(p.name(), key)) {
          recordSeen.remove(rk);
        } else {
          recordSeen.putIfAbsent(rk, now);
        }
        for (String f : ConvergenceScenario.VALUE_FIELDS) {
          String fk = rk + "|" + f;
          if (!changed(p.name(), key, f)) {
            fieldSeen.remove(fk);
            valueSeen.remove(fk);
          } else {
            fieldSeen.putIfAbsent(fk, now);
            valueSeen.putIfAbsent(fk, now);
          }
        }
      }
    }
  }

  /**
   * What the next sync should do to each key.
   *
   * @param stamps each Notion page's {@code last_edited_time} by key, read just before the sync
   * @param now the sync
   */
  Map<String, List<Expect>> predict(Map<String, Instant> stamps, Span now) {
    Map<String, Boolean> guarded = guard();
    Map<String, List<Expect>> out = new TreeMap<>();
    for (String key : keys()) {
      out.put(key, predict(key, stamps, now, guarded));
    }
    return out;
  }

  /**
   * Endpoints whose deletes the delete guard holds: true when it trips, false when it does not,
   * null when that is the engine's choice (Notion, which it may read incrementally).
   */
  private Map<String, Boolean> guard() {
    Map<String, Boolean> out = new HashMap<>();
    for (Place p : scenario.places()) {
      Map<String, Rec> known = snap.get(p.name());
      long gone = 0;
      long unreadable = 0;
      for (String key : known.keySet()) {
        Rec now = held.get(p.name()).get(key);
        if (now == null) {
          gone++;
        } else if (p.kind() == Kind.SHEET
            && now.fields().values().stream()
                .anyMatch(v -> v instanceof ConvergenceScenario.Unreadable)) {
          unreadable++;
        }
      }
      // A sheet row that cannot be read is no record of the fetch: whether it counts as missing
      // is the engine's choice, as is whether it read Notion in full.
      boolean trips = !known.isEmpty() && (double) gone / known.size() > scenario.guard();
      boolean mayTrip =
          !known.isEmpty() && (double) (gone + unreadable) / known.size() > scenario.guard();
      out.put(p.name(), (p.kind() == Kind.NOTION && mayTrip) || trips != mayTrip ? null : trips);
    }
    return out;
  }

  private List<Expect> predict(
      String key, Map<String, Instant> stamps, Span now, Map<String, Boolean> guarded) {
    for (Place p : scenario.places()) {
      Rec r = held.get(p.name()).get(key);
      if (r != null && r.invalid()) {
        return List.of(
            expect(Outcome.QUARANTINED, "held invalid at " + p.name() + ": " + r, false));
      }
    }
    List<String> updaters = new ArrayList<>();
    List<String> deleters = new ArrayList<>();
    for (Place p : scenario.places()) {
      if (changed(p.name(), key)) {
        (held.get(p.name()).containsKey(key) ? updaters : deleters).add(p.name());
      }
    }
    Map<String, Object> b = base.get(key);
    if (updaters.isEmpty() && deleters.isEmpty()) {
      return List.of(expect(Outcome.UNCHANGED, "nobody changed it", false));
    }
    if (updaters.isEmpty()) {
      return deletion(key, b, deleters, guarded);
    }
    return merge(key, b, updaters, stamps, now);
  }

  private List<Expect> deletion(
      String key, Map<String, Object> b, List<String> deleters, Map<String, Boolean> guarded) {
    String why = "deleted at " + deleters;
    Boolean decided = deleteDecisions.get(key);
    if (Boolean.TRUE.equals(decided)) {
      return List.of(expect(Outcome.DELETED, why + ", the held delete approved", true));
    }
    if (Boolean.FALSE.equals(decided)) {
      return List.of(restore(key, b, why + ", the held delete rejected: restored", true));
    }
    Expect hold =
        new Expect(
            Outcome.HELD_DELETE, Map.of(), Map.of(), Set.of(), deleters, false, why + ", held");
    // docs/sync.md: a delete made at every endpoint leaves nothing to hold (unless the guard
    // trips); a delete already held waits for its decision whatever the guard says now.
    boolean goneEverywhere =
        scenario.places().stream().noneMatch(p -> held.get(p.name()).containsKey(key));
    if (heldDeletes.containsKey(key) && !goneEverywhere) {
      return List.of(hold);
    }
    Expect policy =
        switch (scenario.deletes()) {
          case "hold" ->
              goneEverywhere
                  ? expect(Outcome.DELETED, why + ", everywhere: nothing held", false)
                  : hold;
          case "ignore" -> restore(key, b, why + ", policy ignore: restored", false);
          default -> expect(Outcome.DELETED, why + ", propagated", false);
        };
    boolean trips = false;
    boolean maybe = false;
    for (String d : deleters) {
      Boolean g = guarded.get(d);
      trips |= Boolean.TRUE.equals(g);
      maybe |= g == null;
    }
    if (trips) {
      return List.of(hold);
    }
    return maybe ? List.of(policy, hold) : List.of(policy);
  }

  private Expect restore(String key, Map<String, Object> b, String why, boolean decided) {
    if (b == null) {
      return expect(Outcome.DELETED, why + " (never synced: nothing to restore)", decided);
    }
    Map<String, Set<Object>> admissible = new LinkedHashMap<>();
    b.forEach((f, v) -> admissible.put(f, Set.of(v == null ? ConvergenceScenario.NULL : v)));
    return new Expect(Outcome.PRESENT, admissible, Map.of(), Set.of(), List.of(), decided, why);
  }

  private List<Expect> merge(
      String key,
      Map<String, Object> b,
      List<String> updaters,
      Map<String, Instant> stamps,
      Span now) {
    Map<String, Set<Object>> admissible = new LinkedHashMap<>();
    Map<String, Map<String, Object>> mustHold = new LinkedHashMap<>();
    Map<String, Map<String, Object>> mayHold = new LinkedHashMap<>();
    StringBuilder why = new StringBuilder("changed at " + updaters);
    for (String f : ConvergenceScenario.VALUE_FIELDS) {
      Type type = ConvergenceScenario.FIELDS.get(f);
      Map<String, Object> candidates = new LinkedHashMap<>();
      for (String u : updaters) {
        if (changed(u, key, f) || b == null) {
          candidates.put(u, held.get(u).get(key).get(f));
        }
      }
      if (candidates.isEmpty()) {
        Object v = b == null ? null : b.get(f);
        admissible.put(f, Set.of(v == null ? ConvergenceScenario.NULL : v));
        continue;
      }
      Set<Object> values = new LinkedHashSet<>();
      candidates.values().forEach(v -> values.add(v == null ? ConvergenceScenario.NULL : v));
      if (allSame(candidates.values())) {
        admissible.put(f, values);
        continue;
      }
      Set<Object> common = commonPreimages(type, candidates);
      Object decision =
          decisions.containsKey(key) && decisions.get(key).containsKey(f)
              ? decisions.get(key).get(f)
              : Optional.NONE;
      Set<Object> adm = new LinkedHashSet<>(common);
      if (decision != Optional.NONE) {
        adm.add(decision == null ? ConvergenceScenario.NULL : decision);
        why.append("; ").append(f).append(" decided ").append(ConvergenceScenario.show(decision));
      } else if (scenario.conflict().equals("manual")) {
        (common.isEmpty() ? mustHold : mayHold).put(f, candidates);
        why.append("; ").append(f).append(" in conflict ").append(candidates);
      } else {
        adm.addAll(winners(key, f, candidates, stamps, now));
        why.append("; ")
            .append(f)
            .append(" in conflict ")
            .append(candidates)
            .append(" → ")
            .append(adm);
      }
      admissible.put(f, adm);
    }
    if (!mustHold.isEmpty()) {
      mustHold.putAll(mayHold);
      return List.of(
          new Expect(
              Outcome.HELD_CONFLICT,
              Map.of(),
              mustHold,
              mayHold.keySet(),
              List.of(),
              false,
              why.toString()));
    }
    Expect present =
        new Expect(
            Outcome.PRESENT, admissible, Map.of(), Set.of(), List.of(), false, why.toString());
    if (mayHold.isEmpty()) {
      return List.of(present);
    }
    return List.of(
        present,
        new Expect(
            Outcome.HELD_CONFLICT,
            Map.of(),
            mayHold,
            mayHold.keySet(),
            List.of(),
            false,
            why.toString()));
  }

  /** Marks "no decision" apart from a decision for null. */
  private enum Optional {
    NONE
  }

  private static boolean allSame(Collection<Object> values) {
    Object first = null;
    boolean any = false;
    for (Object v : values) {
      if (!any) {
        first = v;
        any = true;
      } else if (!ConvergenceScenario.same(first, v)) {
        return false;
      }
    }
    return true;
  }

  /** Canonical values every candidate's endpoint holds as that candidate. */
  private Set<Object> commonPreimages(Type type, Map<String, Object> candidates) {
    Set<Object> common = null;
    for (Map.Entry<String, Object> c : candidates.entrySet()) {
      Set<Object> pre =
          ConvergenceScenario.preimages(scenario.place(c.getKey()).kind(), type, c.getValue());
      if (common == null) {
        common = new LinkedHashSet<>(pre);
      } else {
        common.retainAll(pre);
      }
    }
    return common == null ? Set.of() : common;
  }

  /** The values the registry's strategy may pick among different changes of one field. */
  private Set<Object> winners(
      String key,
      String field,
      Map<String, Object> candidates,
      Map<String, Instant> stamps,
      Span now) {
    return winners(key, field, candidates, stamps, now, scenario.conflict());
  }

  private Set<Object> winners(
      String key,
      String field,
      Map<String, Object> candidates,
      Map<String, Instant> stamps,
      Span now,
      String strategy) {
    Set<Object> out = new LinkedHashSet<>();
    switch (strategy) {
      case "content-hash" -> out.add(wrap(candidates.get(byHash(candidates.keySet(), candidates))));
      case "source-priority" -> {
        List<String> order = scenario.priority();
        String best = null;
        for (String c : candidates.keySet()) {
          if (best == null
              || rank(order, c) < rank(order, best)
              || (rank(order, c) == rank(order, best)
                  && hash(candidates.get(c)).compareTo(hash(candidates.get(best))) < 0)) {
            best = c;
          }
        }
        out.add(wrap(candidates.get(best)));
      }
      case "last-write-wins" -> {
        // docs/sync.md: only an endpoint that dates its changes (Notion here; these tables have
        // no modified_column) can win by time, and only by a clear minute. Otherwise the
        // registry's fallback decides: its priority list, else the content hash.
        boolean allDated =
            candidates.keySet().stream().allMatch(c -> scenario.place(c).kind() == Kind.NOTION);
        if (allDated) {
          for (Map<String, Span> seen : List.of(recordSeen, fieldSeen, valueSeen)) {
            for (String c : candidates.keySet()) {
              if (canWin(c, key, field, candidates, stamps, now, seen)) {
                out.add(wrap(candidates.get(c)));
              }
            }
          }
        }
        if (out.isEmpty() || !allDated) {
          out.clear();
          out.addAll(
              scenario.priority().isEmpty()
                  ? Set.of(wrap(candidates.get(byHash(candidates.keySet(), candidates))))
                  : winners(key, field, candidates, stamps, now, "source-priority"));
        }
      }
      default -> throw new IllegalStateException(strategy);
    }
    return out;
  }

  private static int rank(List<String> order, String endpoint) {
    int i = order.indexOf(endpoint);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /**
   * Whether candidate {@code c} is the newest change under some dating the documentation allows:
   * its own time as late as it can be, every other one as early.
   */
  private boolean canWin(
      String c,
      String key,
      String field,
      Map<String, Object> candidates,
      Map<String, Instant> stamps,
      Span now,
      Map<String, Span> seen) {
    Object[] mine = dating(c, key, field, stamps, now, seen);
    for (String d : candidates.keySet()) {
      if (d.equals(c) || ConvergenceScenario.same(candidates.get(d), candidates.get(c))) {
        continue;
      }
      Object[] theirs = dating(d, key, field, stamps, now, seen);
      boolean sameClock = mine[2] != null && mine[2].equals(theirs[2]);
      int cmp = sameClock ? 0 : ((Instant) mine[1]).compareTo((Instant) theirs[0]);
      if (cmp < 0 || (cmp == 0 && hash(candidates.get(c)).compareTo(hash(candidates.get(d))) > 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {earliest, latest, clock}: an endpoint's change time. Notion says when ({@code
   * last_edited_time}); another endpoint's change is dated by the sync that first saw it, known to
   * lie within that sync's span; changes first seen by one sync share its one instant (the clock is
   * that sync).
   */
  private Object[] dating(
      String place,
      String key,
      String field,
      Map<String, Instant> stamps,
      Span now,
      Map<String, Span> seen) {
    if (scenario.place(place).kind() == Kind.NOTION) {
      Instant t = stamps.getOrDefault(key, Instant.EPOCH);
      return new Object[] {t, t, null};
    }
    String k = place + "|" + key + (seen == recordSeen ? "" : "|" + field);
    Span s = seen.getOrDefault(k, now);
    Instant end = s.end() == null ? Instant.MAX : s.end();
    return new Object[] {s.start(), end, s.sync()};
  }

  private static String byHash(Set<String> endpoints, Map<String, Object> candidates) {
    String best = null;
    for (String e : endpoints) {
      if (best == null || hash(candidates.get(e)).compareTo(hash(candidates.get(best))) < 0) {
        best = e;
      }
    }
    return best;
  }

  /** The content hash the engine breaks ties with: SHA-256 of the value's canonical JSON. */
  static String hash(Object value) {
    return CanonicalRecord.valueHashHex(ConvergenceScenario.json(value));
  }

  private static Object wrap(Object v) {
    return v == null ? ConvergenceScenario.NULL : v;
  }

  private static Expect expect(Outcome outcome, String why, boolean decided) {
    return new Expect(outcome, Map.of(), Map.of(), Set.of(), List.of(), decided, why);
  }

  // ---------------------------------------------------------------------------------------------
  // Checking a sync, and following it

  /**
   * Which admissible outcome of {@code key} the endpoints now show, or null if none: {@code after}
   * is what every endpoint holds after the sync, {@code heldConflict} whether the engine holds a
   * conflict of the key.
   */
  Expect matching(
      String key, List<Expect> alternatives, Map<String, Map<String, Rec>> after, boolean listed) {
    if (alternatives.size() > 1) {
      // Where the engine may hold a conflict or merge, its conflict queue says which it did.
      for (Expect e : alternatives) {
        if (e.outcome() == Outcome.HELD_CONFLICT && listed && mismatch(key, e, after) == null) {
          return e;
        }
      }
    }
    for (Expect e : alternatives) {
      if (e.outcome() == Outcome.HELD_CONFLICT && alternatives.size() > 1 && !listed) {
        continue;
      }
      if (mismatch(key, e, after) == null) {
        return e;
      }
    }
    return null;
  }

  /** Why the endpoints do not show {@code e} for {@code key}, or null when they do. */
  Violation mismatch(String key, Expect e, Map<String, Map<String, Rec>> after) {
    for (Place p : scenario.places()) {
      Rec before = held.get(p.name()).get(key);
      Rec now = after.get(p.name()).get(key);
      String at = p.name();
      switch (e.outcome()) {
        case UNCHANGED, QUARANTINED, HELD_CONFLICT, HELD_DELETE -> {
          boolean quiet = e.outcome() == Outcome.UNCHANGED;
          if (before != null && now == null) {
            return new Violation(
                quiet ? "no-record-disappears" : "held-changes-nothing",
                key + " vanished from " + at + " (" + e.why() + "); it held " + before,
                at);
          }
          if (!Objects.equals(before, now)) {
            if (before != null
                && now != null
                && sameValues(before, now)
                && !Objects.equals(before.extra(), now.extra())) {
              return new Violation(
                  "unmapped-columns-kept",
                  key + " at " + at + ": unmapped column " + before.extra() + " → " + now.extra(),
                  at);
            }
            return new Violation(
                quiet ? "nothing-changed-writes-nothing" : "held-changes-nothing",
                key + " at " + at + " went from " + before + " to " + now + " (" + e.why() + ")",
                at);
          }
        }
        case DELETED -> {
          if (now != null) {
            return new Violation(
                "change-reaches-every-endpoint",
                key + " is still at " + at + " " + now + " (" + e.why() + ")",
                at);
          }
        }
        case PRESENT -> {
          if (now == null) {
            return new Violation(
                before != null ? "no-record-disappears" : "change-reaches-every-endpoint",
                key + " is missing at " + at + " (" + e.why() + ")",
                at);
          }
          String extra = before == null ? null : before.extra();
          if (!Objects.equals(extra, now.extra())) {
            return new Violation(
                "unmapped-columns-kept",
                key
                    + " at "
                    + at
                    + ": unmapped column "
                    + ConvergenceScenario.show(extra)
                    + " → "
                    + ConvergenceScenario.show(now.extra()),
                at);
          }
        }
      }
    }
    if (e.outcome() == Outcome.PRESENT) {
      for (String f : ConvergenceScenario.VALUE_FIELDS) {
        if (pick(key, f, e.admissible().get(f), after) == null) {
          StringBuilder holds = new StringBuilder();
          for (Place p : scenario.places()) {
            holds
                .append(p.name())
                .append('=')
                .append(ConvergenceScenario.show(after.get(p.name()).get(key).get(f)))
                .append(' ');
          }
          return new Violation(
              "change-reaches-every-endpoint",
              key
                  + "."
                  + f
                  + " should be one of "
                  + e.admissible().get(f)
                  + " everywhere (as each endpoint holds it); endpoints hold "
                  + holds.toString().trim()
                  + " ("
                  + e.why()
                  + ")",
              String.join("+", lagging(key, f, e.admissible().get(f), after)));
        }
      }
    }
    return null;
  }

  /** The endpoints that do not hold the admissible value most endpoints hold. */
  private List<String> lagging(
      String key, String field, Set<Object> admissible, Map<String, Map<String, Rec>> after) {
    Type type = ConvergenceScenario.FIELDS.get(field);
    List<String> best = null;
    for (Object x : admissible) {
      List<String> off = new ArrayList<>();
      for (Place p : scenario.places()) {
        Object v = after.get(p.name()).get(key).get(field);
        if (!ConvergenceScenario.same(
            ConvergenceScenario.represent(p.kind(), type, ConvergenceScenario.unwrap(x)), v)) {
          off.add(p.name());
        }
      }
      if (best == null || off.size() < best.size()) {
        best = off;
      }
    }
    return best == null ? List.of() : best;
  }

  /** The admissible canonical value every endpoint holds for {@code field}, or null. */
  private Object pick(
      String key, String field, Set<Object> admissible, Map<String, Map<String, Rec>> after) {
    Type type = ConvergenceScenario.FIELDS.get(field);
    for (Object x : admissible) {
      boolean all = true;
      for (Place p : scenario.places()) {
        Object v = after.get(p.name()).get(key).get(field);
        all &=
            ConvergenceScenario.same(
                ConvergenceScenario.represent(p.kind(), type, ConvergenceScenario.unwrap(x)), v);
      }
      if (all) {
        return x;
      }
    }
    return null;
  }

  /**
   * Follows the outcome {@code e} that the sync took for {@code key}; {@code listed} are the fields
   * of the key the engine's conflict queue holds.
   */
  void adopt(String key, Expect e, Map<String, Map<String, Rec>> after, Set<String> listed) {
    for (Place p : scenario.places()) {
      Rec now = after.get(p.name()).get(key);
      if (now == null) {
        held.get(p.name()).remove(key);
      } else {
        held.get(p.name()).put(key, now);
      }
    }
    quarantined.remove(key);
    switch (e.outcome()) {
      case UNCHANGED -> {
        // nothing settles
      }
      case QUARANTINED -> {
        // The key is frozen: what was held for a person stays held.
        quarantined.add(key);
        return;
      }
      case HELD_CONFLICT -> {
        Map<String, Map<String, Object>> fields = new TreeMap<>(e.heldFields());
        fields.keySet().removeIf(f -> e.optional().contains(f) && !listed.contains(f));
        heldConflicts.put(key, fields);
      }
      case HELD_DELETE -> heldDeletes.put(key, e.deleteFrom());
      case PRESENT, DELETED -> {
        Map<String, Object> before = base.get(key);
        if (e.outcome() == Outcome.DELETED) {
          base.remove(key);
        } else {
          Map<String, Object> record = new LinkedHashMap<>();
          for (String f : ConvergenceScenario.VALUE_FIELDS) {
            record.put(
                f, ConvergenceScenario.unwrap(canonical(key, f, e.admissible().get(f), after)));
          }
          base.put(key, record);
        }
        for (Place p : scenario.places()) {
          Rec now = after.get(p.name()).get(key);
          if (now == null) {
            snap.get(p.name()).remove(key);
          } else {
            snap.get(p.name()).put(key, now);
          }
        }
        heldConflicts.remove(key);
        heldDeletes.remove(key);
      }
    }
    if (e.outcome() != Outcome.HELD_CONFLICT) {
      heldConflicts.remove(key);
    }
    if (e.outcome() != Outcome.HELD_DELETE) {
      heldDeletes.remove(key);
    }
    if (e.outcome() != Outcome.HELD_CONFLICT && e.outcome() != Outcome.HELD_DELETE) {
      // The engine spends a decision in the first run that looks at its key and holds nothing
      // there, whether or not the record changes.
      decisions.remove(key);
      deleteDecisions.remove(key);
    }
    for (String rk : List.copyOf(recordSeen.keySet())) {
      if (e.outcome() == Outcome.PRESENT || e.outcome() == Outcome.DELETED) {
        if (rk.endsWith("|" + key)) {
          recordSeen.remove(rk);
        }
      }
    }
    if (e.outcome() == Outcome.PRESENT || e.outcome() == Outcome.DELETED) {
      fieldSeen.keySet().removeIf(k -> k.contains("|" + key + "|"));
      valueSeen.keySet().removeIf(k -> k.contains("|" + key + "|"));
    }
  }

  /**
   * The canonical value a settled field took: the admissible one every endpoint holds, preferring
   * what PostgreSQL holds (it holds every value as given).
   */
  private Object canonical(
      String key, String field, Set<Object> admissible, Map<String, Map<String, Rec>> after) {
    Type type = ConvergenceScenario.FIELDS.get(field);
    for (Place p : scenario.places()) {
      if (p.kind() == Kind.POSTGRES) {
        Object v = after.get(p.name()).get(key).get(field);
        for (Object x : admissible) {
          if (ConvergenceScenario.same(ConvergenceScenario.unwrap(x), v)) {
            return x;
          }
        }
      }
    }
    Object x = pick(key, field, admissible, after);
    return x == null ? null : x;
  }

  /** Closes the span of the sync that just ran, for later comparisons. */
  void ended(Span now, Instant end) {
    Span done = new Span(now.sync(), now.start(), end);
    for (Map<String, Span> m : List.of(recordSeen, fieldSeen, valueSeen)) {
      m.replaceAll((k, v) -> v.sync() == now.sync() ? done : v);
    }
  }

  /**
   * Takes what the endpoints hold as settled for {@code key}: after a violation the run was told to
   * pass over ({@code -Dconvergence.skip}), so that it can go on and find others.
   */
  void force(String key, Map<String, Map<String, Rec>> after) {
    Rec any = null;
    for (Place p : scenario.places()) {
      Rec now = after.get(p.name()).get(key);
      if (now == null) {
        held.get(p.name()).remove(key);
        snap.get(p.name()).remove(key);
      } else {
        held.get(p.name()).put(key, now);
        snap.get(p.name()).put(key, now);
        if (any == null || p.kind() == Kind.POSTGRES) {
          any = now;
        }
      }
    }
    if (any == null) {
      base.remove(key);
    } else {
      base.put(key, new LinkedHashMap<>(any.fields()));
    }
    quarantined.remove(key);
    heldConflicts.remove(key);
    heldDeletes.remove(key);
    decisions.remove(key);
    deleteDecisions.remove(key);
    recordSeen.keySet().removeIf(k -> k.endsWith("|" + key));
    fieldSeen.keySet().removeIf(k -> k.contains("|" + key + "|"));
    valueSeen.keySet().removeIf(k -> k.contains("|" + key + "|"));
  }

  /** Keys with anything waiting for a person or a fix. */
  Set<String> attention() {
    Set<String> out = new TreeSet<>(quarantined);
    out.addAll(heldConflicts.keySet());
    out.addAll(heldDeletes.keySet());
    return out;
  }

  /** Keys whose endpoints' changes are not all settled (quarantined, held, or changed since). */
  Set<String> pending() {
    Set<String> out = attention();
    for (Place p : scenario.places()) {
      for (String key : keys()) {
        if (changed(p.name(), key)) {
          out.add(key);
        }
      }
    }
    return out;
  }

  /** Keys live at {@code place}. */
  List<String> live(String place) {
    return new ArrayList<>(held.get(place).keySet());
  }

  /** Whether the record of {@code key} at {@code place} is invalid. */
  boolean invalidAt(String place, String key) {
    Rec r = held.get(place).get(key);
    return r != null && r.invalid();
  }

  /** Every key held anywhere. */
  Set<String> liveAnywhere() {
    Set<String> out = new HashSet<>();
    held.values().forEach(m -> out.addAll(m.keySet()));
    return out;
  }
}
