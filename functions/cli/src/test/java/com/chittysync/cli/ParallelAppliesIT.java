package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.notion.RequestLog;
import com.chittysync.functions.apply.ApplyComponent;
import com.chittysync.functions.diff.DiffComponent;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.DiffService;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries apply in parallel, one writer per registry: ten PostgreSQL → Notion registries over
 * two Notion integrations (emulator tokens, each rate-limited on its own), and one PostgreSQL-only
 * registry, are diffed and applied at once by threads that each stand for a Lambda container, with
 * the diff and apply functions' own Dagger components over one state database. The request budget
 * each integration's endpoints share through that database keeps each integration within its rate;
 * the integrations, and the registry that needs no Notion, do not wait for each other.
 */
class ParallelAppliesIT {
  /**
   * The emulator's limit per token, and the endpoints' {@code requests_per_second}: Notion's
   * average. At this pace the requests, not this machine's cores, set the time.
   */
  private static final double RATE = 3;

  /** The emulator's burst per token: Notion allows short bursts above its average. */
  private static final int BURST = 3;

  /**
   * Integration A carries seven small registries, B three larger ones: about as many requests each,
   * so the sum of the registries' times alone is about twice the busiest one's share.
   */
  private static final int A_REGISTRIES = 7;

  private static final int A_ROWS = 10;
  private static final int B_REGISTRIES = 3;
  private static final int B_ROWS = 30;
  private static final int LOCAL_ROWS = 300;

  /**
   * Lambda starts a container for each event delivered while the others are busy: with every
   * registry requested at once, as many containers as registries, reused by the apply events.
   */
  private static final int CONTAINERS = A_REGISTRIES + B_REGISTRIES + 1;

  private static final String TOKEN_A = "secret_integration_a";
  private static final String TOKEN_B = "secret_integration_b";

  @TempDir Path dir;
  private NotionEmulator notion;
  private TestDatabase db;
  private Database database;
  private EventBusTap bus;
  private final Map<String, String> env = new HashMap<>();

  /** Every registry, in the order their syncs are requested. */
  private final List<String> registries = new ArrayList<>();

  /** Each PostgreSQL → Notion registry's data source. */
  private final Map<String, String> dataSourceOf = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    notion = NotionEmulator.start();
    notion.addToken(TOKEN_A);
    notion.addToken(TOKEN_B);
    db = TestPostgres.createDatabase();
    Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
    database = Database.open(DatabaseSettings.from(Environment.of(db.env())));
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
    StringBuilder yaml = new StringBuilder("registries:\n");
    List<String> aSources = new ArrayList<>();
    List<String> bSources = new ArrayList<>();
    for (int i = 1; i <= A_REGISTRIES; i++) {
      aSources.add(notionRegistry(yaml, "a" + i, TOKEN_A, A_ROWS));
    }
    for (int i = 1; i <= B_REGISTRIES; i++) {
      bSources.add(notionRegistry(yaml, "b" + i, TOKEN_B, B_ROWS));
    }
    // Each integration sees only the databases shared with it, as in Notion.
    notion.restrictToken(TOKEN_A, aSources.toArray(String[]::new));
    notion.restrictToken(TOKEN_B, bSources.toArray(String[]::new));
    sql(
        "CREATE TABLE local_src (name text PRIMARY KEY, email text);"
            + "CREATE TABLE local_dst (name text PRIMARY KEY, email text);"
            + "INSERT INTO local_src SELECT 'L' || g, 'l' || g || '@example.com'"
            + " FROM generate_series(1, "
            + LOCAL_ROWS
            + ") g");
    yaml.append("  local:\n")
        .append("    schema: any.schema.json\n")
        .append("    key: name\n")
        .append("    endpoints:\n")
        .append(
            "      src: {type: postgres, table: local_src, fields: {name: name, email: email}}\n")
        .append(
            "      dst: {type: postgres, table: local_dst, fields: {name: name, email: email}}\n");
    registries.add("local");
    Files.writeString(dir.resolve("chittysync.yaml"), yaml.toString());

    env.putAll(MotoServer.shared().env());
    env.putAll(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    bus = EventBusTap.create(env);
    env.put("CHITTYSYNC_EVENT_BUS", bus.bus());
    // A bucket per token, as Notion limits each integration; a burst of 3 absorbs the jitter of
    // requests the budget spaced evenly.
    notion.rateLimit(RATE, BURST);
  }

  @AfterEach
  void tearDown() {
    if (bus != null) {
      bus.close();
    }
    notion.close();
    database.close();
    db.close();
  }

