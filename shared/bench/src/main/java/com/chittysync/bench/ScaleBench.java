package com.chittysync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * A large PostgreSQL to PostgreSQL registry through the CLI, in a CLI process with the heap the
 * diff and apply functions give it: an initial sync of N rows into an empty table, then a re-sync
 * after about 1% of the source rows were edited. Each is timed end to end and as a ratio to {@code
 * COPY} of the same rows measured in the same run. Its heap is measured two ways: the peak live
 * heap, sampled every few seconds with {@code jcmd GC.class_histogram} (which collects in full
 * first, so its total is what the process holds live; the collections slow the run a little), and
 * from the CLI process's own GC log ({@code -Xlog:gc}) the largest heap in use before and after a
 * collection (after a young collection, old garbage not yet collected still counts).
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar scale --rows 1000000 [--heap 1536m]
 * [--sample 5]}; needs the CLI jar built ({@code functions/cli/target/chittysync.jar}). The CLI
 * runs with {@code -Xmx} of {@code --heap}; {@code --sample 0} samples nothing.
 */
public final class ScaleBench {
  private static final Pattern GC_LINE =
      Pattern.compile("Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** How often the CLI's live heap is sampled (a full-GC class histogram); 0 for never. */
  private static double sampleSeconds = 5;

  private ScaleBench() {}

  public static void run(String[] args) throws Exception {
    int n = 1_000_000;
    String heap = "1536m";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> n = Integer.parseInt(args[++i].replace("_", ""));
        case "--heap" -> heap = args[++i];
        case "--sample" -> sampleSeconds = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
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
        st.execute("ANALYZE src");
      }
      Path dir = PeopleRegistry.writeConfig("chittysync-scale");
      String dbUrl = PeopleRegistry.databaseUrl(scratch);

      // COPY into a table shaped like the target, from a file so this process holds no rows: the
      // reference every figure is divided by.
      double copySeconds;
      Path rowsFile = dir.resolve("rows.tsv");
      try (Connection c = DriverManager.getConnection(url, props)) {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        try (Writer out = Files.newBufferedWriter(rowsFile, StandardCharsets.UTF_8)) {
          copy.copyOut("COPY src TO STDOUT", out);
        }
        long copyStart = System.nanoTime();
        try (Reader in = Files.newBufferedReader(rowsFile, StandardCharsets.UTF_8)) {
          copy.copyIn("COPY copy_dst FROM STDIN", in);
        }
        copySeconds = (System.nanoTime() - copyStart) / 1e9;
      }
      Files.delete(rowsFile);
      System.out.printf(
          "COPY of the same %,d rows (the reference): %.2f s = %,.0f rows/s%n",
          n, copySeconds, n / copySeconds);

      Run initial = cli(jar, dir, dbUrl, heap, "initial");
      initial.print("initial sync into an empty table", heap, copySeconds);
      long held = count(url, props, "SELECT count(*) FROM dst");
      System.out.printf("  target holds %,d rows%n", held);

      long edited;
      try (Connection c = DriverManager.getConnection(url, props);
          Statement st = c.createStatement()) {
        edited =
            st.executeUpdate(
                "UPDATE src SET note = 'edited ' || id, city = 'Moved' WHERE substring(id from 2)::int % 100 = 7");
      }
      Run resync = cli(jar, dir, dbUrl, heap, "resync");
      resync.print(
          String.format("re-sync after editing %,d rows (%.1f%%)", edited, 100.0 * edited / n),
          heap,
          copySeconds);
      long differing =
          count(
              url,
              props,
              "SELECT count(*) FROM (SELECT id, name, email, age, score, active, born, seen, city, note FROM src"
                  + " EXCEPT SELECT key, full_name, mail, years, points, on_, birthday, last_seen, town, remark FROM dst) x");
      System.out.printf(
          "  rows of the source the target does not hold exactly: %,d%s%n",
          differing, differing == 0 ? " (converged)" : " (NOT CONVERGED)");
    }
  }

  /** A CLI run's wall time, report and heap as its GC log and the live samples saw it. */
  private record Run(
      double seconds,
      JsonNode report,
      long peakAfterGcMb,
      long peakBeforeGcMb,
      long peakLiveMb,
      int samples) {
    void print(String what, String heap, double copySeconds) {
      System.out.printf(
          "%s (CLI, end to end, -Xmx%s): %.2f s = %.1f× COPY; peak live heap %,d MB (largest of"
              + " %d full-GC class histograms, one every %.0f s); GC log: peak after a"
              + " collection %,d MB, before one %,d MB%n",
          what,
          heap,
          seconds,
          seconds / copySeconds,
          peakLiveMb,
          samples,
          sampleSeconds,
          peakAfterGcMb,
          peakBeforeGcMb);
      System.out.printf(
          "  converged: %s; phases (ms): %s%n",
          report.path("converged").asText("?"), report.path("timings_ms"));
    }
  }

  private static Run cli(Path jar, Path dir, String dbUrl, String heap, String label)
      throws Exception {
    Path gcLog = dir.resolve("gc-" + label + ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Xlog:gc:file=" + gcLog,
                "-jar",
                jar.toString(),
                "sync",
                "--registry",
                "people",
                "--json"));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("DATABASE_URL", dbUrl);
    pb.environment().remove("DATABASE_URL_UNPOOLED");
    long t0 = System.nanoTime();
    Process p = pb.start();
    long[] live = new long[2];
    Thread sampler = new Thread(() -> sampleLive(p, live), "live-heap-sampler");
    sampler.setDaemon(true);
    if (sampleSeconds > 0) {
      sampler.start();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    sampler.join();
    long after = 0;
    long before = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        before = Math.max(before, mb(m.group(1), m.group(2)));
        after = Math.max(after, mb(m.group(3), m.group(4)));
      }
    }
    if (code != 0) {
      throw new IllegalStateException(
          String.format(
              "%s: chittysync sync exited %d after %.1f s (peak heap after GC %d MB): %s",
              label, code, seconds, after, out));
    }
    return new Run(
        seconds, new ObjectMapper().readTree(out), after, before, live[0], (int) live[1]);
  }

  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)");

  /**
   * Samples the live heap of {@code process} until it ends: {@code jcmd GC.class_histogram} runs a
   * full collection first, so its total is what the process holds live. Keeps the largest in MB in
   * {@code live[0]} and the number of samples in {@code live[1]}.
   */
  private static void sampleLive(Process process, long[] live) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    while (process.isAlive()) {
      try {
        Thread.sleep((long) (sampleSeconds * 1000));
        Process h =
            new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String text = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        h.waitFor();
        for (String line : text.split("\n")) {
          Matcher m = HISTOGRAM_TOTAL.matcher(line.trim());
          if (m.find()) {
            live[0] = Math.max(live[0], Long.parseLong(m.group(1)) / (1024 * 1024));
            live[1]++;
          }
        }
      } catch (Exception e) {
        // The process ended between two samples.
      }
    }
  }

  private static long mb(String value, String unit) {
    long v = Long.parseLong(value);
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }

  private static long count(String url, Properties props, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
