package com.chittysync.sheets;

import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One batch's ops and what has become of each as the rounds go: its outcome once known, whether a
 * write of it may have landed, and which ops go round again and why.
 */
final class OpLedger {
  private final List<Op> ops;
  private final OpResult[] results;
  private final boolean[] attempted;
  private List<Integer> retries = new ArrayList<>();
  private String lastError;
  private long retryAfter = -1;

  OpLedger(List<Op> ops) {
    this.ops = ops;
    this.results = new OpResult[ops.size()];
    this.attempted = new boolean[ops.size()];
  }

  Op op(int i) {
    return ops.get(i);
  }

  /** Forgets the last round's retries and their reason, before a new round. */
  void newRound() {
    retries = new ArrayList<>();
    lastError = null;
    retryAfter = -1;
  }

  /** The ops that the last round left to try again. */
  List<Integer> retries() {
    return retries;
  }

  /** Why the last round's retries were not written. */
  String lastError() {
    return lastError;
  }

  /** The longest wait the last round's refusals asked for, or -1. */
  long retryAfter() {
    return retryAfter;
  }

  void fail(int i, String reason) {
    results[i] = OpResult.failed(ops.get(i).opNo(), reason);
  }

  void stale(int i, String reason) {
    results[i] = OpResult.stale(ops.get(i).opNo(), reason);
  }

  /** Done: already so before this apply, or written in an earlier round whose answer was lost. */
  void done(int i) {
    Op op = ops.get(i);
    results[i] =
        attempted[i]
            ? OpResult.applied(op.opNo(), op.key())
            : OpResult.alreadyApplied(op.opNo(), op.key());
  }

  void applied(Iterable<Integer> indices) {
    for (int i : indices) {
      results[i] = OpResult.applied(ops.get(i).opNo(), ops.get(i).key());
    }
  }

  /**
   * Records a failed write of the ops at {@code indices}: retryable ones go round again (marked as
   * possibly written when the outcome is unknown), others fail; a fatal failure is thrown.
   */
  void failed(Iterable<Integer> indices, SheetsApiException e) {
    if (e.fatal()) {
      throw e;
    }
    for (int i : indices) {
      if (e.retryable()) {
        retries.add(i);
        attempted[i] |= e.outcomeUnknown();
      } else {
        results[i] = OpResult.failed(ops.get(i).opNo(), e.getMessage());
      }
    }
    if (e.retryable()) {
      lastError = e.getMessage();
      retryAfter = Math.max(retryAfter, e.retryAfterMillis());
    }
  }

  /** Every op's outcome, in the batch's order. */
  List<OpResult> results() {
    return Arrays.asList(results);
  }
}
