package com.chittysync.sync.endpoint;

import java.util.Optional;

/**
 * What a sync asks an endpoint for.
 *
 * @param full whether every record is wanted (a full scan, which also reveals deletions); else only
 *     what changed since {@code cursor}
 * @param cursor the position the previous successful fetch returned, if any
 */
public record FetchRequest(boolean full, Optional<String> cursor) {
  /** A full scan. */
  public static FetchRequest fullScan() {
    return new FetchRequest(true, Optional.empty());
  }
}
