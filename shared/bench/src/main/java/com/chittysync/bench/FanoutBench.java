package com.chittysync.bench;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.DiffService;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.PipelineEvent;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseUrl;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcPendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * Many registries fanned out through the bus: R registries (default 50) of N rows (default 2,000),
 * PostgreSQL to PostgreSQL, each asked for by a burst of B requests (default 5) through the pending
 * syncs, then synced by W workers (default 8) standing for Lambda containers, each with its own
 * diff and apply services and its own pool of 2 connections (the functions' default) over the same
 * state database. The bus is an in-process queue; an invocation refused with {@code lease.held}
 * goes back on it after a second, as Lambda retries it.
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar fanout [R] [N] [--workers=W]
 * [--burst=B]}. Prints the time until every registry converged, the events put (one per registry
 * when the bursts coalesce), the state database's connections at peak (sampled from {@code
 * pg_stat_activity} every 20 ms), and two references measured in the same run: one registry alone
 * through the same path, times R (what one writer at a time would take), and {@code COPY} of all
 * the rows.
 */
public final class FanoutBench {
  private FanoutBench() {}

  /** An event on the stand-in bus, due after a delay (a retry's). */
  private record Due(PipelineEvent event, long atNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(atNanos, ((Due) o).atNanos);
    }
  }

  public static void run(String[] args) throws Exception {
    int registries = 50;
    int rows = 2_000;
    int workers = 8;
    int burst = 5;
    List<Integer> numbers = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--workers=")) {
        workers = Integer.parseInt(arg.substring("--workers=".length()));
      } else if (arg.startsWith("--burst=")) {
        burst = Integer.parseInt(arg.substring("--burst=".length()));
      } else {
        numbers.add(Integer.parseInt(arg.replace("_", "")));
      }
    }
    if (!numbers.isEmpty()) {
      registries = numbers.get(0);
    }
    if (numbers.size() > 1) {
      rows = numbers.get(1);
    }
    try (ScratchDatabase scratch = ScratchDatabase.create(2)) {
      DatabaseUrl url = scratch.url();
      Properties props = new Properties();
      url.user().ifPresent(u -> props.setProperty("user", u));
      url.password().ifPresent(p -> props.setProperty("password", p.reveal()));
      Path dir = Files.createTempDirectory("chittysync-fanout");
      Files.writeString(
          dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
      StringBuilder config = new StringBuilder("registries:\n");
      List<String> names = new ArrayList<>();
      // warm warms the JVM up (classes, schema compilation) and is not measured; r0 is the
      // reference, one registry alone through the same path; r1... are fanned out.
      names.add("warm");
      for (int i = 0; i <= registries; i++) {
        names.add("r" + i);
      }
      List<String> fanned = names.subList(2, names.size());
      try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props);
          Statement st = c.createStatement()) {
        for (String r : names) {
          st.execute(
              "CREATE TABLE "
                  + r
                  + "_src (id text PRIMARY KEY, name text, email text, n integer);"
                  + " CREATE TABLE "
                  + r
                  + "_dst (id text PRIMARY KEY, name text, email text, n integer);"
                  + " CREATE TABLE "
                  + r
                  + "_copy (LIKE "
                  + r
                  + "_dst);"
                  + " INSERT INTO "
                  + r
                  + "_src SELECT '"
                  + r
                  + "-' || g, 'Person ' || g, 'p' || g || '@example.org', g"
                  + " FROM generate_series(1, "
                  + rows
                  + ") g");
          config
              .append("  ")
              .append(r)
              .append(":\n    schema: any.schema.json\n    key: id\n    endpoints:\n")
              .append("      src: {type: postgres, table: ")
              .append(r)
              .append("_src, fields: {id: id, name: name, email: email, n: n}}\n")
              .append("      dst: {type: postgres, table: ")
              .append(r)
              .append("_dst, fields: {id: id, name: name, email: email, n: n}}\n");
        }
      }
      Files.writeString(dir.resolve("chittysync.yaml"), config.toString());
      Map<String, String> env = new HashMap<>();
      env.put(
          "DATABASE_URL",
          "postgres://" + url.user().orElse("postgres") + "@" + url.hosts() + "/" + url.database());
      env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());

      // Reference 1: COPY of every registry's rows (out of each source, into a table shaped alike).
      double copySeconds = 0;
      try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props)) {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        for (String r : fanned) {
          StringWriter out = new StringWriter();
          copy.copyOut("COPY " + r + "_src TO STDOUT", out);
          long t = System.nanoTime();
          copy.copyIn("COPY " + r + "_copy FROM STDIN", new StringReader(out.toString()));
          copySeconds += (System.nanoTime() - t) / 1e9;
        }
      }

      // Reference 2: r0 alone, one worker, through the same bus and services.
      Fleet solo = new Fleet(env, url, 1);
      solo.request(List.of("warm"), 1);
      solo.drain();
      long s0 = System.nanoTime();
      solo.request(List.of("r0"), 1);
      solo.drain();
      double soloSeconds = (System.nanoTime() - s0) / 1e9;
      solo.close();

      Fleet fleet = new Fleet(env, url, workers);
      ConnectionSampler sampler = new ConnectionSampler(url, props);
      Thread sampling = new Thread(sampler, "pg_stat_activity sampler");
      sampling.setDaemon(true);
      sampling.start();
      long t0 = System.nanoTime();
      int events = fleet.request(fanned, burst);
      fleet.drain();
      double fanout = (System.nanoTime() - t0) / 1e9;
      sampler.stop();
      sampling.join();
      fleet.close();

      int converged = 0;
      try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props);
          Statement st = c.createStatement()) {
        for (String r : fanned) {
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM "
                      + r
                      + "_dst d JOIN "
                      + r
                      + "_src s USING (id) WHERE d IS NOT DISTINCT FROM s")) {
            rs.next();
            if (rs.getInt(1) == rows) {
              converged++;
            }
          }
        }
      }
      long total = (long) registries * rows;
      System.out.printf(
          "fanout: %d registries x %,d rows (PostgreSQL -> PostgreSQL), %d workers with 2"
              + " connections each, bursts of %d requests per registry%n",
          registries, rows, workers, burst);
      System.out.printf(
          "  requests %d -> SyncRequested events put %d; diffs %d, applies %d, lease.held retries"
              + " %d%n",
          registries * burst, events, fleet.diffs.get(), fleet.applies.get(), fleet.retries.get());
      System.out.printf(
          "  time to converge all: %.2f s (%,.0f rows/s); registries converged %d of %d%n",
          fanout, total / fanout, converged, registries);
      System.out.printf(
          "  state-database connections at peak: %d open, %d busy at once (sampled every 20 ms"
              + " from pg_stat_activity, this database, the sampler excluded; pools allow %d: %d"
              + " workers x 2, the producers' 2 and the benchmark's own 2)%n",
          sampler.peak.get(), sampler.peakActive.get(), workers * 2 + 4, workers);
      System.out.printf(
          "  reference, one registry alone (1 worker): %.2f s; x %d = %.2f s; fanout = %.2f x"
              + " that (speed-up %.1f x)%n",
          soloSeconds,
          registries,
          soloSeconds * registries,
          fanout / (soloSeconds * registries),
          soloSeconds * registries / fanout);
      System.out.printf(
          "  reference, COPY of the same %,d rows: %.2f s; fanout = %.1f x COPY%n",
          total, copySeconds, fanout / copySeconds);
    }
  }

  /** W workers consuming the stand-in bus, each with its own services and pool. */
  private static final class Fleet implements AutoCloseable {
    private final DelayQueue<Due> bus = new DelayQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger diffs = new AtomicInteger();
    private final AtomicInteger applies = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final List<Database> pools = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final PendingSyncs pending;
    private final EventSink sink;
    private volatile boolean stopped;

    Fleet(Map<String, String> env, DatabaseUrl url, int workers) {
      sink =
          events -> {
            for (PipelineEvent e : events) {
              inFlight.incrementAndGet();
              bus.add(new Due(e, System.nanoTime()));
            }
          };
      Database producers = new Database(url, 2, Duration.ofSeconds(10));
      pools.add(producers);
      pending = new JdbcPendingSyncs(producers);
      for (int w = 0; w < workers; w++) {
        Database database = new Database(url, 2, Duration.ofSeconds(10));
        pools.add(database);
        SyncService sync =
            new SyncService(
                Environment.of(env),
                database,
                new AuditLog(database, Clock.systemUTC()),
                Clock.systemUTC(),
                Set.of(new PostgresEndpointType(null)));
        DiffService diff = new DiffService(sync, sink, new JdbcPendingSyncs(database));
        ApplyService apply = new ApplyService(sync, new JdbcReviewQueue(database), sink);
        String holder = "worker-" + w;
        Thread t = new Thread(() -> work(diff, apply, holder), holder);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    /** Puts {@code burst} requests for each registry through the pending syncs; events put. */
    int request(List<String> registries, int burst) {
      int put = 0;
      for (int b = 0; b < burst; b++) {
        for (String r : registries) {
          put +=
              pending
                  .request(
                      List.of(SyncRequested.of(r, "bench")),
                      q -> PendingSyncs.Request.of(q.registry(), q.reason()),
                      sink::publish)
                  .size();
        }
      }
      return put;
    }

    private void work(DiffService diff, ApplyService apply, String holder) {
      while (!stopped) {
        Due due;
        try {
          due = bus.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (due == null) {
          continue;
        }
        try {
          if (due.event() instanceof SyncRequested r) {
            diff.onSyncRequested(r.registry(), r.reason(), r.full(), holder);
            diffs.incrementAndGet();
          } else if (due.event() instanceof PlanReady p) {
            apply.onPlanReady(p.registry(), p.planId(), holder);
            applies.incrementAndGet();
          }
        } catch (RuntimeException e) {
          // Lambda retries a failed invocation (lease.held, mostly) a little later.
          retries.incrementAndGet();
          inFlight.incrementAndGet();
          bus.add(new Due(due.event(), System.nanoTime() + TimeUnit.SECONDS.toNanos(1)));
        }
        inFlight.decrementAndGet();
      }
    }

    /** Waits until no event is queued or being handled. */
    void drain() throws InterruptedException {
      while (inFlight.get() > 0) {
        Thread.sleep(10);
      }
    }

    @Override
    public void close() throws InterruptedException {
      stopped = true;
      for (Thread t : threads) {
        t.join();
      }
      pools.forEach(Database::close);
    }
  }

  /** The most connections to this database seen at once. */
  private static final class ConnectionSampler implements Runnable {
    private final DatabaseUrl url;
    private final Properties props;
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakActive = new AtomicLong();
    private volatile boolean stopped;

    ConnectionSampler(DatabaseUrl url, Properties props) {
      this.url = url;
      this.props = props;
    }

    void stop() {
      stopped = true;
    }

    @Override
    public void run() {
      try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props);
          Statement st = c.createStatement()) {
        while (!stopped) {
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity"
                      + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            peak.accumulateAndGet(rs.getLong(1), Math::max);
            peakActive.accumulateAndGet(rs.getLong(2), Math::max);
          }
          Thread.sleep(20);
        }
      } catch (Exception e) {
        throw new IllegalStateException("sampling pg_stat_activity: " + e.getMessage(), e);
      }
    }
  }
}
