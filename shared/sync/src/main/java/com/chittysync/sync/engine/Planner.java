package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a key's resolution into the ops that make one endpoint hold it: a create, an update of only
 * the fields that differ, or a delete; each op carries the endpoint's current record as its
 * precondition. Pure.
 *
 * <p>"Differ" is judged through the endpoint's representation: a field whose current value is what
 * the endpoint would hold if given the resolved one (a Notion checkbox's {@code false} for a null)
 * needs no write, or the registry would rewrite it on every sync.
 */
public final class Planner {
  private Planner() {}

  /**
   * The op for {@code side}'s endpoint, if it needs one.
   *
   * @param opNo the number to give the op
   * @param readOnly fields this endpoint cannot write (ignored when comparing)
   */
  public static Optional<Op> plan(
      int opNo, Resolution resolution, Side side, Set<String> readOnly) {
    if (!side.known()) {
      return Optional.empty();
    }
    Optional<CanonicalRecord> current = side.current();
    String key = resolution.key();
    switch (resolution.outcome()) {
      case PRESENT -> {
        CanonicalRecord target = resolution.record().orElseThrow();
        // What the endpoint does not map is as good as read-only there: never compared, never
        // written.
        Set<String> untouched = untouched(side, target, readOnly);
        if (current.isEmpty()) {
          return Optional.of(new Op.Create(opNo, key, writable(target, untouched)));
        }
        if (current.get().fields().equals(target.fields())) {
          return Optional.empty();
        }
        Map<String, JsonNode> changes = diff(current.get(), target, untouched);
        CanonicalRecord held = side.represent(target);
        changes
            .keySet()
            .removeIf(
                field -> CanonicalRecord.sameValue(current.get().get(field), held.get(field)));
        return changes.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Op.Update(opNo, key, side.remoteId().orElse(key), current.get(), changes));
      }
      case DELETED -> {
        return current.map(c -> new Op.Delete(opNo, key, side.remoteId().orElse(key), c));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /**
   * The fields whose values differ between {@code from} and {@code to}, with {@code to}'s values.
   */
  public static Map<String, JsonNode> diff(
      CanonicalRecord from, CanonicalRecord to, Set<String> readOnly) {
    Set<String> fields = new TreeSet<>(from.fields().keySet());
    fields.addAll(to.fields().keySet());
    Map<String, JsonNode> changes = new TreeMap<>();
    for (String field : fields) {
      if (readOnly.contains(field)) {
        continue;
      }
      JsonNode target = to.get(field);
      if (!CanonicalRecord.sameValue(from.get(field), target)) {
        changes.put(field, target.isNull() ? NullNode.getInstance() : target);
      }
    }
    return changes;
  }

  private static Set<String> untouched(Side side, CanonicalRecord target, Set<String> readOnly) {
    if (side.fields() == null) {
      return readOnly;
    }
    Set<String> out = new TreeSet<>(readOnly);
    for (String field : target.fields().keySet()) {
      if (!side.maps(field)) {
        out.add(field);
      }
    }
    if (side.current().isPresent()) {
      for (String field : side.current().get().fields().keySet()) {
        if (!side.maps(field)) {
          out.add(field);
        }
      }
    }
    return out;
  }

  private static CanonicalRecord writable(CanonicalRecord record, Set<String> readOnly) {
    if (readOnly.isEmpty()) {
      return record;
    }
    Map<String, JsonNode> fields = new TreeMap<>(record.fields());
    fields.keySet().removeAll(readOnly);
    return new CanonicalRecord(record.key(), fields);
  }

  /** Every op for {@code side} over all keys, numbered from {@code firstOpNo}. */
  public static List<Op> planAll(
      int firstOpNo, List<Resolution> resolutions, List<Side> sides, Set<String> readOnly) {
    ArrayList<Op> ops = new ArrayList<>();
    for (int i = 0; i < resolutions.size(); i++) {
      plan(firstOpNo + ops.size(), resolutions.get(i), sides.get(i), readOnly).ifPresent(ops::add);
    }
    return ops;
  }
}
