package com.chittysync.cli;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.SecretsManagerResolver;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import java.time.Clock;
import java.util.Map;

/**
 * The CLI's configuration: the process environment, with secret references resolved like a
 * function's.
 */
final class CliEnvironment {
  private static SecretResolver resolver;

  /**
   * Settings that stand in for the process environment, or null: a test that runs commands in its
   * own process against its own database and emulators cannot change the process environment.
   */
  private static volatile Map<String, String> inProcess;

  /** The clock the sync engine reads in place of the system's, or null (see {@link #clock}). */
  private static volatile Clock inProcessClock;

  private CliEnvironment() {}

  static Map<String, String> raw() {
    Map<String, String> env = inProcess;
    return env != null ? env : System.getenv();
  }

  /**
   * Makes the commands of this process read {@code env} instead of the process environment; null
   * goes back to the process environment.
   */
  static void runInProcess(Map<String, String> env) {
    runInProcess(env, null);
  }

  /**
   * As {@link #runInProcess(Map)}, and makes the sync engine read {@code clock} (null: the system
   * clock): a test that moves its emulators' time between syncs moves the engine's with it.
   */
  static void runInProcess(Map<String, String> env, Clock clock) {
    inProcess = env == null ? null : Map.copyOf(env);
    inProcessClock = clock;
  }

  /** What the sync engine takes for now: the system clock, unless a test runs commands. */
  static Clock clock() {
    Clock clock = inProcessClock;
    return clock != null ? clock : Clock.systemUTC();
  }

  /** The one Secrets Manager resolver of this process (secrets are fetched once). */
  static synchronized SecretResolver resolver() {
    if (resolver == null) {
      resolver = new SecretsManagerResolver(new AwsClientConfig(raw()));
    }
    return resolver;
  }

  static Environment load() {
    return new Environment(raw(), resolver());
  }
}
