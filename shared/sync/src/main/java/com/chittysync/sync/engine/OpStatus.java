package com.chittysync.sync.engine;

import com.chittysync.connect.OpResult;

/** Where an op of a stored plan stands, as the journal ({@code plan_op_status}) names it. */
public enum OpStatus {
  /** Not settled yet: applied by whoever finishes the plan. */
  PENDING("pending"),
  /** The endpoint holds what the op meant (applied now, or found already applied). */
  APPLIED("applied"),
  /** The endpoint's record changed since the plan read it; the next run plans it again. */
  SKIPPED_STALE("skipped_stale"),
  /** The endpoint refused the op; the next run plans it again. */
  FAILED("failed");

  private final String wire;

  OpStatus(String wire) {
    this.wire = wire;
  }

  /** The name stored and shown. */
  public String wire() {
    return wire;
  }

  /** The status an endpoint's result leaves its op in. */
  public static OpStatus of(OpResult.Outcome outcome) {
    return switch (outcome) {
      case APPLIED, ALREADY_APPLIED -> APPLIED;
      case STALE -> SKIPPED_STALE;
      case FAILED -> FAILED;
    };
  }
}
