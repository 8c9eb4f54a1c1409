package com.chittysync.dashboard.ops;

/** Asks the pipeline for a sync now: a {@code SyncRequested} event, as the schedule sends. */
public interface SyncRequests {
  /**
   * Puts {@code SyncRequested} for {@code registry} with trigger {@code dashboard} naming {@code
   * actor}; returns the event's id, or null when the request joined a sync of the registry already
   * waiting (whose event is on the bus, and whose sync has not begun to read).
   */
  String request(String registry, String actor);
}
