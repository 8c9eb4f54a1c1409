package com.chittysync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.EventPublisher;
import com.chittysync.core.config.Environment;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcPendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coalesced sync requests through moto's EventBridge and SQS and a real state database: producers
 * record requests in {@link JdbcPendingSyncs} and put an event only when none waits; the diff
 * claims what waits before it reads. Two PostgreSQL-only registries, {@code alpha} and {@code
 * beta}, each copying a source table to a target one.
 */
@Timeout(120)
class CoalescedRequestsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private TestDatabase db;
  private DatabaseSettings settings;
  private Database database;
  private EventBusTap tap;
  private EventPublisher events;
  private PendingSyncs pending;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    db = TestPostgres.createDatabase();
    env.putAll(db.env());
    // Enough for eight producers, a diff, and the test's own lock at once.
    env.put(DatabaseSettings.POOL_SIZE, "16");
    settings = DatabaseSettings.from(Environment.of(env));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    StringBuilder config = new StringBuilder("registries:\n");
    for (String r : List.of("alpha", "beta")) {
      sql(
          "CREATE TABLE "
              + r
              + "_src (name text PRIMARY KEY); CREATE TABLE "
              + r
              + "_dst (name text PRIMARY KEY)");
      config
          .append("  ")
          .append(r)
          .append(":\n    schema: any.schema.json\n    key: name\n    endpoints:\n")
          .append("      src: {type: postgres, table: ")
          .append(r)
          .append("_src, fields: {name: name}}\n")
          .append("      dst: {type: postgres, table: ")
          .append(r)
          .append("_dst, fields: {name: name}}\n");
    }
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
    Files.writeString(dir.resolve("chittysync.yaml"), config.toString());
    env.putAll(MotoServer.shared().env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    tap = EventBusTap.create(env, SyncRequested.DETAIL_TYPE, PlanReady.DETAIL_TYPE);
    AwsClientConfig aws = new AwsClientConfig(env);
    events = new EventPublisher(tap.bus(), () -> aws.eventBridge(Duration.ofSeconds(10)));
    pending = new JdbcPendingSyncs(database);
  }

  @AfterEach
  void tearDown() {
    events.close();
    tap.close();
    database.close();
    db.close();
  }

  @Test
  void aBurstFromManyProducersPutsOneEventAndItsSyncSeesEveryChange() throws Exception {
    int threads = 8;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> published = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      published.add(
          pool.submit(
              () -> {
                start.await();
                int put = 0;
                for (int i = 0; i < each; i++) {
                  String page = "p" + thread + "-" + i;
                  sql("INSERT INTO alpha_src VALUES ('" + page + "')");
                  put += webhook("alpha", page, UUID.randomUUID().toString()).size();
                }
                return put;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : published) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(total).isEqualTo(1);
    List<JsonNode> requested = tap.drain(SyncRequested.DETAIL_TYPE, 1, WAIT);
    assertThat(requested).hasSize(1);
    PendingSyncs.Pending waiting = pending.pending("alpha").orElseThrow();
    assertThat(waiting.requests()).isEqualTo(threads * each);
    assertThat(waiting.pages().orElseThrow()).hasSize(threads * each);
    assertThat(waiting.eventIds()).hasSize(threads * each);

    DiffService.Outcome diff = diff(requested.get(0));
    assertThat(diff.ops()).isEqualTo(threads * each);
    apply(tap.drain(PlanReady.DETAIL_TYPE, 1, WAIT));
    assertThat(names("alpha_dst")).hasSize(threads * each).isEqualTo(names("alpha_src"));
    assertThat(pending.pending("alpha")).isEmpty();
  }

  @Test
  void aRequestAfterTheClaimPutsExactlyOneMoreEventAndItsSyncReadsTheLaterChange()
      throws Exception {
    sql("INSERT INTO alpha_src VALUES ('early')");
    assertThat(request("alpha")).hasSize(1);
    JsonNode first = tap.drain(SyncRequested.DETAIL_TYPE, 1, WAIT).get(0);

    // The target table is locked, so the diff stops in its read, after its claim.
    try (Database other = Database.open(settings);
        Connection lock = other.connection()) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE alpha_dst IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<DiffService.Outcome> running =
          CompletableFuture.supplyAsync(() -> diff(first));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (pending.pending("alpha").isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(pending.pending("alpha")).as("claimed by the running diff").isEmpty();
      assertThat(running).isNotDone();

      sql("INSERT INTO alpha_src VALUES ('late')");
      int put = 0;
      for (int i = 0; i < 5; i++) {
        put += request("alpha").size();
      }
      assertThat(put).isEqualTo(1);
      assertThat(pending.pending("alpha").orElseThrow().requests()).isEqualTo(5);
      lock.rollback();
      running.get(30, TimeUnit.SECONDS);
    }
    apply(tap.drain(PlanReady.DETAIL_TYPE, 1, WAIT));
    List<JsonNode> second = tap.drain(SyncRequested.DETAIL_TYPE, 1, WAIT);
    assertThat(second).hasSize(1);

    // Whether the first sync read the late row depends on the order it read its endpoints in; the
    // second one reads after it in any case.
    if (diff(second.get(0)).ops() > 0) {
      apply(tap.drain(PlanReady.DETAIL_TYPE, 1, WAIT));
    }
    assertThat(names("alpha_dst")).containsExactly("early", "late");
    assertThat(pending.pending("alpha")).isEmpty();
  }

  @Test
  void requestsForDifferentRegistriesAreIndependent() {
    assertThat(request("alpha", "beta")).containsExactly("alpha", "beta");
    assertThat(request("beta")).isEmpty();
    assertThat(request("alpha")).isEmpty();
    assertThat(tap.drain(SyncRequested.DETAIL_TYPE, 2, WAIT))
        .extracting(e -> e.at("/detail/registry").asText())
        .containsExactlyInAnyOrder("alpha", "beta");

    assertThat(pending.claim("alpha").orElseThrow().requests()).isEqualTo(2);
    assertThat(pending.pending("beta").orElseThrow().requests()).isEqualTo(2);
    assertThat(request("alpha")).containsExactly("alpha");
    assertThat(request("beta")).isEmpty();
  }

  @Test
  void aSyncThatFailsAfterItsClaimLosesNothingAndItsRetriedEventSyncs() throws Exception {
    sql("INSERT INTO alpha_src VALUES ('a1')");
    assertThat(request("alpha")).hasSize(1);
    // A second request, for a full read, joins the first.
    assertThat(
            pending.request(
                List.of(
                    new SyncRequested(
                        "alpha", "dashboard", true, Optional.of("user:ann"), Optional.empty())),
                r ->
                    new PendingSyncs.Request(
                        r.registry(), r.reason(), r.full(), r.actor(), Optional.empty(), List.of()),
                EventSink.to(events)::publish))
        .isEmpty();
    JsonNode event = tap.drain(SyncRequested.DETAIL_TYPE, 1, WAIT).get(0);

    sql("ALTER TABLE alpha_dst RENAME TO alpha_gone");
    assertThatThrownBy(() -> diff(event)).isInstanceOf(RuntimeException.class);
    assertThat(diffRuns()).as("it failed in a run, so after its claim").containsExactly("failed");
    PendingSyncs.Pending back = pending.pending("alpha").orElseThrow();
    assertThat(back.requests()).isEqualTo(2);
    assertThat(back.full()).isTrue();
    assertThat(back.actors()).containsExactly("user:ann");
    assertThat(back.reasons()).containsExactly("test", "dashboard");
    // Given back, not published again: the retried event is on its way.
    assertThat(tap.drain(SyncRequested.DETAIL_TYPE)).isEmpty();

    sql("ALTER TABLE alpha_gone RENAME TO alpha_dst");
    diff(event);
    apply(tap.drain(PlanReady.DETAIL_TYPE, 1, WAIT));
    assertThat(names("alpha_dst")).containsExactly("a1");
    assertThat(pending.pending("alpha")).isEmpty();
    assertThat(lastRunWasFull())
        .as("the retried sync read in full, as the merged request asked")
        .isTrue();

    // The same event once more (a late duplicate): nothing to claim, and it still syncs.
    sql("INSERT INTO alpha_src VALUES ('a2')");
    assertThat(diff(event).status()).isEqualTo("planned");
    apply(tap.drain(PlanReady.DETAIL_TYPE, 1, WAIT));
    assertThat(names("alpha_dst")).containsExactly("a1", "a2");
  }

  @Test
  void aPendingSyncWhoseEventWasLostIsPublishedAgainByTheNextRequest() {
    assertThat(request("alpha")).hasSize(1);
    assertThat(request("alpha")).isEmpty();
    // Its event went to the dead-letter queue long ago: the next request puts another.
    sql("UPDATE chittysync.pending_syncs SET published_at = now() - interval '16 minutes'");
    assertThat(request("alpha")).hasSize(1);
    assertThat(request("alpha")).isEmpty();
    // A diff that only finished an earlier plan re-arms it at once.
    pending.rearm("alpha");
    assertThat(request("alpha")).hasSize(1);
    assertThat(tap.drain(SyncRequested.DETAIL_TYPE, 3, WAIT)).hasSize(3);
    assertThat(pending.claim("alpha").orElseThrow().requests()).isEqualTo(5);
  }

  @Test
  void aFailedPublishRecordsNothingSoTheRetryPublishes() {
    assertThatThrownBy(
            () ->
                pending.request(
                    List.of(SyncRequested.of("alpha", "test")),
                    r -> PendingSyncs.Request.of(r.registry(), r.reason()),
                    r -> {
                      throw new IllegalStateException("EventBridge refused");
                    }))
        .hasMessageContaining("refused");
    assertThat(pending.pending("alpha")).isEmpty();
    assertThat(request("alpha")).hasSize(1);
  }

  @Test
  void pagesPastTheLimitMeanAnyPage() {
    for (int i = 0; i <= PendingSyncs.MAX_PAGES; i++) {
      webhook("alpha", "page-" + i, "event-" + i);
    }
    PendingSyncs.Pending waiting = pending.pending("alpha").orElseThrow();
    assertThat(waiting.pages()).hasValue(List.of());
    assertThat(waiting.eventIds()).hasSize(PendingSyncs.MAX_EVENT_IDS);
    assertThat(waiting.requests()).isEqualTo(PendingSyncs.MAX_PAGES + 1);
  }

  // --- producers and the functions' part ---

  /** Requests a sync of each registry, as the schedule does; returns those put on the bus. */
  private List<String> request(String... registries) {
    List<SyncRequested> requests = new ArrayList<>();
    for (String r : registries) {
      requests.add(SyncRequested.of(r, "test"));
    }
    return pending
        .request(
            requests,
            r -> PendingSyncs.Request.of(r.registry(), r.reason()),
            EventSink.to(events)::publish)
        .stream()
        .map(SyncRequested::registry)
        .toList();
  }

  /** Requests a sync as a webhook delivery does; returns what was put on the bus. */
  private List<SyncRequested> webhook(String registry, String page, String eventId) {
    return pending.request(
        List.of(
            SyncRequested.byWebhook(registry, "notion.webhook", List.of(page), List.of(eventId))),
        r ->
            new PendingSyncs.Request(
                r.registry(),
                r.reason(),
                false,
                Optional.empty(),
                r.changes().map(SyncRequested.Changes::pages),
                r.changes().map(SyncRequested.Changes::eventIds).orElse(List.of())),
        EventSink.to(events)::publish);
  }

  private DiffService.Outcome diff(JsonNode event) {
    SyncRequested request = SyncRequested.parse(event.get("detail").toString());
    return new DiffService(service(), EventSink.to(events), pending)
        .onSyncRequested(request.registry(), request.reason(), request.full(), "test-diff");
  }

  private void apply(List<JsonNode> ready) {
    assertThat(ready).hasSize(1);
    JsonNode detail = ready.get(0).get("detail");
    new ApplyService(service(), new JdbcReviewQueue(database), EventSink.to(events))
        .onPlanReady(
            detail.get("registry").asText(),
            UUID.fromString(detail.get("plan_id").asText()),
            "test-apply");
  }

  private SyncService service() {
    return new SyncService(
        Environment.of(env),
        database,
        new AuditLog(database, Clock.systemUTC()),
        Clock.systemUTC(),
        Set.of(new PostgresEndpointType(null)));
  }

  private List<String> names(String table) {
    return database.withConnection(
        c -> {
          List<String> out = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT name FROM " + table + " ORDER BY name")) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }

  private List<String> diffRuns() {
    return database.withConnection(
        c -> {
          List<String> out = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT status FROM chittysync.runs WHERE kind = 'diff' ORDER BY started_at")) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }

  private boolean lastRunWasFull() {
    return database.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT full_scan FROM chittysync.runs WHERE kind = 'diff'"
                          + " ORDER BY started_at DESC LIMIT 1")) {
            rs.next();
            return rs.getBoolean(1);
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
