package com.chittysync.connect;

import java.time.Duration;

/**
 * The requests one remote account (a Notion integration, a Google service account) may send: an
 * average rate, and pauses the server asks for. Everyone who holds the budget of the same key keeps
 * to it together, so several registries on one account stay within the account's limit.
 *
 * <p>Implementations are thread-safe. A budget backed by the state database ({@link
 * RequestBudgets#of}) is shared by every process on that database (concurrent Lambda containers);
 * an in-process one only by the callers holding that instance.
 */
public interface RequestBudget {
  /**
   * Blocks until this caller may send one request, so that all holders together keep to the average
   * rate and wait out a {@link #pause}.
   *
   * @throws InterruptedException when the thread is interrupted while waiting; nothing may be sent
   */
  void acquire() throws InterruptedException;

  /**
   * Nobody on this budget sends for {@code duration} from now: the server said {@code Retry-After}.
   * A shorter pause than one already in force changes nothing.
   */
  void pause(Duration duration);
}
