package com.chittysync.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.RequestBudget;
import com.chittysync.connect.RequestBudgets;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.notion.RequestLog;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients of one integration in separate containers (each with its own pool on the state database)
 * keep to the integration's rate together, and a {@code Retry-After} one of them sees holds back
 * the other.
 */
class NotionSharedBudgetTest {
  private NotionEmulator notion;
  private TestDatabase db;
  private DatabaseSettings settings;
  private final List<Database> pools = new ArrayList<>();

  @BeforeEach
  void open() {
    notion = NotionEmulator.start();
    db = TestPostgres.createDatabase();
    settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
  }

  @AfterEach
  void close() {
    pools.forEach(Database::close);
    notion.close();
    db.close();
  }

  /** A client in a container of its own, on the integration's budget at {@code perSecond}. */
  private NotionClient client(double perSecond) {
    Database database = Database.open(settings);
    pools.add(database);
    Secret token = Secret.of(notion.token());
    RequestBudget budget =
        RequestBudgets.of(database).forKey(RequestBudgets.secretKey("notion", token), perSecond);
    return new NotionClient(notion.baseUrl(), TokenSource.fixed(token), "test", budget, 3, 1);
  }

  private static void getAtOnce(List<NotionClient> clients, int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients.size());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (NotionClient client : clients) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    client.get("/v1/users/me");
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoClientsOnOneTokenKeepToTheRateTogether() throws Exception {
    try (NotionClient one = client(10);
        NotionClient other = client(10)) {
      getAtOnce(List.of(one, other), 8);
    }
    List<Instant> at =
        notion.requestLog().entries("GET", "/v1/users/me").stream()
            .map(RequestLog.Entry::at)
            .sorted()
            .toList();
    assertThat(at).hasSize(16);
    // 16 requests at 10/s together: 15 intervals from the first to the last. Alone, each client
    // would have finished in 0.7 s.
    assertThat(Duration.between(at.get(0), at.get(15)).toMillis()).isGreaterThanOrEqualTo(1_400);
  }

  @Test
  void aRetryAfterOneClientSeesHoldsBackTheOther() throws Exception {
    try (NotionClient one = client(100);
        NotionClient other = client(100)) {
      notion.faults().failNextWithRetryAfter(1, 429, "rate_limited", 1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<?> first = pool.submit(() -> one.get("/v1/users/me"));
        while (notion.requestLog().count("GET", "/v1/users/me") == 0) {
          Thread.sleep(5);
        }
        // Time for the first client to read the 429 and pause the budget.
        Thread.sleep(200);
        other.get("/v1/users/me");
        first.get();
      } finally {
        pool.shutdownNow();
      }
    }
    List<RequestLog.Entry> log = notion.requestLog().entries("GET", "/v1/users/me");
    assertThat(log).hasSize(3);
    RequestLog.Entry refused = log.get(0);
    assertThat(refused.status()).isEqualTo(429);
    // Both the first client's retry and the other client's request wait out the pause.
    for (RequestLog.Entry later : log.subList(1, 3)) {
      assertThat(Duration.between(refused.at(), later.at()).toMillis()).isGreaterThanOrEqualTo(900);
    }
  }

  @Test
  void theBudgetIsKeyedByTheTokensHashNotTheToken() throws Exception {
    try (NotionClient client = client(100)) {
      client.get("/v1/users/me");
    }
    try (Database database = Database.open(settings);
        Statement s = database.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT budget_key FROM chittysync.request_budgets")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("notion:").doesNotContain(notion.token()).hasSize(71);
      assertThat(rs.next()).isFalse();
    }
  }
}
