package com.chittysync.audit;

import java.util.List;

/**
 * How a note fared against a {@link WitnessPolicy}.
 *
 * @param threshold cosignatures required
 * @param validWitnesses names of the distinct policy witnesses whose cosignature verified
 * @param invalidWitnesses names of policy witnesses with a matching line that failed to verify
 */
public record QuorumResult(
    int threshold, List<String> validWitnesses, List<String> invalidWitnesses) {

  /** Copies the lists. */
  public QuorumResult {
    validWitnesses = List.copyOf(validWitnesses);
    invalidWitnesses = List.copyOf(invalidWitnesses);
  }

  /** Number of distinct witnesses with a valid cosignature. */
  public int validCount() {
    return validWitnesses.size();
  }

  /** Whether at least {@link #threshold()} witnesses cosigned and none of them failed. */
  public boolean satisfied() {
    return invalidWitnesses.isEmpty() && validWitnesses.size() >= threshold;
  }
}
