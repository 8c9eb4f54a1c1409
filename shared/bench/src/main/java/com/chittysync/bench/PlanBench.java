package com.chittysync.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** {@code chittysync-bench plan}: runs {@link PlanBenchmark} with JMH (heap capped at 512 MB). */
public final class PlanBench {
  private PlanBench() {}

  public static void run(String[] args) throws Exception {
    new Runner(new OptionsBuilder().include(PlanBenchmark.class.getSimpleName()).build()).run();
  }
}
