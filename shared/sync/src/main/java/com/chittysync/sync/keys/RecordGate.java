package com.chittysync.sync.keys;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.sync.schema.StorableText;
import java.util.ArrayList;
import java.util.List;

/**
 * What no registry can sync, whatever its schema says: a key {@link KeyRules} refuses, and text
 * PostgreSQL cannot hold ({@link StorableText}) in any field name or value. The engine asks it of
 * every record it fetches, changed or not, before hashing or storing anything; the write route asks
 * it of every record it is sent.
 */
public final class RecordGate {
  private RecordGate() {}

  /** Why {@code record} cannot be synced; empty when it can. */
  public static List<FieldError> refusals(String keyField, CanonicalRecord record) {
    List<FieldError> key = KeyRules.check(keyField, record.key());
    List<FieldError> text = StorableText.check(record);
    if (text.isEmpty()) {
      return key;
    }
    List<FieldError> out = new ArrayList<>(key);
    String keyPath = KeyRules.path(keyField);
    for (FieldError e : text) {
      // The key field's value is the key, already named above.
      if (key.isEmpty() || !e.path().equals(keyPath)) {
        out.add(e);
      }
    }
    return out;
  }
}
