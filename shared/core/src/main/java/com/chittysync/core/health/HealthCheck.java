package com.chittysync.core.health;

/**
 * One aspect of the service's health (the database, migrations, a queue...). Implementations are
 * contributed to a function's component with Dagger's {@code @IntoSet}.
 */
public interface HealthCheck {
  /** The key under {@code checks} in the health JSON, for example {@code database}. */
  String name();

  /**
   * Runs the check. May throw; {@link HealthService} turns any exception into a {@code down} result
   * carrying the exception's message, and bounds the time it may take.
   */
  CheckResult run() throws Exception;
}
