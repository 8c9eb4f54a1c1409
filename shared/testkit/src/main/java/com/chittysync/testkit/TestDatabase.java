package com.chittysync.testkit;

import java.util.HashMap;
import java.util.Map;

/**
 * A throwaway database on the test server. {@link #close()} drops it, ending any connections
 * (including a pooler's) that still use it.
 */
public final class TestDatabase implements AutoCloseable {
  private final String name;
  private final String host;
  private final int port;
  private final String user;

  TestDatabase(String name, String host, int port, String user) {
    this.name = name;
    this.host = host;
    this.port = port;
    this.user = user;
  }

  /** The database's name. */
  public String name() {
    return name;
  }

  /** A direct URL in the Neon/libpq form, as {@code DATABASE_URL} takes it. */
  public String url() {
    return TestPostgres.url(host, port, user, name);
  }

  /** The same database in the JDBC form. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name + "?user=" + user;
  }

  /**
   * The environment a component needs to use this database directly: {@code DATABASE_URL} and
   * nothing else.
   */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", url());
    return env;
  }

  /**
   * The environment for reaching this database through {@code pooler} in transaction mode, with
   * {@code DATABASE_URL_UNPOOLED} direct for migrations, as on Neon.
   */
  public Map<String, String> pooledEnv(PgBouncer pooler) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", pooler.url(user, name));
    env.put("DATABASE_URL_UNPOOLED", url());
    return env;
  }

  @Override
  public void close() {
    TestPostgres.admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
