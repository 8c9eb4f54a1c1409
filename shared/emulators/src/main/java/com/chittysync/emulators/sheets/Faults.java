package com.chittysync.emulators.sheets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Injected failures: fail the next N matching requests with Google's error body for a status, add
 * latency, drop the connection after a write took effect, or switch the whole API off
 * (SERVICE_DISABLED). Rules are consumed in the order they were added. Unless a predicate says
 * otherwise, failures hit Sheets API requests only, not the token endpoint (so a test's first call
 * is not eaten by the client's token fetch).
 */
public final class Faults {
  private static final Predicate<RecordedRequest> API = r -> r.path().startsWith("/v4/");

  private static final class Rule {
    final Predicate<RecordedRequest> when;
    final int status;
    int remaining;

    Rule(Predicate<RecordedRequest> when, int status, int times) {
      this.when = when;
      this.status = status;
      this.remaining = times;
    }
  }

  private final List<Rule> failures = new ArrayList<>();
  private final List<Rule> drops = new ArrayList<>();
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean serviceDisabled;

  /**
   * Fails the next {@code times} Sheets API requests with {@code status} and Google's body for it:
   * 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 409 ABORTED,
   * 429 RESOURCE_EXHAUSTED (fixture 12, read or write group by request), 500 INTERNAL, 502/503
   * UNAVAILABLE, 504 DEADLINE_EXCEEDED. Injected failures change nothing and count against no
   * quota.
   */
  public Faults failNext(int status, int times) {
    return failNext(status, times, API);
  }

  /** As {@link #failNext(int, int)} for requests matching {@code when} (the token endpoint too). */
  public synchronized Faults failNext(int status, int times, Predicate<RecordedRequest> when) {
    failures.add(new Rule(when, status, times));
    return this;
  }

  /** Delays every request by {@code latency} before it is handled. */
  public Faults latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /**
   * For the next {@code times} successful writes (update, batchUpdate, append, clear, batchClear,
   * spreadsheets.batchUpdate): apply the write, then close the connection without answering, so the
   * client cannot know whether it happened. The request log shows status -1.
   */
  public Faults dropAfterWrite(int times) {
    return dropAfterWrite(times, r -> true);
  }

  /** As {@link #dropAfterWrite(int)} for writes matching {@code when}. */
  public synchronized Faults dropAfterWrite(int times, Predicate<RecordedRequest> when) {
    drops.add(new Rule(when, 0, times));
    return this;
  }

  /**
   * Answers every API request with 403 PERMISSION_DENIED / SERVICE_DISABLED, as Google does when
   * the Sheets API is not enabled for the project (fixture 13), until switched back.
   */
  public Faults serviceDisabled(boolean disabled) {
    this.serviceDisabled = disabled;
    return this;
  }

  /** Removes every pending fault, the latency and the disabled switch. */
  public synchronized void reset() {
    failures.clear();
    drops.clear();
    latency = Duration.ZERO;
    serviceDisabled = false;
  }

  Duration currentLatency() {
    return latency;
  }

  /** Consumes a matching failure rule and returns its error, or null. */
  synchronized SheetsError nextFailure(RecordedRequest req) {
    if (serviceDisabled && API.test(req)) {
      return SheetsError.serviceDisabled();
    }
    Rule r = consume(failures, req);
    return r == null ? null : SheetsError.forStatus(r.status, req.isWrite());
  }

  /** Consumes a matching drop rule; true if this write's response must be dropped. */
  synchronized boolean consumeDrop(RecordedRequest req) {
    return consume(drops, req) != null;
  }

  private static Rule consume(List<Rule> rules, RecordedRequest req) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if (r.when.test(req)) {
        if (--r.remaining <= 0) {
          it.remove();
        }
        return r;
      }
    }
    return null;
  }
}
