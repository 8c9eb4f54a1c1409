package com.chittysync.dashboard.ops;

import java.util.Optional;

/**
 * What a local run puts in place of the cloud: {@code chittysync demo --keep-running} has no
 * EventBridge bus, so "Sync now" goes to its in-process pipeline instead. Empty in the function.
 */
public record LocalOverrides(Optional<SyncRequests> syncRequests) {
  /** Nothing overridden: the deployed function. */
  public static LocalOverrides none() {
    return new LocalOverrides(Optional.empty());
  }
}
