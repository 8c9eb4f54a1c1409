package com.chittysync.store;

import com.chittysync.core.health.CheckResult;
import com.chittysync.core.health.HealthCheck;
import com.chittysync.core.health.HealthStatus;
import dagger.Lazy;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * Checks that the schema matches this build: {@code down} when migrations are pending or failed
 * (the code would hit missing tables), {@code degraded} when the database is ahead of the code (a
 * deploy in progress, usually harmless).
 */
public final class MigrationsHealthCheck implements HealthCheck {
  private final Lazy<Database> database;

  @Inject
  public MigrationsHealthCheck(Lazy<Database> database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "migrations";
  }

  @Override
  public CheckResult run() {
    SchemaState state = SchemaState.of(database.get());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("current", state.current().map(Object::toString).orElse(null));
    details.put("expected", state.latestExpected().map(Object::toString).orElse(null));
    details.put("pending", state.pending().size());
    if (!state.failed().isEmpty()) {
      return CheckResult.of(
          HealthStatus.DOWN,
          "migration " + state.failed().get(0) + " failed; fix it and run 'chittysync migrate'",
          details);
    }
    if (!state.pending().isEmpty()) {
      return CheckResult.of(
          HealthStatus.DOWN,
          state.pending().size() + " migration(s) pending; run 'chittysync migrate'",
          details);
    }
    if (!state.unknown().isEmpty()) {
      return CheckResult.of(
          HealthStatus.DEGRADED,
          "the database has migration(s) "
              + state.unknown()
              + " that this build does not know; deploy the newer build",
          details);
    }
    return CheckResult.ok(details);
  }
}
