package com.chittysync.store;

import com.chittysync.core.health.CheckResult;
import com.chittysync.core.health.HealthCheck;
import dagger.Lazy;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/** Checks that the state database answers a query. */
public final class DatabaseHealthCheck implements HealthCheck {
  private final Lazy<Database> database;

  /**
   * Takes the database lazily so that a bad {@code DATABASE_URL} is reported, not thrown at init.
   */
  @Inject
  public DatabaseHealthCheck(Lazy<Database> database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public CheckResult run() {
    Database db = database.get();
    return db.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("target", db.describe());
            details.put("server_version", rs.getString(1));
            return CheckResult.ok(details);
          }
        });
  }
}
