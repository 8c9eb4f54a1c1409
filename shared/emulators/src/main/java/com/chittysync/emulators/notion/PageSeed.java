package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Optional overrides for a page created by a seed or helper. Null fields take the usual defaults (a
 * new id, the clock's time, the acting user).
 */
record PageSeed(
    String id,
    Instant createdTime,
    Instant lastEditedTime,
    String createdBy,
    String lastEditedBy,
    boolean inTrash,
    JsonNode icon,
    JsonNode cover) {
  static final PageSeed NONE = new PageSeed(null, null, null, null, null, false, null, null);
}
