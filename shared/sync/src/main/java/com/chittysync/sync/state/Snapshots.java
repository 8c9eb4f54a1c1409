package com.chittysync.sync.state;

import com.chittysync.connect.CanonicalRecord;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What each endpoint held at its last sync (its snapshot), the merge's "before" for that endpoint.
 * A snapshot equal to the canonical record is kept by hash only and read back as that record.
 */
public interface Snapshots {
  /** A snapshot entry: the record an endpoint held at its last sync, and its identity there. */
  record Snapshot(Optional<String> remoteId, CanonicalRecord record) {}

  /** A snapshot entry by hash only: enough to tell that a fetched record did not change. */
  record SnapshotHash(Optional<String> remoteId, byte[] hash) {}

  /**
   * What {@code endpoint} held at its last sync, by key, as content hashes.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  Map<String, SnapshotHash> snapshotHashes(String registry, String endpoint);

  /**
   * What {@code endpoint} held at its last sync for {@code keys} (keys it held nothing for are
   * absent). A snapshot kept by hash only is the canonical record with that hash or, while a crash
   * leaves its plan applying, that plan's resolved record with that hash.
   *
   * @throws com.chittysync.core.ChittySyncException {@code internal} when a snapshot's hash
   *     resolves to no record; {@code database.unavailable} or {@code database.error}
   */
  Map<String, Snapshot> snapshots(String registry, String endpoint, Collection<String> keys);
}
