package com.chittysync.schedule;

import com.chittysync.connect.EndpointType;
import com.chittysync.connect.NameOnlyEndpointType;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.sync.config.ConfigLoader;
import com.chittysync.sync.config.ConfigLocation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sync config ({@code CHITTYSYNC_CONFIG}, else ./chittysync.yaml; signature checked when
 * required), loaded afresh at every {@link #get}, with every endpoint type known by name only
 * ({@link NameOnlyEndpointType}).
 *
 * <p>The schedule needs nothing of an endpoint but its registry's {@code schedule:}: checking
 * endpoint settings would put every connector and its client library in the schedule function's
 * jar, which is paid at every cold start. Everything else is checked as every function checks it
 * (registries, keys, fields, schedules, the signature), and a {@code type:} no connector has is
 * still refused. Endpoint settings are checked by the functions that open the endpoints.
 */
final class NameOnlyConfig implements Supplier<SyncConfig> {
  /** Every endpoint type a config may name, one per connector module. */
  static final List<String> TYPES = List.of("postgres", "notion", "sheets");

  private static final Map<String, EndpointType> NAME_ONLY =
      ConfigLoader.typesOf(TYPES.stream().map(NameOnlyEndpointType::named).toList());

  private final Environment env;

  /** The config {@code env} names. */
  NameOnlyConfig(Environment env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /**
   * Loads and validates the config.
   *
   * @throws ConfigException when the config is missing, invalid or badly signed
   */
  @Override
  public SyncConfig get() {
    return ConfigLoader.loadVerified(ConfigLocation.resolve(Optional.empty(), env), NAME_ONLY, env);
  }
}
