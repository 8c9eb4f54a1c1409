package com.chittysync.notion;

import com.chittysync.connect.CanonicalRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each key's page was last seen to hold, as the reads and writes of this endpoint left it. A
 * write judges its precondition against it without reading the page again. After a full read it
 * knows every live page; after an incremental read only what changed, so a create first looks for
 * its key in Notion ({@link #partial()}).
 */
final class KeyIndex {
  /** What a key was last seen to hold here. */
  record Known(String pageId, CanonicalRecord record) {}

  private volatile Map<String, Known> index;
  // After an incremental read the index knows only what changed: a create first looks for the key.
  private volatile boolean partialIndex;

  /** Whether any read has filled the index yet. */
  boolean loaded() {
    return index != null;
  }

  /** Whether the index may lack keys that a live page holds. */
  boolean partial() {
    return partialIndex;
  }

  /** After a complete read: {@code seen} is every live page. */
  void replace(Map<String, Known> seen) {
    index = new ConcurrentHashMap<>(seen);
    partialIndex = false;
  }

  /**
   * After an incremental read: what {@code changed} holds now, and the keys that {@code vanished}.
   */
  void merge(Map<String, Known> changed, Set<String> vanished) {
    if (index != null) {
      index.putAll(changed);
      vanished.forEach(index::remove);
    } else {
      index = new ConcurrentHashMap<>(changed);
      partialIndex = true;
    }
  }

  Known get(String key) {
    return index.get(key);
  }

  void put(String key, Known known) {
    index.put(key, known);
  }

  void remove(String key) {
    index.remove(key);
  }
}
