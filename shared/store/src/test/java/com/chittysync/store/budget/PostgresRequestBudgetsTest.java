package com.chittysync.store.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets shared through PostgreSQL. Each holder has its own pool and its own {@link
 * PostgresRequestBudgets}, standing for a container of its own.
 */
class PostgresRequestBudgetsTest {
  private static final Duration TEN_PER_SECOND = Duration.ofMillis(100);

  private TestDatabase db;
  private DatabaseSettings settings;
  private final List<Database> pools = new ArrayList<>();

  @BeforeEach
  void migrate() {
    db = TestPostgres.createDatabase();
    settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
  }

  @AfterEach
  void drop() {
    pools.forEach(Database::close);
    if (db != null) {
      db.close();
    }
  }

  private PostgresRequestBudgets container() {
    Database database = Database.open(settings);
    pools.add(database);
    return new PostgresRequestBudgets(database);
  }

  /** Runs {@code tasks} at once and answers how long they took together, in milliseconds. */
  private static long together(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      long start = System.nanoTime();
      List<Future<Void>> futures = pool.invokeAll(tasks);
      for (Future<Void> f : futures) {
        f.get();
      }
      return (System.nanoTime() - start) / 1_000_000;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Callable<Void> acquiring(PostgresRequestBudgets budgets, String key, int times) {
    return () -> {
      for (int i = 0; i < times; i++) {
        budgets.acquire(key, TEN_PER_SECOND);
      }
      return null;
    };
  }

  @Test
  void holdersInSeparateContainersKeepToTheRateTogether() throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(acquiring(container(), "notion:abc", 5));
    }
    // 20 requests at 10/s: the first goes at once, the last 19 intervals later.
    assertThat(together(tasks)).isGreaterThanOrEqualTo(1_850);
  }

  @Test
  void differentKeysDoNotSlowEachOther() throws Exception {
    long took =
        together(
            List.of(
                acquiring(container(), "notion:a", 10), acquiring(container(), "notion:b", 10)));
    // Each key alone takes 0.9 s; sharing one budget would take 1.9 s.
    assertThat(took).isBetween(850L, 1_500L);
  }

  @Test
  void aPauseHoldsBackEveryHolder() throws Exception {
    PostgresRequestBudgets one = container();
    PostgresRequestBudgets other = container();
    one.acquire("sheets:sa@example.com", TEN_PER_SECOND);
    one.pause("sheets:sa@example.com", Duration.ofSeconds(1));
    long start = System.nanoTime();
    other.acquire("sheets:sa@example.com", TEN_PER_SECOND);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(950);
  }

  @Test
  void aShorterPauseDoesNotShortenALongerOne() {
    PostgresRequestBudgets budgets = container();
    budgets.pause("k", Duration.ofSeconds(5));
    budgets.pause("k", Duration.ofMillis(10));
    assertThat(budgets.reserve("k", TEN_PER_SECOND)).isGreaterThan(Duration.ofSeconds(4));
  }

  @Test
  void anIdleBudgetLetsTheNextRequestGoAtOnce() throws Exception {
    PostgresRequestBudgets budgets = container();
    budgets.acquire("k", TEN_PER_SECOND);
    Thread.sleep(300);
    assertThat(budgets.reserve("k", TEN_PER_SECOND)).isZero();
  }
}
