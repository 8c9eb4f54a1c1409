package com.chittysync.bench.coldstart;

import com.chittysync.emulators.lambda.FunctionLauncher;
import com.chittysync.testkit.RepoPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The {@code coldstart} benchmark: every function, several times, under each set of JVM flags, each
 * run a fresh JVM serving one sample event; then one table per set of flags.
 *
 * <p>Flags: {@code lambda} are those of Lambda's managed Java 17 runtime ({@link
 * FunctionLauncher#lambdaJvmFlags}); {@code default} are none, the JVM's own choices on this
 * machine (C2 and G1), for comparison.
 */
public final class ColdStartBenchmark {
  private final int runs;
  private final List<LambdaFunction> functions;
  private final Map<String, List<String>> flagSets;
  private final Optional<Path> runtimeDir;
  private final Map<String, String> envOverrides;

  private ColdStartBenchmark(
      int runs,
      List<LambdaFunction> functions,
      Map<String, List<String>> flagSets,
      Optional<Path> runtimeDir,
      Map<String, String> envOverrides) {
    this.runs = runs;
    this.functions = functions;
    this.flagSets = flagSets;
    this.runtimeDir = runtimeDir;
    this.envOverrides = envOverrides;
  }

  /**
   * From {@code [--runs N] [--functions a,b] [--flags lambda|default|both|none] [--jvm-flags "..."]
   * [--runtime DIR] [--env NAME=VALUE]...}; {@code --jvm-flags} adds a set of flags of one's own
   * (space-separated), and {@code --env} changes the functions' environment (an empty value removes
   * the variable), to see what a flag or a setting costs.
   *
   * @throws IllegalArgumentException for an unknown option or function
   */
  public static ColdStartBenchmark fromArgs(String[] args) {
    int runs = 3;
    List<LambdaFunction> functions = LambdaFunction.ALL;
    String flags = "both";
    Optional<Path> runtime = Optional.empty();
    Map<String, String> env = new LinkedHashMap<>();
    List<String> custom = List.of();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(value);
        case "--functions" -> functions = select(value);
        case "--flags" -> flags = value;
        case "--jvm-flags" -> custom = List.of(value.strip().split("\\s+"));
        case "--runtime" -> runtime = Optional.of(Path.of(value));
        case "--env" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--env takes NAME=VALUE, got " + value);
          }
          env.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    Map<String, List<String>> flagSets = new LinkedHashMap<>();
    if (flags.equals("lambda") || flags.equals("both")) {
      flagSets.put("lambda", FunctionLauncher.lambdaJvmFlags(LambdaFunction.MEMORY_MB));
    }
    if (flags.equals("default") || flags.equals("both")) {
      flagSets.put("default", List.of());
    }
    if (!custom.isEmpty()) {
      flagSets.put("custom", custom);
    }
    if (flagSets.isEmpty()) {
      throw new IllegalArgumentException(
          "--flags must be lambda, default, both, or none with --jvm-flags");
    }
    return new ColdStartBenchmark(runs, functions, flagSets, runtime, env);
  }

  private static List<LambdaFunction> select(String names) {
    List<String> wanted = Arrays.asList(names.split(","));
    List<LambdaFunction> chosen =
        LambdaFunction.ALL.stream().filter(f -> wanted.contains(f.name())).toList();
    if (chosen.size() != wanted.size()) {
      throw new IllegalArgumentException(
          "functions are "
              + LambdaFunction.ALL.stream().map(LambdaFunction::name).toList()
              + ", got "
              + wanted);
    }
    return chosen;
  }

  /**
   * Runs the benchmark, printing progress and the tables to {@code out}.
   *
   * @return whether every function answered every time
   */
  public boolean run(PrintStream out) throws IOException {
    Path root = RepoPaths.root();
    List<Path> runtimeJars =
        jars(runtimeDir.orElse(root.resolve("shared/bench/target/lambda-runtime")));
    Path logDir = Files.createDirectories(root.resolve("shared/bench/target/coldstart"));
    // The floor first, then every function whose jar is built and holds its handler class.
    Map<LambdaFunction, Path> present = new LinkedHashMap<>();
    present.put(LambdaFunction.FLOOR, FloorJar.write(logDir));
    for (LambdaFunction f : functions) {
      Path jar = f.jar(root);
      if (!Files.isRegularFile(jar)) {
        out.printf("skipping %s: %s is not built%n", f.name(), root.relativize(jar));
      } else if (!holds(jar, f.handlerClass())) {
        out.printf(
            "skipping %s: %s has no handler class %s (not written yet on this branch?)%n",
            f.name(), root.relativize(jar), f.handlerClass());
      } else {
        present.put(f, jar);
      }
    }
    out.printf(
        "cold start: java <flags> -cp %s:<function jar> %s <handler>%n",
        runtimeJars.stream().map(p -> p.getFileName().toString()).toList(),
        FunctionLauncher.RUNTIME_MAIN);
    out.printf(
        "load average at the start: %.2f on %d cores%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    List<ColdStartTable> tables = new ArrayList<>();
    try (ColdStartFixture fixture = ColdStartFixture.create()) {
      Map<String, String> env = new LinkedHashMap<>(fixture.env());
      envOverrides.forEach(
          (name, value) -> {
            if (value.isEmpty()) {
              env.remove(name);
            } else {
              env.put(name, value);
            }
          });
      ColdStartRunner runner = new ColdStartRunner(runtimeJars, env, logDir);
      for (var flags : flagSets.entrySet()) {
        out.printf("%nflags %s: %s%n", flags.getKey(), flags.getValue());
        ColdStartTable table = new ColdStartTable(flags.getKey() + " " + flags.getValue());
        for (int round = 1; round <= runs; round++) {
          Optional<String> planId = Optional.empty();
          for (var entry : present.entrySet()) {
            LambdaFunction f = entry.getKey();
            String event = f == LambdaFunction.FLOOR ? "{}" : fixture.prepare(f, planId);
            ColdStart start =
                runner.run(
                    f, entry.getValue(), flags.getValue(), event, flags.getKey() + "-" + round);
            if (start.planId().isPresent()) {
              planId = start.planId();
            }
            table.add(f, Files.size(entry.getValue()), start);
            out.printf(
                "  run %d %-9s init %6s s  response %6s s  %s%n",
                round,
                f.name(),
                ColdStartTable.seconds(start.init()),
                ColdStartTable.seconds(start.response()),
                start.answer());
          }
        }
        tables.add(table);
      }
    }
    tables.forEach(t -> t.print(out));
    // Figures from a shared machine swing with what else runs; say how busy it was.
    out.printf(
        "%nload average at the end: %.2f on %d cores%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    out.printf("%nlogs of every run: %s%n", root.relativize(logDir));
    return tables.stream().allMatch(ColdStartTable::allAnswered);
  }

  /** Whether {@code jar} has the class file of {@code className}. */
  private static boolean holds(Path jar, String className) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.getEntry(className.replace('.', '/') + ".class") != null;
    }
  }

  private static List<Path> jars(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          dir
              + " is missing: it holds the Lambda runtime interface client; build it with"
              + " 'mvn -pl shared/bench package -DskipTests'");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }
}
