package com.chittysync.bench;

import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.dashboard.Access;
import com.chittysync.dashboard.ActionLog;
import com.chittysync.dashboard.Dashboard;
import com.chittysync.dashboard.audit.AuditKeys;
import com.chittysync.dashboard.audit.AuditRoutes;
import com.chittysync.dashboard.fleet.FleetPage;
import com.chittysync.dashboard.fleet.FleetRoutes;
import com.chittysync.dashboard.ops.DeadLetters;
import com.chittysync.dashboard.ops.NextRuns;
import com.chittysync.dashboard.registry.RegistryRoutes;
import com.chittysync.dashboard.review.ReviewRoutes;
import com.chittysync.dashboard.web.Assets;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.store.Database;
import com.chittysync.sync.state.jdbc.JdbcOverview;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.auth.Role;
import com.chittysync.web.http.WebRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's pages, warm, on a fleet of 100 registries with 10,000 runs (and open conflicts,
 * held deletes, validation reports, a plan with ops and an audit log) in a scratch PostgreSQL
 * database: p50/p95/max per page beside two references measured in the same run, one {@code SELECT
 * 1} round trip and one static asset answered by the same {@link Dashboard}; the fleet page's size
 * and the gzipped size of every static asset.
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar dashboard [N]} (N requests per page,
 * default 200). Pages of route groups not written yet answer 404 and are listed as not served.
 */
public final class DashboardBench {
  private DashboardBench() {}

  private static final int REGISTRIES = 100;
  private static final int RUNS = 10_000;
  private static final int AUDIT_ENTRIES = 10_000;
  private static final int PLAN_OPS = 500;
  private static final int WARMUP = 50;

  /** The registry the per-registry pages show (it has the plan). */
  private static final String REGISTRY = "registry_001";

  /** One page to time: a name and the request's path. */
  private record Page(String name, String path) {}

  /** The route groups the bench serves: add each one as it is written, one line each. */
  private static Set<Routes> routes(Database database) {
    Set<Routes> routes = new HashSet<>();
    routes.add(
        new FleetRoutes(
            new FleetPage(
                new JdbcOverview(database), DeadLetters.NONE, NextRuns.NONE, Clock.systemUTC())));
    routes.add(
        new RegistryRoutes(
            new JdbcOverview(database), DeadLetters.NONE, NextRuns.NONE, Clock.systemUTC()));
    AuditLog audit = new AuditLog(database, Clock.systemUTC());
    ActionLog actions = new ActionLog(database, audit);
    routes.add(
        new ReviewRoutes(
            new JdbcOverview(database),
            new JdbcReviewQueue(database),
            (registry, key, field, value) -> List.of(),
            actions));
    routes.add(new AuditRoutes(audit, new AuditKeys(Environment.of(Map.of()))));
    return routes;
  }

  public static void run(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200;
    ScratchDatabase scratch = ScratchDatabase.create(4);
    try {
      Database database = scratch.database();
      long t = System.nanoTime();
      UUID planRun = seed(database);
      System.out.printf(
          "seeded %d registries, %,d runs, conflicts, held deletes, validation reports, a plan of"
              + " %d ops and %,d audit entries in %.1f s%n",
          REGISTRIES, RUNS, PLAN_OPS, AUDIT_ENTRIES, (System.nanoTime() - t) / 1e9);

      Assets assets = new Assets();
      Dashboard dashboard = new Dashboard(new BenchAccess(), assets, routes(database));
      List<Page> pages =
          List.of(
              new Page("fleet", "/"),
              new Page("registry status", "/registries/" + REGISTRY),
              new Page("registry runs", "/registries/" + REGISTRY + "/runs"),
              new Page("run", "/registries/" + REGISTRY + "/runs/" + planRun),
              new Page("registry validation", "/registries/" + REGISTRY + "/validation"),
              new Page("registry conflicts", "/registries/" + REGISTRY + "/conflicts"),
              new Page("registry deletes", "/registries/" + REGISTRY + "/deletes"),
              new Page("audit", "/audit"),
              new Page("audit entry", "/audit/entries/" + (AUDIT_ENTRIES / 2)));

      System.out.printf("%n%d requests each, after %d to warm up; milliseconds%n", n, WARMUP);
      System.out.printf("%-28s %8s %8s %8s %10s%n", "", "p50", "p95", "max", "size KB");
      // References: what any page costs at least, measured in this run.
      print(
          "ref: SELECT 1 round trip",
          time(
              n,
              () ->
                  database.withConnection(
                      c -> {
                        try (Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT 1")) {
                          rs.next();
                          return rs.getInt(1);
                        }
                      })),
          -1);
      String asset = assets.url("htmx.min.js");
      WebRequest assetRequest = get(asset, Map.of("accept-encoding", "gzip"));
      print("ref: asset (htmx, gzipped)", time(n, () -> dashboard.handle(assetRequest)), -1);

      int fleetBytes = -1;
      for (Page page : pages) {
        WebRequest request = get(page.path(), Map.of());
        Reply first = dashboard.handle(request);
        if (first.status() == 404) {
          System.out.printf("%-28s not served yet (404 for %s)%n", page.name(), page.path());
          continue;
        }
        if (first.status() != 200) {
          System.out.printf(
              "%-28s answered %d for %s: %s%n",
              page.name(), first.status(), page.path(), abbreviate(first.text()));
          continue;
        }
        if (page.path().equals("/")) {
          fleetBytes = first.body().length;
        }
        print(page.name(), time(n, () -> dashboard.handle(request)), first.body().length);
      }

      System.out.println();
      if (fleetBytes >= 0) {
        System.out.printf(
            "fleet page HTML: %.1f KB for %d registries (target < 50 KB) -> %s%n",
            fleetBytes / 1024.0, REGISTRIES, fleetBytes < 50 * 1024 ? "ok" : "over");
      }
      long gzipped = 0;
      long raw = 0;
      for (Assets.Asset a : assets.all()) {
        gzipped += a.gzipped().length;
        raw += a.body().length;
        System.out.printf(
            "  asset %-20s %7.1f KB, gzipped %6.1f KB%n",
            a.name(), a.body().length / 1024.0, a.gzipped().length / 1024.0);
      }
      System.out.printf(
          "static assets: %.1f KB, gzipped %.1f KB (target < 150 KB) -> %s%n",
          raw / 1024.0, gzipped / 1024.0, gzipped < 150 * 1024 ? "ok" : "over");
      if (fleetBytes >= 0) {
        Reply fleet = dashboard.handle(get("/", Map.of()));
        System.out.printf("fleet page HTML gzipped: %.1f KB%n", gzip(fleet.body()).length / 1024.0);
      }
    } finally {
      scratch.close();
    }
  }

