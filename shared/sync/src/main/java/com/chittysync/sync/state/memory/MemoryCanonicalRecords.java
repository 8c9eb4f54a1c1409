package com.chittysync.sync.state.memory;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.sync.state.CanonicalRecords;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** {@link CanonicalRecords} in a {@link MemoryState}. */
public final class MemoryCanonicalRecords implements CanonicalRecords {
  private final MemoryState state;

  public MemoryCanonicalRecords(MemoryState state) {
    this.state = state;
  }

  @Override
  public Map<String, byte[]> baseHashes(String registry) {
    synchronized (state) {
      Map<String, byte[]> out = new HashMap<>();
      state
          .canonical
          .getOrDefault(registry, Map.of())
          .forEach(
              (key, c) -> {
                if (!c.deleted()) {
                  out.put(key, c.hash().clone());
                }
              });
      return out;
    }
  }

  @Override
  public Map<String, CanonicalRecord> base(String registry, Collection<String> keys) {
    synchronized (state) {
      Map<String, CanonicalRecord> out = new HashMap<>();
      Map<String, MemoryState.Canonical> all = state.canonical.getOrDefault(registry, Map.of());
      for (String key : keys) {
        MemoryState.Canonical c = all.get(key);
        if (c != null && !c.deleted()) {
          out.put(key, new CanonicalRecord(key, c.record().fields()));
        }
      }
      return out;
    }
  }
}
