package com.chittysync.core.config;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place settings enter ChittySync. Wraps the process environment (or a map a test passes)
 * and resolves {@code secretsmanager:} references on read, so every setting may live in Secrets
 * Manager. Resolved values are cached for the life of the container.
 *
 * <p>Capability modules read their own settings from here into small validated records once, when
 * their Dagger component is built.
 */
public final class Environment {
  private final Map<String, String> raw;
  private final SecretResolver resolver;
  private final Map<String, Optional<String>> resolved = new ConcurrentHashMap<>();

  public Environment(Map<String, String> raw, SecretResolver resolver) {
    this.raw = Map.copyOf(Objects.requireNonNull(raw, "raw"));
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * The settings as given, references unresolved: for building clients that read their own settings
   * (the AWS SDK's {@code AWS_*}).
   */
  public Map<String, String> raw() {
    return raw;
  }

  /** An environment over {@code raw} that refuses secret references; for tests and tools. */
  public static Environment of(Map<String, String> raw) {
    return new Environment(
        raw,
        reference -> {
          throw new ChittySyncException(
              ErrorCode.SECRET_UNRESOLVED,
              "cannot resolve " + reference + ": no secret store is configured here");
        });
  }

  /**
   * The value of setting {@code name}, with a secret reference resolved; empty when unset or blank.
   *
   * @throws ConfigException when the value is a malformed reference
   * @throws ChittySyncException {@code secret.unresolved} when a reference cannot be resolved
   */
  public Optional<String> get(String name) {
    return resolved.computeIfAbsent(name, this::resolve);
  }

  /** The value of {@code name}, or {@code fallback} when unset. */
  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  /** The value of {@code name} as a {@link Secret}, so it cannot leak through {@code toString}. */
  public Optional<Secret> secret(String name) {
    return get(name).map(Secret::of);
  }

  /** Whether {@code name} is set in the raw environment (its reference, if any, not resolved). */
  public boolean isSet(String name) {
    String value = raw.get(name);
    return value != null && !value.isBlank();
  }

  /**
   * The integer value of {@code name} within {@code [min, max]}, or {@code fallback} when unset.
   *
   * @throws ConfigException when the value is not an integer in range
   */
  public int getInt(String name, int fallback, int min, int max) {
    Optional<String> value = get(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get().trim());
      if (parsed < min || parsed > max) {
        throw new ConfigException(
            name + ": must be between " + min + " and " + max + ", got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + ": must be a whole number, got '" + value.get() + "'");
    }
  }

  /**
   * The boolean value of {@code name} ({@code true}/{@code false}, any case), or {@code fallback}.
   *
   * @throws ConfigException when the value is neither
   */
  public boolean getBoolean(String name, boolean fallback) {
    Optional<String> value = get(name);
    if (value.isEmpty()) {
      return fallback;
    }
    String v = value.get().trim();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new ConfigException(name + ": must be true or false, got '" + v + "'");
  }

  private Optional<String> resolve(String name) {
    String value = raw.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<SecretReference> reference;
    try {
      reference = SecretReference.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": malformed secret reference: " + e.getMessage());
    }
    if (reference.isEmpty()) {
      return Optional.of(value);
    }
    try {
      return Optional.of(resolver.resolve(reference.get()));
    } catch (ChittySyncException e) {
      throw new ChittySyncException(e.code(), name + ": " + e.getMessage(), e);
    }
  }
}