  /** Fills the scratch database with bulk SQL; returns the run that has the plan. */
  private static UUID seed(Database database) {
    UUID planRun =
        database.inTransaction(
            c -> {
              try (Statement st = c.createStatement()) {
                st.execute(
                    """
                    INSERT INTO chittysync.registries (name)
                    SELECT 'registry_' || lpad(i::text, 3, '0') FROM generate_series(1, %d) i;
                    """
                        .formatted(REGISTRIES));
                // Run i belongs to registry 1 + i %% 100; every 100 runs go 15 minutes back.
                st.execute(
                    """
                    INSERT INTO chittysync.runs (run_id, registry, kind, trigger, status, full_scan,
                        counts, error_code, error, started_at, finished_at)
                    SELECT md5('run-' || i)::uuid,
                           'registry_' || lpad((1 + i %% %1$d)::text, 3, '0'),
                           (ARRAY['sync', 'diff', 'apply'])[1 + (i / %1$d) %% 3],
                           (ARRAY['schedule', 'notion.webhook', 'cli', 'dashboard'])[1 + i %% 4],
                           CASE WHEN i %% 97 = 0 THEN 'failed'
                                WHEN i %% 13 = 0 THEN 'attention' ELSE 'converged' END,
                           i %% 50 = 0,
                           jsonb_build_object(
                             'plan', jsonb_build_object('notion', jsonb_build_object(
                               'create', i %% 5, 'update', i %% 17, 'delete', i %% 3)),
                             'invalid', i %% 7, 'conflicts', i %% 4, 'held_deletes', i %% 2,
                             'applied', i %% 5 + i %% 17 + i %% 3, 'stale', 0, 'failed', 0,
                             'timings_ms', jsonb_build_object('fetch', 800 + i %% 400,
                               'diff', 40 + i %% 30, 'resolve', 5, 'store', 60,
                               'apply', 900 + i %% 700)),
                           CASE WHEN i %% 97 = 0 THEN 'ENDPOINT_UNAVAILABLE' END,
                           CASE WHEN i %% 97 = 0 THEN 'notion answered 503 three times' END,
                           now() - (i / %1$d) * interval '15 minutes' - (i %% %1$d) * interval '1 second',
                           now() - (i / %1$d) * interval '15 minutes' - (i %% %1$d) * interval '1 second'
                             + (2 + i %% 60) * interval '1 second'
                    FROM generate_series(0, %2$d - 1) i;
                    """
                        .formatted(REGISTRIES, RUNS));
                st.execute(
                    """
                    INSERT INTO chittysync.conflicts (registry, record_key, field, base_value,
                        candidates, run_id)
                    SELECT 'registry_' || lpad((1 + i %% %d)::text, 3, '0'), 'K-' || i, 'email',
                           to_jsonb('old' || i || '@example.com'),
                           jsonb_build_object(
                             'notion', jsonb_build_object('value', 'n' || i || '@example.com',
                               'seen_at', now()),
                             'sheets', jsonb_build_object('value', 's' || i || '@example.com',
                               'seen_at', now())),
                           md5('run-' || i)::uuid
                    FROM generate_series(0, 299) i;
                    INSERT INTO chittysync.held_deletes (registry, record_key, source_endpoint,
                        reason, run_id)
                    SELECT 'registry_' || lpad((1 + i %% %1$d)::text, 3, '0'), 'D-' || i,
                           'notion', 'delete guard: 12%% of the records went missing',
                           md5('run-' || i)::uuid
                    FROM generate_series(0, 199) i;
                    """
                        .formatted(REGISTRIES));
                // Three reports for each of the latest 2,000 runs.
                st.execute(
                    """
                    INSERT INTO chittysync.validation_reports (run_id, registry, endpoint,
                        record_key, remote_id, errors)
                    SELECT r.run_id, r.registry, 'notion', 'V-' || g || '-' || r.rn, 'page-' || r.rn,
                           '[{"path": "/email", "message": "is not an e-mail address"}]'::jsonb
                    FROM (SELECT run_id, registry, row_number() OVER () AS rn
                          FROM chittysync.runs ORDER BY started_at DESC LIMIT 2000) r,
                         generate_series(1, 3) g;
                    """);
                // A plan of PLAN_OPS ops on the latest run of REGISTRY.
                UUID runId;
                try (ResultSet rs =
                    st.executeQuery(
                        "SELECT run_id FROM chittysync.runs WHERE registry = '"
                            + REGISTRY
                            + "' ORDER BY started_at DESC LIMIT 1")) {
                  rs.next();
                  runId = rs.getObject(1, UUID.class);
                }
                UUID planId = UUID.nameUUIDFromBytes(("plan-" + runId).getBytes());
                st.execute(
                    """
                    INSERT INTO chittysync.plans (plan_id, registry, run_id, generation, status,
                        summary)
                    VALUES ('%1$s', '%2$s', '%3$s', 1, 'planned',
                            '{"notion": {"create": 100, "update": 350, "delete": 50}}');
                    UPDATE chittysync.runs SET plan_id = '%1$s' WHERE run_id = '%3$s';
                    INSERT INTO chittysync.plan_ops (plan_id, op_no, endpoint, op, record_key,
                        changes)
                    SELECT '%1$s', i, 'notion',
                           CASE WHEN i < 100 THEN 'create' WHEN i < 450 THEN 'update'
                                ELSE 'delete' END,
                           'P-' || i,
                           jsonb_build_object('email', 'p' || i || '@example.com',
                             'full_name', 'Person ' || i)
                    FROM generate_series(0, %4$d - 1) i;
                    ANALYZE;
                    """
                        .formatted(planId, REGISTRY, runId, PLAN_OPS));
                return runId;
              }
            });
    AuditLog log = new AuditLog(database, Clock.systemUTC());
    for (int done = 0; done < AUDIT_ENTRIES; done += 1000) {
      List<AuditRecord> records = new ArrayList<>(1000);
      for (int i = done; i < done + 1000; i++) {
        var body = Json.mapper().createObjectNode();
        body.put("registry", "registry_" + String.format("%03d", 1 + i % REGISTRIES));
        body.put("endpoint", "notion");
        body.put("op", "update");
        body.put("key", "P-" + i);
        body.putArray("fields").add("email");
        records.add(new AuditRecord("sync.op", "engine", body));
      }
      log.append(records);
    }
    // A signed checkpoint, so an entry's page proves its inclusion (a path of 14 hashes).
    NoteSigner signer = NoteSigner.generate("bench");
    new Checkpointer(database, signer, signer.name()).checkpoint();
    return planRun;
  }

