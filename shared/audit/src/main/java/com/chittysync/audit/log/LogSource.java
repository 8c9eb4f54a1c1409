package com.chittysync.audit.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link AuditVerifier} checks: a log's entries and checkpoints, read from the database or
 * fetched from a server's HTTP API. Nothing from the source is trusted; everything is recomputed.
 */
public interface LogSource {
  /** Streams every entry in sequence order, with its stored leaf hash when the source keeps one. */
  void entries(AuditLog.EntryConsumer consumer);

  /** Every checkpoint, smallest tree first. */
  List<StoredCheckpoint> checkpoints();

  /** The stored head, when the source is the database itself. */
  default Optional<AuditLog.Head> head() {
    return Optional.empty();
  }

  /** Stored interior nodes of height {@code level} with index in {@code [from, to)}, by index. */
  default Map<Long, byte[]> nodes(int level, long from, long to) {
    return Map.of();
  }

  /** Every stored interior node, keyed {@code level << 56 | index}; empty when not kept. */
  default Map<Long, byte[]> allNodes() {
    return Map.of();
  }
}
