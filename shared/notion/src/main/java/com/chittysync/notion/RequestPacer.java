package com.chittysync.notion;

/**
 * Spaces requests to an average rate, and holds every caller back while the server has asked for a
 * pause ({@code Retry-After}). Shared by all requests of one endpoint, so the limit holds across
 * threads.
 */
final class RequestPacer {
  private final long intervalNanos;
  private long next;

  RequestPacer(double perSecond) {
    this.intervalNanos = (long) (1_000_000_000L / perSecond);
    this.next = System.nanoTime();
  }

  /** Blocks until this caller may send. */
  void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, next);
      next = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** Nobody sends for {@code millis}: the server said so. */
  synchronized void pause(long millis) {
    next = Math.max(next, System.nanoTime() + millis * 1_000_000);
  }
}
