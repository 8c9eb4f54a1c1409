package com.chittysync.connect.settings;

import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * An endpoint's settings as read against its {@link SettingsDef}: every declared setting that was
 * given, or has a default, with its typed value.
 */
public final class Settings {
  private final String path;
  private final Map<String, Object> values;

  Settings(String path, Map<String, Object> values) {
    this.path = path;
    this.values = Collections.unmodifiableMap(values);
  }

  /** The endpoint's config path, for messages. */
  public String path() {
    return path;
  }

  /** The value of {@code setting}, when given or defaulted. */
  public <T> Optional<T> find(Setting<T> setting) {
    @SuppressWarnings("unchecked") // parse() stored it as read by setting.type()
    T value = (T) values.get(setting.name());
    return Optional.ofNullable(value);
  }

  /**
   * The value of a required or defaulted {@code setting}.
   *
   * @throws NoSuchElementException for an optional setting that was not given
   */
  public <T> T get(Setting<T> setting) {
    return find(setting)
        .orElseThrow(() -> new NoSuchElementException(path + "." + setting.name() + ": not set"));
  }
}
