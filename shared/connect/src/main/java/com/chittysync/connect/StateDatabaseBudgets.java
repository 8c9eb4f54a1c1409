package com.chittysync.connect;

import com.chittysync.store.Database;
import com.chittysync.store.budget.PostgresRequestBudgets;
import java.time.Duration;

/** Budgets kept in the state database, so every process on it shares them. */
final class StateDatabaseBudgets implements RequestBudgets {
  private final PostgresRequestBudgets store;

  StateDatabaseBudgets(Database database) {
    this.store = new PostgresRequestBudgets(database);
  }

  @Override
  public RequestBudget forKey(String key, double perSecond) {
    Duration interval = Duration.ofNanos((long) (1_000_000_000L / perSecond));
    return new RequestBudget() {
      @Override
      public void acquire() throws InterruptedException {
        store.acquire(key, interval);
      }

      @Override
      public void pause(Duration duration) {
        store.pause(key, duration);
      }
    };
  }
}
