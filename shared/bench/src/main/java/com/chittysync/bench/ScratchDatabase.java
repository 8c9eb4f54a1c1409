package com.chittysync.bench;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.DatabaseUrl;
import com.chittysync.store.Migrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A migrated database of a benchmark's own on the server {@code DATABASE_URL} names (default: the
 * local PostgreSQL), dropped on close, so benchmarks never touch real state.
 */
public final class ScratchDatabase implements AutoCloseable {
  private final DatabaseUrl server;
  private final String name;
  private final Database database;

  private ScratchDatabase(DatabaseUrl server, String name, int poolSize) {
    this.server = server;
    this.name = name;
    admin("CREATE DATABASE " + name);
    DatabaseUrl url = server.withDatabase(name);
    new Migrator(url).migrate();
    this.database =
        new Database(
            url.withDefaults(Map.of("prepareThreshold", "0")), poolSize, Duration.ofSeconds(10));
  }

  /** Creates and migrates a scratch database with a pool of {@code poolSize} connections. */
  public static ScratchDatabase create(int poolSize) {
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(System.getenv()));
    String name = "cs_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return new ScratchDatabase(settings.runtime(), name, poolSize);
  }

  /** The scratch database. */
  public Database database() {
    return database;
  }

  /** Its address, for commands run against it. */
  public DatabaseUrl url() {
    return server.withDatabase(name);
  }

  private void admin(String sql) {
    DatabaseUrl admin = server.withDatabase("postgres");
    Properties props = new Properties();
    admin.user().ifPresent(u -> props.setProperty("user", u));
    admin.password().ifPresent(p -> props.setProperty("password", p.reveal()));
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), props);
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("scratch database: " + sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    database.close();
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
