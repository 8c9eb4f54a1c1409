package com.chittysync.bench;

import com.chittysync.bench.coldstart.ColdStartBenchmark;
import org.opentest4j.TestAbortedException;

/**
 * Cold start of every function the way Lambda starts it: {@code java -cp <runtime interface
 * client>:<function jar> com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>} in a
 * fresh JVM against an emulated Runtime API, serving one sample event; process start, init done
 * (first {@code /next}) and response, median of several runs, and jar sizes; each median also as a
 * multiple of the floor, a no-op Java handler alone in a jar started the same way in the same run.
 * A function whose jar is not built, or lacks its handler class, is skipped with a line that says
 * so.
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar coldstart [--runs N] [--functions
 * health,webhook] [--flags lambda|default|both]}. Needs the function jars built ({@code mvn -pl
 * functions/health,... -am package -DskipTests}), PostgreSQL ({@code DATABASE_URL}, default local)
 * and moto_server.
 */
public final class ColdstartBench {
  private ColdstartBench() {}

  public static void run(String[] args) throws Exception {
    ColdStartBenchmark benchmark = ColdStartBenchmark.fromArgs(args);
    boolean answered;
    try {
      answered = benchmark.run(System.out);
    } catch (TestAbortedException e) {
      // The testkit skips what is not installed (moto_server); here that ends the benchmark.
      System.err.println("coldstart: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(answered ? 0 : 1);
  }
}
