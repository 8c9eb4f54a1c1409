package com.chittysync.connect.config;

import com.chittysync.core.config.ConfigException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole sync configuration file: registries by name, in file order.
 *
 * @param source the file it was read from (schema paths are relative to its directory)
 * @param registries the registries by name
 */
public record SyncConfig(Path source, Map<String, RegistryConfig> registries) {
  public SyncConfig {
    registries = Collections.unmodifiableMap(new LinkedHashMap<>(registries));
  }

  /**
   * The registry called {@code name}.
   *
   * @throws ConfigException listing the configured names when there is none
   */
  public RegistryConfig registry(String name) {
    RegistryConfig registry = registries.get(name);
    if (registry == null) {
      throw new ConfigException(
          "unknown registry '" + name + "'; configured: " + String.join(", ", registries.keySet()));
    }
    return registry;
  }
}
