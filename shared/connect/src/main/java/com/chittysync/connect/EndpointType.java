package com.chittysync.connect;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import java.util.List;

/**
 * A kind of endpoint ({@code postgres}, {@code notion}, {@code sheets}): validates its config and
 * opens endpoints. Registered with the engine by type name.
 */
public interface EndpointType {
  /** The {@code type:} value in the config. */
  String type();

  /**
   * Checks {@code config} without any I/O. Each problem names its config path, for example {@code
   * registries.people.endpoints.main.table: ...}.
   *
   * @return every problem found, empty when valid
   */
  List<String> validate(EndpointConfig config, RegistryConfig registry);

  /** Opens the endpoint (may connect lazily). */
  Endpoint open(EndpointConfig config, RegistryConfig registry, EndpointContext context);
}
