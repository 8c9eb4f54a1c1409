package com.chittysync.intake;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.sync.config.ConfigLoader;
import com.chittysync.sync.config.ConfigLocation;
import com.chittysync.sync.config.SyncConfig;
import com.chittysync.sync.endpoint.EndpointType;
import com.chittysync.sync.postgres.PostgresEndpointType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link RegistryRouter} of the sync config ({@code CHITTYSYNC_CONFIG}, signature checked when
 * required), loaded on first use and then kept for the container's life. A failed load is not kept,
 * so fixing the config or its secret takes effect on the next delivery.
 *
 * <p>The config is validated with the {@code postgres} and {@code notion} endpoint types, the ones
 * a registry fed by Notion uses; validation does no I/O, so no endpoint is opened here.
 */
public final class ConfiguredRouter implements Supplier<RegistryRouter> {
  private final Environment env;
  private final Map<String, EndpointType> types;
  private volatile RegistryRouter router;

  /** A router over the config {@code env} names; {@code secrets} is what endpoint types get. */
  public ConfiguredRouter(Environment env, SecretResolver secrets) {
    this.env = Objects.requireNonNull(env, "env");
    this.types =
        ConfigLoader.typesOf(
            List.of(new PostgresEndpointType(secrets), new NotionEndpointType(secrets)));
  }

  /**
   * The router.
   *
   * @throws ConfigException when the config is missing, invalid or badly signed
   */
  @Override
  public RegistryRouter get() {
    RegistryRouter r = router;
    if (r == null) {
      synchronized (this) {
        r = router;
        if (r == null) {
          SyncConfig config =
              ConfigLoader.loadVerified(ConfigLocation.resolve(Optional.empty(), env), types, env);
          r = new RegistryRouter(config);
          router = r;
        }
      }
    }
    return r;
  }
}
