package com.chittysync.postgres;

import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.postgres.PgBatch.Action;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups an apply call's ops into statements of at most the configured batch size, in an order that
 * keeps ops on one key in sequence, after refusing those that can never apply to the table.
 */
final class PgBatcher {
  private final int batchSize;
  private final String keyField;

  PgBatcher(PostgresSettings settings) {
    this.batchSize = settings.batchSize();
    this.keyField = settings.keyField();
  }

  /**
   * Refuses ops that can never apply (into {@code refused}) and groups the rest into statements:
   * deletes, then updates by the set of columns they change, then creates. An op on a key that an
   * earlier op of the call already touches runs on its own afterwards, in order.
   */
  List<PgBatch> plan(TableShape s, List<Op> ops, OpResult[] refused) {
    PgColumn keyColumn = s.keyColumn();
    Map<String, PgColumn> byField = new HashMap<>();
    for (PgColumn column : s.columns()) {
      byField.put(column.field(), column);
    }
    List<Integer> deletes = new ArrayList<>();
    Map<List<Integer>, List<Integer>> updates = new LinkedHashMap<>();
    List<Integer> creates = new ArrayList<>();
    List<PgBatch> later = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String why = refusal(s, op, keyColumn, byField);
      if (why != null) {
        refused[i] = OpResult.failed(op.opNo(), why);
        continue;
      }
      boolean again = !keys.add(op.key());
      if (op instanceof Op.Create) {
        if (again) {
          later.add(new PgBatch(Action.CREATE, List.of(), List.of(i)));
        } else {
          creates.add(i);
        }
      } else if (op instanceof Op.Update u) {
        List<Integer> changed = new ArrayList<>();
        for (int j : s.writable()) {
          if (u.changes().containsKey(s.columns().get(j).field())) {
            changed.add(j);
          }
        }
        if (again) {
          later.add(new PgBatch(Action.UPDATE, changed, List.of(i)));
        } else {
          updates.computeIfAbsent(List.copyOf(changed), k -> new ArrayList<>()).add(i);
        }
      } else if (again) {
        later.add(new PgBatch(Action.DELETE, List.of(), List.of(i)));
      } else {
        deletes.add(i);
      }
    }
    List<PgBatch> batches = new ArrayList<>();
    chunk(batches, Action.DELETE, List.of(), deletes);
    updates.forEach((changed, indices) -> chunk(batches, Action.UPDATE, changed, indices));
    chunk(batches, Action.CREATE, List.of(), creates);
    batches.addAll(later);
    return batches;
  }

  private void chunk(List<PgBatch> into, Action action, List<Integer> changed, List<Integer> ops) {
    for (int from = 0; from < ops.size(); from += batchSize) {
      into.add(
          new PgBatch(action, changed, ops.subList(from, Math.min(ops.size(), from + batchSize))));
    }
  }

  /** Why {@code op} can never apply here, or {@code null}. */
  private String refusal(TableShape s, Op op, PgColumn keyColumn, Map<String, PgColumn> byField) {
    String key = op.key();
    if (key == null || key.isBlank()) {
      return "the key is empty";
    }
    String nonCanonical = PgValues.nonCanonicalKey(key, keyColumn);
    if (nonCanonical != null) {
      return "key '"
          + key
          + "' "
          + nonCanonical
          + " for key column "
          + keyColumn.display()
          + " ("
          + keyColumn.sqlType()
          + "); it would read back as another key";
    }
    if (op instanceof Op.Create create) {
      if (keyColumn.readOnly()) {
        return "key column "
            + keyColumn.display()
            + " is "
            + keyColumn.readOnlyReason()
            + ": this endpoint cannot create records with a given key";
      }
      String recordKey = PgValues.keyText(create.target().fields().get(keyField));
      if (recordKey != null && !recordKey.equals(key)) {
        return "the record's key field '" + keyField + "' does not match the op's key";
      }
      for (PgColumn column : s.columns()) {
        if (column.readOnly() && create.target().fields().containsKey(column.field())) {
          return readOnly(column);
        }
      }
    } else if (op instanceof Op.Update update) {
      for (Map.Entry<String, JsonNode> change : update.changes().entrySet()) {
        if (change.getKey().equals(keyField)) {
          if (!key.equals(PgValues.keyText(change.getValue()))) {
            return "an update cannot change the key field '" + keyField + "'";
          }
          continue;
        }
        PgColumn column = byField.get(change.getKey());
        if (column != null && column.readOnly()) {
          return readOnly(column);
        }
      }
    }
    return null;
  }

  private static String readOnly(PgColumn column) {
    return "field '"
        + column.field()
        + "' is read-only here: column "
        + column.display()
        + " is "
        + column.readOnlyReason();
  }
}
