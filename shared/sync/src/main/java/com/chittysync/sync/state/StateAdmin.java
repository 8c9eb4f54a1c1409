package com.chittysync.sync.state;

/** Maintenance of the state as a whole. */
public interface StateAdmin {
  /**
   * Forgets everything the state holds of {@code registry}: its runs, plans, snapshots, cursors,
   * canonical records, review queues, lease and its row, so its next sync starts as its first. The
   * audit log is append-only and keeps every entry. In one transaction: all of it goes, or none.
   * Does nothing for a registry the state does not know.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  void forget(String registry);
}
