package com.chittysync.bench;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.sync.engine.Merger;
import com.chittysync.sync.engine.Planner;
import com.chittysync.sync.engine.Resolution;
import com.chittysync.sync.engine.Side;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's planning work on 100,000 records of 10 fields held by two endpoints, 1% changed at
 * one of them: resolve every key three-way and plan every op. No I/O.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx512m"})
public class PlanBenchmark {
  static final int RECORDS = 100_000;

  RegistryConfig registry;
  List<String> keys;
  Map<String, CanonicalRecord> base;
  Map<String, CanonicalRecord> a;
  Map<String, CanonicalRecord> b;

  @Setup
  public void setUp() {
    Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
    for (String name : List.of("a", "b")) {
      endpoints.put(
          name,
          new EndpointConfig(
              name,
              "postgres",
              Map.of("id", "id"),
              JsonNodeFactory.instance.objectNode(),
              "registries.r.endpoints." + name));
    }
    registry =
        new RegistryConfig(
            "r",
            "s.json",
            "id",
            RegistryConfig.Conflict.LAST_WRITE_WINS,
            List.of(),
            RegistryConfig.Deletes.PROPAGATE,
            0.25,
            Optional.empty(),
            RegistryConfig.AuditDetail.HASHES,
            endpoints);
    keys = new ArrayList<>(RECORDS);
    base = new TreeMap<>();
    a = new TreeMap<>();
    b = new TreeMap<>();
    for (int i = 0; i < RECORDS; i++) {
      String key = "P" + i;
      keys.add(key);
      Map<String, JsonNode> fields = new TreeMap<>();
      fields.put("id", JsonNodeFactory.instance.textNode(key));
      for (int f = 1; f < 10; f++) {
        fields.put(
            "f" + f,
            f % 3 == 0
                ? JsonNodeFactory.instance.numberNode(i * f)
                : JsonNodeFactory.instance.textNode("value " + f + " of " + i));
      }
      CanonicalRecord r = new CanonicalRecord(key, fields);
      base.put(key, r);
      a.put(key, r);
      b.put(
          key,
          i % 100 == 0 ? r.with(Map.of("f1", JsonNodeFactory.instance.textNode("changed"))) : r);
    }
  }

  /** Resolves and plans every key; returns the number of ops (1,000 expected). */
  @Benchmark
  public int resolveAndPlan() {
    Merger merger = new Merger(registry, Set.of(), Map.of());
    Instant now = Instant.now();
    int ops = 0;
    int opNo = 0;
    for (String key : keys) {
      Optional<CanonicalRecord> snapA = Optional.of(base.get(key));
      List<Side> sides =
          List.of(
              new Side(
                  "a",
                  snapA,
                  Optional.ofNullable(a.get(key)),
                  true,
                  Optional.empty(),
                  Optional.of(key)),
              new Side(
                  "b",
                  snapA,
                  Optional.ofNullable(b.get(key)),
                  true,
                  Optional.empty(),
                  Optional.of(key)));
      Resolution r = merger.resolve(key, Optional.of(base.get(key)), sides);
      for (Side side : sides) {
        Optional<Op> op = Planner.plan(opNo, r, side, Set.of());
        if (op.isPresent()) {
          ops++;
          opNo++;
        }
      }
    }
    if (ops != RECORDS / 100) {
      throw new IllegalStateException("expected " + RECORDS / 100 + " ops, planned " + ops);
    }
    return ops;
  }
}
