package com.chittysync.sync.state;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where each endpoint's last settled fetch left off. A finished plan that applied every op moves
 * them on ({@link PlanJournal#finish}); this is the read side, and a direct write.
 */
public interface Cursors {
  /**
   * Where an endpoint's last successful fetch left off.
   *
   * @param cursor the position its incremental fetch continues from
   * @param lastFullScan when it was last read in full
   */
  record CursorState(Optional<String> cursor, Optional<Instant> lastFullScan) {}

  /**
   * The fetch positions of {@code registry}'s endpoints, by endpoint.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  Map<String, CursorState> cursors(String registry);

  /**
   * Records where {@code endpoint}'s fetch left off; a full scan also stamps the last full scan,
   * otherwise the previous stamp stays.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  void saveCursor(String registry, String endpoint, String cursor, boolean fullScan);
}
