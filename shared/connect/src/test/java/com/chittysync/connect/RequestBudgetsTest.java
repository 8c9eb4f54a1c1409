package com.chittysync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.config.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-process budgets, and the keys that name an account without its secret. */
class RequestBudgetsTest {
  @Test
  void aKeyIsTheSecretsHashNeverTheSecret() {
    String key = RequestBudgets.secretKey("notion", Secret.of("secret_abc"));
    assertThat(key).startsWith("notion:").doesNotContain("secret_abc").hasSize(7 + 64);
    assertThat(RequestBudgets.secretKey("notion", Secret.of("secret_abc"))).isEqualTo(key);
    assertThat(RequestBudgets.secretKey("notion", Secret.of("secret_abd"))).isNotEqualTo(key);
  }

  @Test
  void withoutAStateDatabaseEachHolderPacesAlone() throws InterruptedException {
    RequestBudgets budgets = RequestBudgets.of(null);
    RequestBudget one = budgets.forKey("k", 2);
    RequestBudget other = budgets.forKey("k", 2);
    long start = System.nanoTime();
    one.acquire();
    other.acquire();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(400);
  }

  @Test
  void anInProcessBudgetKeepsToItsRateAndWaitsOutAPause() throws InterruptedException {
    RequestBudget budget = RequestBudgets.unshared().forKey("k", 10);
    long start = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      budget.acquire();
    }
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(490);
    budget.pause(Duration.ofMillis(500));
    long paused = System.nanoTime();
    budget.acquire();
    assertThat((System.nanoTime() - paused) / 1_000_000).isGreaterThanOrEqualTo(450);
  }
}
