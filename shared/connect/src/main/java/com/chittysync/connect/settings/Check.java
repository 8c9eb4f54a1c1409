package com.chittysync.connect.settings;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;

/**
 * Where a {@link Validator} reports on one setting's value: each problem gets the setting's config
 * path, so validators say only what is wrong.
 */
public final class Check {
  private final Setting<?> setting;
  private final String path;
  private final JsonNode raw;
  private final EndpointConfig config;
  private final RegistryConfig registry;
  private final List<String> problems;
  private boolean failed;

  Check(
      Setting<?> setting,
      JsonNode raw,
      EndpointConfig config,
      RegistryConfig registry,
      List<String> problems) {
    this.setting = setting;
    this.path = config.path() + "." + setting.name();
    this.raw = raw;
    this.config = config;
    this.registry = registry;
    this.problems = problems;
  }

  /** The setting's config path: {@code registries.<r>.endpoints.<e>.<setting>}. */
  public String path() {
    return path;
  }

  /** The value as written; {@code null} for {@link SettingType#FIELDS}. */
  public JsonNode raw() {
    return raw;
  }

  /** The endpoint the setting belongs to, for checks that look at its other settings. */
  public EndpointConfig config() {
    return config;
  }

  /** The endpoint's registry, for checks that look at its key. */
  public RegistryConfig registry() {
    return registry;
  }

  /** Reports {@code message} about the setting. */
  public void fail(String message) {
    add(path + ": " + message);
  }

  /** Reports {@code message} about a part of the setting, such as one field of {@code fields}. */
  public void failAt(String part, String message) {
    add(path + "." + part + ": " + message);
  }

  /** Reports the setting's own "invalid" message. */
  public void invalid() {
    fail(setting.invalid().apply(raw));
  }

  /** Reports problems that already name their config path. */
  public void failAll(Collection<String> found) {
    found.forEach(this::add);
  }

  boolean failed() {
    return failed;
  }

  private void add(String problem) {
    problems.add(problem);
    failed = true;
  }
}