  private static WebRequest get(String path, Map<String, String> headers) {
    Map<String, String> h = new HashMap<>(headers);
    h.putIfAbsent("accept", "text/html");
    return new WebRequest("GET", path, h, Map.of(), Map.of(), Map.of(), "", Map.of());
  }

  /** {@code n} timed calls of {@code work} after {@link #WARMUP} untimed ones, sorted, in ns. */
  private static long[] time(int n, Supplier<?> work) {
    for (int i = 0; i < WARMUP; i++) {
      work.get();
    }
    long[] ns = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      work.get();
      ns[i] = System.nanoTime() - t;
    }
    Arrays.sort(ns);
    return ns;
  }

  private static void print(String name, long[] sorted, int bytes) {
    System.out.printf(
        "%-28s %8.2f %8.2f %8.2f %10s%n",
        name,
        percentile(sorted, 50) / 1e6,
        percentile(sorted, 95) / 1e6,
        sorted[sorted.length - 1] / 1e6,
        bytes < 0 ? "" : String.format("%.1f", bytes / 1024.0));
  }

  private static long percentile(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }

  /** Lets one fixed viewer read; refuses every action (the bench only reads). */
  private static final class BenchAccess implements Access {
    private final Principal viewer =
        new Principal(
            "bench",
            "bench@example.com",
            Role.VIEWER,
            "bench-session",
            Instant.now().plus(Duration.ofDays(1)));

    @Override
    public Principal read(WebRequest request) {
      return viewer;
    }

    @Override
    public Principal act(WebRequest request) {
      throw new Refused(403, "the bench only reads");
    }

    @Override
    public String csrf(Principal principal) {
      return "bench-csrf-token";
    }
  }
}
