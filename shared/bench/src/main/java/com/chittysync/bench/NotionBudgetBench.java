package com.chittysync.bench;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.notion.RequestLog;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.SyncEngine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Parallel exports under shared request budgets, as the issue measures them: two Notion
 * integrations (emulator tokens, each limited to 3 requests/s) with five PostgreSQL → Notion
 * registries each, all synced at once, each registry in a thread of its own with its own engine and
 * connection pool over one state database (as concurrent Lambda containers would be). Prints, per
 * integration, the requests/s achieved beside the configured 3 requests/s, and the wall time beside
 * the busiest integration's share and the sum of every registry's time alone.
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar notion-budget [rows-per-registry]}
 * (default 40: about 75 s)
 */
public final class NotionBudgetBench {
  private static final double RATE = 3;
  private static final int INTEGRATIONS = 2;
  private static final int REGISTRIES_PER_INTEGRATION = 5;

  /**
   * The window of the peak count: the average over the whole run is inflated a little by the first
   * request arriving late (a cold client), so the peak over any window says more about bursts.
   */
  private static final int WINDOW_SECONDS = 10;

  /** Requests left out at each end of an integration's run for its steady rate. */
  private static final int EDGE = 10;

  private NotionBudgetBench() {}

  /** The most requests of {@code entries} (in arrival order) within any {@link #WINDOW_SECONDS}. */
  private static int busiestWindow(List<RequestLog.Entry> entries) {
    int most = 0;
    int first = 0;
    for (int last = 0; last < entries.size(); last++) {
      while (Duration.between(entries.get(first).at(), entries.get(last).at()).toMillis()
          >= WINDOW_SECONDS * 1000L) {
        first++;
      }
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  public static void run(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int registries = INTEGRATIONS * REGISTRIES_PER_INTEGRATION;
    try (NotionEmulator notion = NotionEmulator.start();
        ScratchDatabase scratch = ScratchDatabase.create(2)) {
      Path dir = Files.createTempDirectory("chittysync-notion-budget-bench");
      Files.writeString(
          dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
      StringBuilder yaml = new StringBuilder("registries:\n");
      Map<String, String> tokenOf = new LinkedHashMap<>();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < INTEGRATIONS; i++) {
        String token = notion.addToken("secret_bench_integration_" + (char) ('a' + i));
        tokens.add(token);
        List<String> sources = new ArrayList<>();
        for (int j = 1; j <= REGISTRIES_PER_INTEGRATION; j++) {
          String registry = (char) ('a' + i) + Integer.toString(j);
          sources.add(registry(notion, scratch, yaml, registry, token, rows));
          tokenOf.put(registry, token);
        }
        notion.restrictToken(token, sources.toArray(String[]::new));
      }
      Files.writeString(dir.resolve("chittysync.yaml"), yaml.toString());
      Map<String, String> env = new HashMap<>();
      env.put(
          "DATABASE_URL",
          "postgres://"
              + scratch.url().user().orElse("postgres")
              + "@"
              + scratch.url().hosts()
              + "/"
              + scratch.url().database());
      env.put("NOTION_API_BASE_URL", notion.baseUrl());
      env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
      // Notion's limit per integration: a bucket per token, with a small burst.
      notion.rateLimit(RATE, 3);

      ExecutorService containers = Executors.newFixedThreadPool(registries);
      List<Database> pools = new ArrayList<>();
      Map<String, Future<SyncEngine.Result>> runs = new LinkedHashMap<>();
      notion.requestLog().clear();
      long t0 = System.nanoTime();
      try {
        for (String registry : tokenOf.keySet()) {
          // A pool and an engine of its own per container, over the one state database.
          Database pool =
              new Database(
                  scratch.url().withDefaults(Map.of("prepareThreshold", "0")),
                  2,
                  Duration.ofSeconds(10));
          pools.add(pool);
          runs.put(
              registry,
              containers.submit(
                  () -> {
                    SyncService sync = BenchComponent.create(env, pool).syncService();
                    return sync.sync(
                        sync.config(Optional.empty()),
                        registry,
                        new SyncEngine.Options(false, false, "bench", "bench-" + registry),
                        s -> {});
                  }));
        }
        int failed = 0;
        int applied = 0;
        int notConverged = 0;
        for (Future<SyncEngine.Result> run : runs.values()) {
          SyncEngine.Result result = run.get();
          failed += result.applied().map(a -> a.failed()).orElse(0);
          applied += result.applied().map(a -> a.applied()).orElse(0);
          notConverged += result.converged() ? 0 : 1;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        List<RequestLog.Entry> log = notion.requestLog().entries();
        System.out.printf(
            "notion-budget: %d integrations x %d registries x %d rows exported to Notion at %.0f requests/s per integration%n",
            INTEGRATIONS, REGISTRIES_PER_INTEGRATION, rows, RATE);
        int busiest = 0;
        for (String token : tokens) {
          List<RequestLog.Entry> mine =
              log.stream().filter(e -> ("Bearer " + token).equals(e.authorization())).toList();
          busiest = Math.max(busiest, mine.size());
          double span =
              Duration.between(mine.get(0).at(), mine.get(mine.size() - 1).at()).toNanos() / 1e9;
          double achieved = (mine.size() - 1) / span;
          // Without the first and last requests, whose arrival the cold start and the last
          // registry's finish make irregular.
          List<RequestLog.Entry> middle = mine.subList(EDGE, mine.size() - EDGE);
          double steady =
              (middle.size() - 1)
                  / (Duration.between(middle.get(0).at(), middle.get(middle.size() - 1).at())
                          .toNanos()
                      / 1e9);
          System.out.printf(
              "  integration %s: %d requests in %.1f s = %.2f requests/s, %.3f of the configured %.0f"
                  + " (without the first and last %d: %.3f); busiest %d s: %d requests; 429s: %d%n",
              token.substring(token.length() - 1),
              mine.size(),
              span,
              achieved,
              achieved / RATE,
              RATE,
              EDGE,
              steady / RATE,
              WINDOW_SECONDS,
              busiestWindow(mine),
              mine.stream().filter(e -> e.status() == 429).count());
        }
        System.out.printf(
            "  wall %.1f s; busiest integration's share %.1f s (ratio %.2f); every registry alone, one after another: %.1f s%n",
            wall, busiest / RATE, wall / (busiest / RATE), log.size() / RATE);
        System.out.printf(
            "  %d ops applied, %d failed; %d of %d registries not converged%n",
            applied, failed, notConverged, registries);
      } finally {
        containers.shutdownNow();
        pools.forEach(Database::close);
      }
    }
  }

  /** A PostgreSQL table of {@code rows} rows and an empty Notion database, synced by a registry. */
  private static String registry(
      NotionEmulator notion,
      ScratchDatabase scratch,
      StringBuilder yaml,
      String name,
      String token,
      int rows)
      throws Exception {
    DataSourceHandle ds =
        notion.createDatabase(
            "People " + name,
            (ObjectNode)
                Json.mapper()
                    .readTree(
                        "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                            + "\"Email\":{\"type\":\"email\",\"email\":{}}}"));
    try (var c = scratch.database().connection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + name + " (name text PRIMARY KEY, email text)");
      st.execute(
          "INSERT INTO "
              + name
              + " SELECT '"
              + name
              + "-' || g, '"
              + name
              + ".' || g || '@example.com' FROM generate_series(1, "
              + rows
              + ") g");
    }
    yaml.append("  ")
        .append(name)
        .append(":\n    schema: any.schema.json\n    key: name\n    endpoints:\n")
        .append("      pg: {type: postgres, table: ")
        .append(name)
        .append(", fields: {name: name, email: email}}\n")
        .append("      notion: {type: notion, data_source_id: ")
        .append(ds.dataSourceId())
        .append(", token: ")
        .append(token)
        .append(", requests_per_second: ")
        .append(RATE)
        .append(", fields: {name: Name, email: Email}}\n");
    return ds.dataSourceId();
  }
}
