package com.chittysync.sync.state.memory;

import com.chittysync.sync.state.Cursors;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Cursors} in a {@link MemoryState}. */
public final class MemoryCursors implements Cursors {
  private final MemoryState state;

  public MemoryCursors(MemoryState state) {
    this.state = state;
  }

  @Override
  public Map<String, CursorState> cursors(String registry) {
    synchronized (state) {
      Map<String, CursorState> out = new HashMap<>();
      state
          .cursors
          .getOrDefault(registry, Map.of())
          .forEach(
              (endpoint, c) -> out.put(endpoint, new CursorState(c.cursor(), c.lastFullScan())));
      return out;
    }
  }

  @Override
  public void saveCursor(String registry, String endpoint, String cursor, boolean fullScan) {
    synchronized (state) {
      state.ensure(registry);
      save(state, registry, endpoint, cursor, fullScan);
    }
  }

  /** As the database's upsert: a full scan stamps now, else the last stamp stays. */
  static void save(
      MemoryState state, String registry, String endpoint, String cursor, boolean fullScan) {
    Map<String, MemoryState.Cursor> all =
        state.cursors.computeIfAbsent(registry, r -> new HashMap<>());
    MemoryState.Cursor previous = all.get(endpoint);
    all.put(
        endpoint,
        new MemoryState.Cursor(
            Optional.ofNullable(cursor),
            fullScan
                ? Optional.of(state.clock.instant())
                : previous == null ? Optional.empty() : previous.lastFullScan()));
  }
}
