package com.chittysync.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server tests run against: {@code CHITTYSYNC_TEST_PG_HOST} and {@code
 * CHITTYSYNC_TEST_PG_PORT} (default 127.0.0.1:5432, user {@code postgres}, trust auth, as on the
 * development machines and CI).
 *
 * <p>Each test class takes a {@linkplain #createDatabase() fresh database} of its own, so tests
 * never see each other's rows and can run in any order.
 */
public final class TestPostgres {
  private static final String HOST =
      System.getenv().getOrDefault("CHITTYSYNC_TEST_PG_HOST", "127.0.0.1");
  private static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("CHITTYSYNC_TEST_PG_PORT", "5432"));
  private static final String USER =
      System.getenv().getOrDefault("CHITTYSYNC_TEST_PG_USER", "postgres");

  private TestPostgres() {}

  /** Creates an empty database with a unique name. Close the result to drop it. */
  public static TestDatabase createDatabase() {
    String name = newName();
    admin("CREATE DATABASE " + name);
    return new TestDatabase(name, HOST, PORT, USER);
  }

  /**
   * Creates a database as a copy of {@code template}: a suite that needs many fresh databases with
   * one schema migrates the template once and copies it in milliseconds. PostgreSQL copies only a
   * database nobody is connected to, so sessions still on the template are ended first. Close the
   * result to drop it.
   */
  public static TestDatabase createDatabase(TestDatabase template) {
    String name = newName();
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + template.name()
            + "' AND pid <> pg_backend_pid()");
    admin("CREATE DATABASE " + name + " TEMPLATE " + template.name());
    return new TestDatabase(name, HOST, PORT, USER);
  }

  private static String newName() {
    return "cs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** The libpq-form URL of database {@code name} on the test server. */
  static String url(String host, int port, String user, String name) {
    return "postgres://" + user + "@" + host + ":" + port + "/" + name;
  }

  static void admin(String sql) {
    String jdbc = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    try (Connection c = DriverManager.getConnection(jdbc, USER, "");
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "test PostgreSQL at " + HOST + ":" + PORT + " failed on '" + sql + "': " + e.getMessage(),
          e);
    }
  }
}
