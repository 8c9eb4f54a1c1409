package com.chittysync.postgres;

import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.EndpointSecrets;
import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code postgres} endpoint type: a registry kept in a PostgreSQL table.
 *
 * <pre>{@code
 * main:
 *   type: postgres
 *   table: public.people          # [schema.]table, schema public by default
 *   url: secretsmanager:crm#url   # optional: another database; default the state database
 *   batch_size: 5000              # optional: ops per statement
 *   modified_column: updated_at   # optional: timestamptz column dating each row's last change
 *   fields: {person_id: id, full_name: name, email: email}
 * }</pre>
 *
 * <p>Names follow SQL: unquoted ones are folded to lower case, double-quoted ones ({@code '"Mixed
 * Case"'}) are taken as they are.
 */
public final class PostgresEndpointType implements EndpointType {
  /** The {@code type:} value. */
  public static final String TYPE = "postgres";

  /** Pool size of an endpoint with its own {@code url}. */
  static final int POOL_SIZE = 2;

  /** Connect timeout of an endpoint with its own {@code url}. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Connection parameters an endpoint's own database gets unless its URL says otherwise: no named
   * server-side prepared statements (a transaction-mode pooler does not keep them), and the
   * application name.
   */
  static final Map<String, String> CONNECTION_DEFAULTS =
      Map.of(
          "prepareThreshold", "0",
          "ApplicationName", "chittysync",
          "tcpKeepAlive", "true");

  private final SecretResolver secrets;

  /** A type that refuses {@code secretsmanager:} references in {@code url}. */
  public PostgresEndpointType() {
    this(null);
  }

  /**
   * A type that resolves {@code secretsmanager:} references in {@code url} with {@code secrets}.
   */
  public PostgresEndpointType(SecretResolver secrets) {
    this.secrets = secrets;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> validate(EndpointConfig config, RegistryConfig registry) {
    return PostgresSettings.problems(config, registry);
  }

  /**
   * Opens the endpoint. Makes no connection: {@link PostgresEndpoint#check()} (or the first fetch
   * or apply) does. A {@code secretsmanager:} {@code url} is resolved here.
   *
   * @throws ConfigException when the config is invalid
   * @throws ChittySyncException {@code secret.unresolved} when the URL's secret cannot be had
   */
  @Override
  public PostgresEndpoint open(
      EndpointConfig config, RegistryConfig registry, EndpointContext context) {
    List<String> problems = new ArrayList<>();
    PostgresSettings settings =
        PostgresSettings.parse(config, registry, problems)
            .orElseThrow(() -> new ConfigException(problems));
    if (settings.url().isEmpty()) {
      if (context.stateDatabase() == null) {
        throw new ConfigException(
            settings.path() + ".url: required here: there is no state database to default to");
      }
      return new PostgresEndpoint(settings, context.stateDatabase(), false);
    }
    String setting = settings.path() + ".url";
    DatabaseUrl url =
        DatabaseUrl.parse(setting, resolve(setting, settings.url().get()))
            .withDefaults(CONNECTION_DEFAULTS)
            // The endpoint's password is as secret as the state database's: TLS to remote hosts.
            .withTlsDefaults(Optional.empty());
    return new PostgresEndpoint(settings, new Database(url, POOL_SIZE, CONNECT_TIMEOUT), true);
  }

  private String resolve(String setting, String value) {
    return EndpointSecrets.resolve(setting, value, secrets);
  }
}
