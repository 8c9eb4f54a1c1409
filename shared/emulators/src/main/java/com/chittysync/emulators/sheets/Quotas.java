package com.chittysync.emulators.sheets;

import com.chittysync.emulators.EmulatorClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sheets' per-minute quotas, per user (a service account is one user): read requests and write
 * requests are counted separately over a sliding 60-second window of the emulator's clock. A
 * request over the limit gets 429 RESOURCE_EXHAUSTED with the body Google sends (fixture 12). Each
 * batch request counts once; rejected requests do not count.
 *
 * <p>Defaults are 300 reads and 300 writes per minute, generous so long suites never trip them.
 * <b>Google's real per-user limit is 60 of each</b>: set it with {@link #readsPerMinute(int)} and
 * {@link #writesPerMinute(int)} for quota tests, and move time with {@link #advance(Duration)}
 * instead of sleeping.
 */
public final class Quotas {
  /** The default limit of reads, and of writes, per minute per service account. */
  public static final int DEFAULT_PER_MINUTE = 300;

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final EmulatorClock clock;
  private final Map<String, Deque<Instant>> windows = new HashMap<>();
  private int reads = DEFAULT_PER_MINUTE;
  private int writes = DEFAULT_PER_MINUTE;

  Quotas(EmulatorClock clock) {
    this.clock = clock;
  }

  /** Sets the read-request limit per minute per service account (Google's: 60). */
  public synchronized Quotas readsPerMinute(int limit) {
    reads = limit;
    return this;
  }

  /** Sets the write-request limit per minute per service account (Google's: 60). */
  public synchronized Quotas writesPerMinute(int limit) {
    writes = limit;
    return this;
  }

  /** The read limit in force. */
  public synchronized int readsPerMinute() {
    return reads;
  }

  /** The write limit in force. */
  public synchronized int writesPerMinute() {
    return writes;
  }

  /** Forgets every counted request (the quotas are full again); limits stay as set. */
  public synchronized Quotas reset() {
    windows.clear();
    return this;
  }

  /** Puts back the default limits and forgets counted requests. */
  public synchronized Quotas restoreDefaults() {
    reads = DEFAULT_PER_MINUTE;
    writes = DEFAULT_PER_MINUTE;
    return reset();
  }

  /**
   * Moves the emulator's clock forward (quota windows refill after a minute). The same clock
   * expires access tokens after an hour, so advancing far makes clients refresh their token.
   */
  public Quotas advance(Duration duration) {
    clock.advance(duration);
    return this;
  }

  /** How many requests of the kind the account has made within the last minute. */
  public synchronized int used(String clientEmail, boolean write) {
    Deque<Instant> w = windows.get(key(clientEmail, write));
    if (w == null) {
      return 0;
    }
    prune(w, clock.instant());
    return w.size();
  }

  /** Counts one request, or throws the 429 when the account is over its limit. */
  synchronized void acquire(String clientEmail, boolean write) {
    int limit = write ? writes : reads;
    Instant now = clock.instant();
    Deque<Instant> w = windows.computeIfAbsent(key(clientEmail, write), k -> new ArrayDeque<>());
    prune(w, now);
    if (w.size() >= limit) {
      throw SheetsError.quotaExceeded(write, limit);
    }
    w.addLast(now);
  }

  private static void prune(Deque<Instant> w, Instant now) {
    Instant cutoff = now.minus(WINDOW);
    while (!w.isEmpty() && !w.peekFirst().isAfter(cutoff)) {
      w.removeFirst();
    }
  }

  private static String key(String email, boolean write) {
    return email.toLowerCase(Locale.ROOT) + (write ? "|w" : "|r");
  }
}
