package com.chittysync.audit.log;

import java.util.OptionalLong;

/**
 * The outcome of {@link AuditVerifier#verify}.
 *
 * @param ok whether everything held
 * @param entries entries checked
 * @param checkpoints checkpoints checked
 * @param cosignatures valid witness cosignatures on the latest checkpoint
 * @param firstBadSeq the first sequence number found bad, when one can be named
 * @param failure what failed, or {@code null}
 */
public record VerificationReport(
    boolean ok,
    long entries,
    int checkpoints,
    int cosignatures,
    OptionalLong firstBadSeq,
    String failure) {

  /** The one-line summary the CLI prints. */
  public String summary() {
    if (ok) {
      return "OK: "
          + entries
          + " entries, "
          + checkpoints
          + " checkpoint(s), "
          + cosignatures
          + " witness cosignature(s) on the latest; every leaf, root, signature and cosignature verified";
    }
    return "FAILED"
        + (firstBadSeq.isPresent() ? " at seq " + firstBadSeq.getAsLong() : "")
        + ": "
        + failure
        + " ("
        + entries
        + " entries checked)";
  }
}
