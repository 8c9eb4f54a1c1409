package com.chittysync.sheets;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Truncated exponential backoff with jitter, as Google advises for 429 and 5xx: the n-th wait is
 * between half and all of {@code min(base * 2^n, max)}, so clients that failed together do not
 * retry together. A server's {@code Retry-After} is honoured instead, with a little jitter.
 *
 * @param baseMillis the first wait's upper bound
 * @param maxMillis the cap of any wait
 */
record Backoff(long baseMillis, long maxMillis) {
  /** 1 s doubling to 32 s: six retries span a minute, when Sheets' per-minute quota refills. */
  static final Backoff STANDARD = new Backoff(1_000, 32_000);

  /** The longest {@code Retry-After} honoured; a longer one waits this long and tries again. */
  static final long MAX_RETRY_AFTER_MILLIS = 120_000;

  /** How long to wait before retry {@code attempt} (0 for the first). */
  long delay(int attempt, long retryAfterMillis) {
    if (retryAfterMillis >= 0) {
      long asked = Math.min(retryAfterMillis, MAX_RETRY_AFTER_MILLIS);
      return asked + ThreadLocalRandom.current().nextLong(Math.min(1_000, asked / 10) + 1);
    }
    long cap = Math.min(maxMillis, baseMillis << Math.min(attempt, 20));
    return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
  }

  /** Sleeps {@code millis}; an interrupt ends the wait and is kept for the caller to see. */
  static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
