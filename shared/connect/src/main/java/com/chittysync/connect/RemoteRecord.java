package com.chittysync.connect;

import java.time.Instant;
import java.util.Optional;

/**
 * A record as one endpoint holds it.
 *
 * @param remoteId the endpoint's own identity for it (primary key, Notion page id, sheet row
 *     marker); for tables keyed by the registry key it is the key itself
 * @param record its canonical form
 * @param modifiedAt when the endpoint says it was last modified, if it says
 */
public record RemoteRecord(String remoteId, CanonicalRecord record, Optional<Instant> modifiedAt) {
  /** The registry key. */
  public String key() {
    return record.key();
  }
}
