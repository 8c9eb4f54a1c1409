package com.chittysync.sync.state;

import com.chittysync.connect.CanonicalRecord;
import java.util.Collection;
import java.util.Map;

/** The canonical records: the merge base, as the last finished plan settled them. */
public interface CanonicalRecords {
  /**
   * The content hash of every live (not deleted) canonical record of {@code registry}, by key.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  Map<String, byte[]> baseHashes(String registry);

  /**
   * The live canonical records of {@code keys}; keys with none are absent.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  Map<String, CanonicalRecord> base(String registry, Collection<String> keys);
}
