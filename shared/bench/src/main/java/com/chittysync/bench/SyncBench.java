package com.chittysync.bench;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * PostgreSQL to PostgreSQL through the CLI, as a user runs it: an initial sync of N rows (default
 * 100,000) of 10 columns into an empty table with other column names; {@code COPY} of the same rows
 * side by side; and a re-sync with nothing changed, checking it wrote nothing.
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar sync [N] [--heap=256m]}; needs the
 * CLI jar built ({@code functions/cli/target/chittysync.jar}). Both syncs run in a CLI process with
 * the given maximum heap. Every duration is printed beside {@code COPY} of the same rows, measured
 * in the same run, as a ratio; WAL is measured with {@code pg_current_wal_lsn()} around the initial
 * sync; a CLI process that does nothing ({@code --version}) is printed as the floor a process start
 * sets.
 */
public final class SyncBench {
  private SyncBench() {}

  public static void run(String[] args) throws Exception {
    int n = 100_000;
    String heap = "256m";
    for (String arg : args) {
      if (arg.startsWith("--heap=")) {
        heap = arg.substring("--heap=".length());
      } else {
        n = Integer.parseInt(arg.replace("_", ""));
      }
    }
    Path jar = Path.of("functions/cli/target/chittysync.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "build the CLI first: mvn -B -DskipTests package (missing " + jar + ")");
    }
    try (ScratchDatabase scratch = ScratchDatabase.create(2)) {
      String url = "jdbc:postgresql://" + scratch.url().hosts() + "/" + scratch.url().database();
      Properties props = new Properties();
      scratch.url().user().ifPresent(u -> props.setProperty("user", u));
      scratch.url().password().ifPresent(p -> props.setProperty("password", p.reveal()));
      try (Connection c = DriverManager.getConnection(url, props);
          Statement st = c.createStatement()) {
        PeopleRegistry.createTables(st, n);
      }
      Path dir = PeopleRegistry.writeConfig("chittysync-bench");
      String dbUrl = PeopleRegistry.databaseUrl(scratch);

      String xmx = "-Xmx" + heap;
      // COPY first, into a table shaped like the target: the reference every figure is divided by.
      double copySeconds;
      long copyWal;
      try (Connection c = DriverManager.getConnection(url, props)) {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        StringWriter out = new StringWriter();
        copy.copyOut("COPY src TO STDOUT", out);
        String rows = out.toString();
        String copyLsn = text(url, props, "SELECT pg_current_wal_lsn()::text");
        long copyStart = System.nanoTime();
        copy.copyIn("COPY copy_dst FROM STDIN", new StringReader(rows));
        copySeconds = (System.nanoTime() - copyStart) / 1e9;
        copyWal =
            count(
                url,
                props,
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + copyLsn + "')::bigint");
      }
      long v0 = System.nanoTime();
      cli(jar, dir, dbUrl, xmx, "--version");
      double floor = (System.nanoTime() - v0) / 1e9;

      String lsnBefore = text(url, props, "SELECT pg_current_wal_lsn()::text");
      long t0 = System.nanoTime();
      String first = cli(jar, dir, dbUrl, xmx, "sync", "--registry", "people", "--json");
      double initial = (System.nanoTime() - t0) / 1e9;
      long wal =
          count(
              url,
              props,
              "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsnBefore + "')::bigint");
      long applied = count(url, props, "SELECT count(*) FROM dst");
      System.out.printf(
          "COPY of the same %,d rows (the reference): %.2f s = %,.0f rows/s%n",
          n, copySeconds, n / copySeconds);
      System.out.printf(
          "CLI process doing nothing (chittysync --version, %s): %.2f s = %.1f× COPY%n",
          xmx, floor, floor / copySeconds);
      System.out.printf(
          "initial sync (CLI, end to end, %s): %.2f s = %.1f× COPY; target holds %,d rows%n",
          xmx, initial, initial / copySeconds, applied);
      com.fasterxml.jackson.databind.JsonNode report =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(first);
      System.out.printf(
          "  phases: fetch %.2f s, plan %.2f s (fetch included), store plan %.2f s, apply %.2f s"
              + " (%,.0f rows/s)%n",
          report.at("/timings_ms/fetch").asLong() / 1000.0,
          report.at("/timings_ms/plan").asLong() / 1000.0,
          report.at("/timings_ms/store").asLong() / 1000.0,
          report.at("/timings_ms/apply").asLong() / 1000.0,
          n / (report.at("/timings_ms/apply").asLong() / 1000.0));
      System.out.printf(
          "  WAL written: %,d bytes = %,d bytes per record (COPY: %,d bytes per record)%n",
          wal, wal / Math.max(1, n), copyWal / Math.max(1, n));
      // Where the bytes go: what each of the engine's tables holds per record after the sync.
      try (Connection c = DriverManager.getConnection(url, props);
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                      + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                      + " WHERE n.nspname = 'chittysync' AND c.relkind = 'r'"
                      + " AND pg_total_relation_size(c.oid) > 1048576 ORDER BY 2 DESC")) {
        StringBuilder tables = new StringBuilder();
        while (rs.next()) {
          tables.append(String.format(" %s %,d;", rs.getString(1), rs.getLong(2) / Math.max(1, n)));
        }
        System.out.printf("  state stored per record (bytes, with indexes):%s%n", tables);
      }

      long writesBefore = writes(url, props);
      long r0 = System.nanoTime();
      String again = cli(jar, dir, dbUrl, xmx, "sync", "--registry", "people", "--json");
      double resync = (System.nanoTime() - r0) / 1e9;
      long writesAfter = writes(url, props);
      System.out.printf(
          "re-sync with nothing changed (CLI, end to end, %s): %.2f s = %.1f× COPY; rows written"
              + " to either table: %d; %s%n",
          xmx,
          resync,
          resync / copySeconds,
          writesAfter - writesBefore,
          again.contains("\"applied\":0") ? "plan empty" : "PLAN NOT EMPTY");
      com.fasterxml.jackson.databind.JsonNode second =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(again);
      System.out.printf("  phases: %s%n", second.path("timings_ms"));
    }
  }

  private static String text(String url, Properties props, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String cli(Path jar, Path dir, String dbUrl, String xmx, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                xmx,
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("DATABASE_URL", dbUrl);
    pb.environment().remove("DATABASE_URL_UNPOOLED");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    if (code != 0) {
      throw new IllegalStateException(
          "chittysync " + String.join(" ", args) + " exited " + code + ": " + out);
    }
    return out;
  }

  private static long count(String url, Properties props, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long writes(String url, Properties props) throws Exception {
    // Statistics are flushed lazily; force them before reading.
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_stat_force_next_flush()");
    } catch (SQLException ignored) {
      // PostgreSQL before 15 has no such function; the counters are close enough then.
    }
    Thread.sleep(700);
    return count(
        url,
        props,
        "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables WHERE relname IN ('src', 'dst')");
  }
}
