package com.chittysync.aws;

import com.chittysync.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primes a function before Lambda SnapStart takes its snapshot: the expensive first-use work
 * (loading and initialising the AWS SDK's clients and endpoint rules, Jackson, the JDBC driver) is
 * done once, at deploy time, and every restored execution environment starts from it.
 *
 * <p>Priming makes no network call and resolves no secret, so the snapshot holds no credentials or
 * connections: clients are built and closed, and the state database is not touched (its pool opens
 * no connection before the first use). A priming step that fails is logged and skipped; it must
 * never stop a deployment.
 */
public final class SnapStartPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

  // CRaC keeps only weak references to registered resources.
  private static final List<SnapStartPriming> REGISTERED = new ArrayList<>();

  private final String function;
  private final Map<String, String> env;
  private final List<Runnable> extra;
  private volatile int primed;

  SnapStartPriming(String function, Map<String, String> env, List<Runnable> extra) {
    this.function = function;
    this.env = Map.copyOf(env);
    this.extra = List.copyOf(extra);
  }

  /**
   * Registers priming for {@code function} with the CRaC runtime (a no-op where the JVM does not
   * checkpoint, as outside SnapStart).
   *
   * @param env the function's environment (region, endpoint overrides)
   * @param extra function-specific priming, run after the common steps
   */
  public static synchronized SnapStartPriming register(
      String function, Map<String, String> env, Runnable... extra) {
    SnapStartPriming priming = new SnapStartPriming(function, env, List.of(extra));
    REGISTERED.add(priming);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    LOG.info("{}: restored from the SnapStart snapshot ({} priming steps ran)", function, primed);
  }

  /** Runs the priming steps; returns how many succeeded. */
  int prime() {
    int ok = 0;
    for (Runnable step : steps()) {
      try {
        step.run();
        ok++;
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("{}: a priming step failed and was skipped: {}", function, e.toString());
      }
    }
    primed = ok;
    return ok;
  }

  private List<Runnable> steps() {
    List<Runnable> steps = new ArrayList<>();
    steps.add(SnapStartPriming::primeJson);
    steps.add(() -> primeJdbc());
    AwsClientConfig aws = new AwsClientConfig(env);
    steps.add(() -> aws.secretsManager(Duration.ofSeconds(5)).close());
    steps.add(() -> aws.eventBridge(Duration.ofSeconds(5)).close());
    steps.addAll(extra);
    return steps;
  }

  private static void primeJson() {
    try {
      String json =
          Json.mapper()
              .writeValueAsString(Map.of("registry", "prime", "plan_id", "0", "ops", List.of(1)));
      Json.mapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads the JDBC driver and the pool's classes, where the function has them. */
  private static void primeJdbc() {
    for (String name : List.of("org.postgresql.Driver", "com.zaxxer.hikari.HikariDataSource")) {
      try {
        Class.forName(name);
      } catch (ClassNotFoundException e) {
        // A function without a database: nothing to prime.
      }
    }
  }
}
