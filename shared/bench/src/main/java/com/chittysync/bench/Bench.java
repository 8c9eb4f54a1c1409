package com.chittysync.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Runs one benchmark by name and prints its figures: {@code java -jar
 * shared/bench/target/chittysync-bench.jar <name> [args]}. A benchmark is a class {@code
 * com.chittysync.bench.<Name>Bench} with a {@code static void run(String[] args)}; names are
 * kebab-case, for example {@code envelope-verify} runs {@code EnvelopeVerifyBench}.
 *
 * <p>Benchmarks that need a database use {@code DATABASE_URL} (default: the local PostgreSQL) and
 * work in a database of their own, which they create and drop.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: chittysync-bench <name> [args]   (for example: envelope-verify)");
      System.exit(2);
    }
    StringBuilder className = new StringBuilder("com.chittysync.bench.");
    for (String part : args[0].split("-")) {
      if (!part.isEmpty()) {
        className.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    className.append("Bench");
    Class<?> type;
    try {
      type = Class.forName(className.toString());
    } catch (ClassNotFoundException e) {
      System.err.println("no benchmark named '" + args[0] + "' (" + className + ")");
      System.exit(2);
      return;
    }
    type.getMethod("run", String[].class)
        .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }
}
