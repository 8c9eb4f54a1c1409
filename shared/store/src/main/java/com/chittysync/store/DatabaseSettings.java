package com.chittysync.store;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the state database, read once from the environment. Both addresses require TLS to a
 * server not on this machine unless their URL sets {@code sslmode} ({@link
 * DatabaseUrl#withTlsDefaults}), verifying it against {@code CHITTYSYNC_DATABASE_SSLROOTCERT} when
 * set.
 *
 * @param runtime the address for all runtime work ({@code DATABASE_URL}); may go through a
 *     transaction-mode pooler
 * @param migrations the address for migrations ({@code DATABASE_URL_UNPOOLED}, else the runtime
 *     one): Flyway holds a session advisory lock, which only a direct connection keeps
 * @param poolSize connections per process ({@code CHITTYSYNC_DB_POOL_SIZE})
 * @param connectTimeout how long to wait for a connection ({@code
 *     CHITTYSYNC_DB_CONNECT_TIMEOUT_MS})
 */
public record DatabaseSettings(
    DatabaseUrl runtime, DatabaseUrl migrations, int poolSize, Duration connectTimeout) {

  /** Setting name of the runtime database URL. */
  public static final String DATABASE_URL = "DATABASE_URL";

  /** Setting name of the direct (unpooled) database URL used for migrations. */
  public static final String DATABASE_URL_UNPOOLED = "DATABASE_URL_UNPOOLED";

  /** Setting name of the per-process connection pool size. */
  public static final String POOL_SIZE = "CHITTYSYNC_DB_POOL_SIZE";

  /** Setting name of the connection timeout in milliseconds. */
  public static final String CONNECT_TIMEOUT_MS = "CHITTYSYNC_DB_CONNECT_TIMEOUT_MS";

  /**
   * Setting name of the root certificate that the database server's certificate must chain to; with
   * it, remote servers are connected to with {@code sslmode=verify-full}.
   */
  public static final String SSL_ROOT_CERT = "CHITTYSYNC_DATABASE_SSLROOTCERT";

  /**
   * Default connection timeout. Short enough that the health function answers well inside its 5 s
   * budget when the database is unreachable; raise it for databases that wake slowly.
   */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 3000;

  /** The local development default: the machine's own PostgreSQL. */
  public static final String DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";

  /**
   * Reads and validates the database settings.
   *
   * @throws ConfigException naming the setting at fault
   */
  public static DatabaseSettings from(Environment env) {
    Optional<String> rootCert = env.get(SSL_ROOT_CERT);
    DatabaseUrl runtime =
        DatabaseUrl.parse(DATABASE_URL, env.get(DATABASE_URL, DEFAULT_URL))
            .withDefaults(DatabaseUrl.RUNTIME_DEFAULTS)
            .withTlsDefaults(rootCert);
    DatabaseUrl migrations =
        env.get(DATABASE_URL_UNPOOLED)
            .map(v -> DatabaseUrl.parse(DATABASE_URL_UNPOOLED, v).withTlsDefaults(rootCert))
            .orElse(runtime);
    int poolSize = env.getInt(POOL_SIZE, 2, 1, 100);
    int timeoutMs = env.getInt(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, 250, 120_000);
    return new DatabaseSettings(runtime, migrations, poolSize, Duration.ofMillis(timeoutMs));
  }
}
