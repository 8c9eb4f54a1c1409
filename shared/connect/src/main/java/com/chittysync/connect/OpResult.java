package com.chittysync.connect;

import java.util.Optional;

/**
 * What happened to one op.
 *
 * @param opNo the op
 * @param outcome the outcome
 * @param remoteId the record's identity at the endpoint after the op (a create learns it)
 * @param error why it failed or was stale, for the run report
 */
public record OpResult(int opNo, Outcome outcome, Optional<String> remoteId, String error) {
  /** The outcomes. */
  public enum Outcome {
    /** Written now. */
    APPLIED,
    /** The endpoint already held the target state (a re-run after a crash): nothing written. */
    ALREADY_APPLIED,
    /** The record changed since it was planned: not written, left for the next run. */
    STALE,
    /** The endpoint refused or failed; reported, the rest of the run goes on. */
    FAILED
  }

  public static OpResult applied(int opNo, String remoteId) {
    return new OpResult(opNo, Outcome.APPLIED, Optional.ofNullable(remoteId), null);
  }

  public static OpResult alreadyApplied(int opNo, String remoteId) {
    return new OpResult(opNo, Outcome.ALREADY_APPLIED, Optional.ofNullable(remoteId), null);
  }

  public static OpResult stale(int opNo, String why) {
    return new OpResult(opNo, Outcome.STALE, Optional.empty(), why);
  }

  public static OpResult failed(int opNo, String why) {
    return new OpResult(opNo, Outcome.FAILED, Optional.empty(), why);
  }

  /** Whether the endpoint now holds the op's target state. */
  public boolean done() {
    return outcome == Outcome.APPLIED || outcome == Outcome.ALREADY_APPLIED;
  }
}