  @Test
  void registriesOnDifferentIntegrationsApplyInParallelWithinEachBudget() throws Exception {
    ExecutorService containers = Executors.newFixedThreadPool(CONTAINERS);
    // A container builds its functions' components on its first event and keeps them, as a warm
    // Lambda container does; each has its own pool over the one state database.
    ThreadLocal<Container> container = ThreadLocal.withInitial(() -> new Container(env));
    // The containers are up before the clock starts: Lambda starts each on hardware of its own,
    // here they would share two cores.
    CyclicBarrier started = new CyclicBarrier(CONTAINERS);
    List<Future<?>> starting = new ArrayList<>();
    for (int i = 0; i < CONTAINERS; i++) {
      starting.add(
          containers.submit(
              () -> {
                container.get();
                started.await(1, TimeUnit.MINUTES);
                return null;
              }));
    }
    for (Future<?> f : starting) {
      f.get();
    }
    long t0 = System.nanoTime();
    Instant start = Instant.now();
    Map<String, CompletableFuture<Finished>> runs = new LinkedHashMap<>();
    try {
      for (String registry : registries) {
        runs.put(
            registry,
            CompletableFuture.supplyAsync(
                    () -> container.get().diff.onSyncRequested(registry, "test", false, holder()),
                    containers)
                // The apply event goes to whichever container is free, as EventBridge delivers it.
                .thenApplyAsync(
                    diffed -> {
                      double planned = (System.nanoTime() - t0) / 1e9;
                      assertThat(diffed.status()).as(registry).isEqualTo("planned");
                      ApplyService.Outcome applied =
                          container
                              .get()
                              .apply
                              .onPlanReady(registry, diffed.planId().orElseThrow(), holder());
                      return new Finished(applied, planned, (System.nanoTime() - t0) / 1e9);
                    },
                    containers));
      }
      CompletableFuture.allOf(runs.values().toArray(CompletableFuture[]::new))
          .get(3, TimeUnit.MINUTES);
    } finally {
      containers.shutdownNow();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    Instant end = Instant.now();

    // Every apply applied every op: none failed, none stale.
    Map<String, Finished> finished = new LinkedHashMap<>();
    runs.forEach((registry, run) -> finished.put(registry, run.join()));
    finished.forEach(
        (registry, f) -> {
          assertThat(f.outcome().status()).as(registry).isEqualTo("applied");
          assertThat(f.outcome().outcome().orElseThrow().failed()).as(registry).isZero();
          assertThat(f.outcome().outcome().orElseThrow().stale()).as(registry).isZero();
        });

    // Each integration kept to its rate on average. The budget spaces the requests evenly; one
    // that this busy machine holds back can still reach the emulator together with the next
    // ones, which Notion may answer 429 with a Retry-After that the budget honours for every
    // registry on the integration: a rare refusal is allowed, a rate above the limit is not.
    List<RequestLog.Entry> log =
        notion.requestLog().filter(e -> !e.at().isBefore(start) && !e.at().isAfter(end));
    Map<String, Integer> requests = new LinkedHashMap<>();
    for (String token : List.of(TOKEN_A, TOKEN_B)) {
      List<RequestLog.Entry> mine =
          log.stream().filter(e -> ("Bearer " + token).equals(e.authorization())).toList();
      requests.put(token, mine.size());
      assertThat(mine.stream().filter(e -> e.status() == 429))
          .as(token + " refusals")
          .hasSizeLessThanOrEqualTo(2);
      double span =
          Duration.between(mine.get(0).at(), mine.get(mine.size() - 1).at()).toNanos() / 1e9;
      double achieved = (mine.size() - 1) / span;
      System.out.printf(
          "ParallelAppliesIT: %s: %d requests at %.2f/s%n", token, mine.size(), achieved);
      // A token bucket's limit: over any stretch, the rate's worth of requests plus the burst.
      // (Over the run, not the rate alone: the first request, a cold client's, comes late and
      // shortens a short span by more than a few percent.)
      assertThat(mine.size() - 1.0)
          .as(token + " requests after the first, against " + span + " s at the limit")
          .isLessThanOrEqualTo(RATE * span + BURST);
    }
    assertThat(log)
        .as("every request came with one of the two integrations' tokens")
        .hasSize(requests.values().stream().mapToInt(Integer::intValue).sum());

    // The wall time is the busiest integration's share, not the sum of every registry's alone.
    int busiest = Math.max(requests.get(TOKEN_A), requests.get(TOKEN_B));
    double busiestShare = busiest / RATE;
    double serial = (requests.get(TOKEN_A) + requests.get(TOKEN_B)) / RATE;
    System.out.printf(
        "ParallelAppliesIT: %s requests; wall %.1f s, busiest share %.1f s, serial %.1f s%n",
        requests.values(), wall, busiestShare, serial);
    finished.forEach(
        (registry, f) ->
            System.out.printf(
                "  %-5s planned at %5.1f s, applied at %5.1f s%n",
                registry, f.planned(), f.seconds()));
    assertThat(wall).isGreaterThanOrEqualTo(busiestShare * 0.9).isLessThan(busiestShare * 1.25 + 5);
    assertThat(wall).isLessThan(serial * 0.75);
    // The registry that needs no Notion was not held behind the ones that do: it is done before
    // any of them, in a fraction of their time.
    double firstNotion =
        dataSourceOf.keySet().stream()
            .mapToDouble(r -> finished.get(r).seconds())
            .min()
            .orElseThrow();
    assertThat(finished.get("local").seconds())
        .isLessThan(firstNotion)
        .isLessThan(busiestShare * 0.5);

    // Every registry converged: its apply run says so, and no endpoint differs from another.
    SyncService sync = syncService();
    SyncConfig config = sync.config(Optional.empty());
    for (String registry : registries) {
      assertThat(lastApplyStatus(registry)).as(registry).isEqualTo("converged");
      assertThat(sync.drift(config, registry)).as(registry).isEmpty();
    }
    for (String registry : dataSourceOf.keySet()) {
      int rows = registry.startsWith("a") ? A_ROWS : B_ROWS;
      assertThat(notion.pages(dataSourceOf.get(registry))).as(registry).hasSize(rows);
    }
    assertThat(count("local_dst")).isEqualTo(LOCAL_ROWS);
    // The two budgets are held in the state database, where every container shares them.
    assertThat(count("chittysync.request_budgets")).isEqualTo(2);
  }

  /** One container's functions, wired as the diff and apply handlers wire theirs. */
  private static final class Container {
    final DiffService diff;
    final ApplyService apply;

    Container(Map<String, String> env) {
      this.diff = DiffComponent.create(env).diffService();
      this.apply = ApplyComponent.create(env).applyService();
    }
  }

  /** An applied registry: when (seconds from the start) its plan was ready and was applied. */
  private record Finished(ApplyService.Outcome outcome, double planned, double seconds) {}

  private static String holder() {
    return Thread.currentThread().getName();
  }

  /**
   * Adds a PostgreSQL → Notion registry of {@code rows} rows on the integration of {@code token}.
   */
  private String notionRegistry(StringBuilder yaml, String name, String token, int rows)
      throws Exception {
    DataSourceHandle people =
        notion.createDatabase(
            "People " + name,
            (ObjectNode)
                Json.mapper()
                    .readTree(
                        "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                            + "\"Email\":{\"type\":\"email\",\"email\":{}}}"));
    sql(
        "CREATE TABLE "
            + name
            + " (name text PRIMARY KEY, email text);"
            + "INSERT INTO "
            + name
            + " SELECT '"
            + name
            + "-' || g, '"
            + name
            + ".' || g || '@example.com' FROM generate_series(1, "
            + rows
            + ") g");
    yaml.append("  ")
        .append(name)
        .append(":\n    schema: any.schema.json\n    key: name\n    endpoints:\n")
        .append("      pg: {type: postgres, table: ")
        .append(name)
        .append(", fields: {name: name, email: email}}\n")
        .append("      notion: {type: notion, data_source_id: ")
        .append(people.dataSourceId())
        .append(", token: ")
        .append(token)
        .append(", requests_per_second: ")
        .append(RATE)
        .append(", fields: {name: Name, email: Email}}\n");
    registries.add(name);
    dataSourceOf.put(name, people.dataSourceId());
    return people.dataSourceId();
  }

  private SyncService syncService() {
    return new SyncService(
        Environment.of(env),
        database,
        new AuditLog(database, Clock.systemUTC()),
        Clock.systemUTC(),
        Set.of(new PostgresEndpointType(null), new NotionEndpointType(null)));
  }

  private String lastApplyStatus(String registry) {
    return database.withConnection(
        c -> {
          try (var st =
              c.prepareStatement(
                  "SELECT status FROM chittysync.runs WHERE registry = ? AND kind = 'apply'"
                      + " ORDER BY started_at DESC LIMIT 1")) {
            st.setString(1, registry);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  private int count(String table) {
    return database.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  private void sql(String statements) {
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(statements);
          }
          return null;
        });
  }
}
