package com.chittysync.connect;

import java.util.Map;
import java.util.Optional;

/**
 * What the last syncs recorded of an endpoint's records, for connectors that translate between keys
 * and their own ids (a Notion page id) without asking the remote service for each.
 */
public interface SnapshotLookup {
  /**
   * Every key the last sync recorded for {@code endpoint} of {@code registry}, with the remote id
   * it was recorded with, empty when the endpoint gave none. No two keys share a remote id. Empty
   * for an endpoint or a registry never synced.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  Map<String, Optional<String>> remoteIdsByKey(String registry, String endpoint);
}
