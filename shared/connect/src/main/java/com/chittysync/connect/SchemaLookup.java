package com.chittysync.connect;

import com.chittysync.connect.config.RegistryConfig;

/**
 * The registry's JSON Schema as the engine loads it (from a file beside the config, a URL, or its
 * cache), lent to a connector that types its values by the schema: a sheet cell holds text, so the
 * Sheets connector reads the schema to know which columns hold numbers, booleans or JSON.
 *
 * <p>The engine owns where schemas come from; a connector never resolves a schema reference itself,
 * so a schema is read one way, with the same errors, for validation and for typing.
 */
@FunctionalInterface
public interface SchemaLookup {
  /**
   * The schema document of {@code registry}, as JSON text.
   *
   * @throws com.chittysync.core.config.ConfigException when the schema cannot be read, naming
   *     {@code registries.<name>.schema}
   */
  String schemaOf(RegistryConfig registry);
}
