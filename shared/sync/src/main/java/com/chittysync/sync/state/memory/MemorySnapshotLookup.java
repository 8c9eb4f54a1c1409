package com.chittysync.sync.state.memory;

import com.chittysync.connect.SnapshotLookup;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link SnapshotLookup} in a {@link MemoryState}. */
public final class MemorySnapshotLookup implements SnapshotLookup {
  private final MemoryState state;

  public MemorySnapshotLookup(MemoryState state) {
    this.state = state;
  }

  @Override
  public Map<String, Optional<String>> remoteIdsByKey(String registry, String endpoint) {
    synchronized (state) {
      // A copy: the caller may change it, and must not see later syncs' rows appear in it.
      Map<String, Optional<String>> out = new HashMap<>();
      state
          .snapshots
          .getOrDefault(registry, Map.of())
          .getOrDefault(endpoint, Map.of())
          .forEach((key, snapshot) -> out.put(key, snapshot.remoteId()));
      return out;
    }
  }
}
