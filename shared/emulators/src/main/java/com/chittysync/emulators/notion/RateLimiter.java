package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notion's per-connection rate limit as a token bucket per bearer token. Off by default so unit
 * tests are not slowed; uses real (monotonic) time because clients really wait out Retry-After.
 */
final class RateLimiter {
  private volatile double perSecond;
  private volatile int burst;
  private volatile String reason = "integration_rate_limit";
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastNanos = now;
    }
  }

  /** Enables the limit; {@code perSecond <= 0} disables it. */
  void configure(double perSecond, int burst, String reason) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
    if (reason != null) {
      this.reason = reason;
    }
    buckets.clear();
  }

  /** Takes one token for {@code key} or throws the 429 Notion sends. */
  void acquire(String key) {
    double rate = perSecond;
    if (rate <= 0) {
      return;
    }
    long now = System.nanoTime();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    double wait;
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) / 1e9 * rate);
      b.lastNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      wait = (1 - b.tokens) / rate;
    }
    ObjectNode data = Json.object();
    data.put("rate_limit_reason", reason);
    // Retry-After is whole seconds (at least 1): round the real wait up.
    long retryAfter = Math.max(1, (long) Math.ceil(wait));
    throw new NotionError(
            429,
            "rate_limited",
            "You have been rate limited. Please try again in a few minutes.",
            data)
        .withHeader("Retry-After", Long.toString(retryAfter));
  }
}
