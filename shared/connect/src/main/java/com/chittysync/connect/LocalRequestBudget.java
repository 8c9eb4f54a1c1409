package com.chittysync.connect;

import java.time.Duration;

/**
 * A budget held in this process: spaces its holders' requests to an average rate, and holds every
 * holder back while the server has asked for a pause.
 */
final class LocalRequestBudget implements RequestBudget {
  private final long intervalNanos;
  private long next;

  LocalRequestBudget(double perSecond) {
    this.intervalNanos = (long) (1_000_000_000L / perSecond);
    this.next = System.nanoTime();
  }

  @Override
  public void acquire() throws InterruptedException {
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

  @Override
  public synchronized void pause(Duration duration) {
    next = Math.max(next, System.nanoTime() + duration.toNanos());
  }
}
