package com.chittysync.intake;

import com.chittysync.connect.EndpointType;
import com.chittysync.connect.NameOnlyEndpointType;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.sync.config.ConfigLoader;
import com.chittysync.sync.config.ConfigLocation;
import java.util.ArrayList;
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
 * <p>The config is checked as every function checks it (registries, keys, fields, schedules, the
 * signature), and {@code postgres} endpoints fully, but {@code notion} and {@code sheets} endpoints
 * by their type name only ({@link NameOnlyEndpointType}): routing needs nothing of them but their
 * Notion ids, and checking their settings would put the Notion and Google clients in the webhook's
 * jar, which must stay small to start fast. Their settings are checked by the functions that open
 * them. No endpoint is opened here.
 */
public final class ConfiguredRouter implements Supplier<RegistryRouter> {
  /** The endpoint types known here by name only. */
  static final List<String> NAME_ONLY_TYPES = List.of(RegistryRouter.NOTION, "sheets");

  private final Environment env;
  private final Map<String, EndpointType> types;
  private volatile RegistryRouter router;

  /** A router over the config {@code env} names; {@code secrets} is what endpoint types get. */
  public ConfiguredRouter(Environment env, SecretResolver secrets) {
    this.env = Objects.requireNonNull(env, "env");
    List<EndpointType> known = new ArrayList<>();
    known.add(new PostgresEndpointType(secrets));
    NAME_ONLY_TYPES.forEach(name -> known.add(NameOnlyEndpointType.named(name)));
    this.types = ConfigLoader.typesOf(known);
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
