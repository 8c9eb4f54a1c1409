package com.chittysync.sync.config;

import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An endpoint type for config tests: requires a non-empty {@code table} setting, allows {@code
 * url}, and rejects any other setting. Remembers the registries it was shown.
 */
public final class FakeEndpointType implements EndpointType {
  private final String type;
  private final List<RegistryConfig> seen = new ArrayList<>();

  public FakeEndpointType(String type) {
    this.type = type;
  }

  /** {@code postgres} and {@code sheets}, both fakes. */
  public static Map<String, EndpointType> types() {
    return ConfigLoader.typesOf(
        List.of(new FakeEndpointType("postgres"), new FakeEndpointType("sheets")));
  }

  /** The registries {@link #validate} was called with. */
  public List<RegistryConfig> seen() {
    return seen;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> validate(EndpointConfig config, RegistryConfig registry) {
    seen.add(registry);
    List<String> problems = new ArrayList<>();
    String table = config.setting("table");
    if (table == null || table.isBlank()) {
      problems.add(config.path() + ".table: required");
    }
    config
        .settings()
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!Set.of("table", "url").contains(name)) {
                problems.add(
                    config.path() + "." + name + ": unknown setting for a " + type + " endpoint");
              }
            });
    return problems;
  }

  @Override
  public Endpoint open(EndpointConfig config, RegistryConfig registry, EndpointContext context) {
    throw new UnsupportedOperationException("a fake endpoint type cannot open endpoints");
  }
}
