package com.chittysync.observe.metrics;

import java.util.Objects;

/**
 * The dimension values of one series: none, a registry, or a registry's endpoint. Names only, never
 * a record's value.
 *
 * @param registry the registry, or {@code null}
 * @param endpoint the endpoint's name in the registry's config, or {@code null}
 */
public record Dimensions(String registry, String endpoint) {
  private static final Dimensions NONE = new Dimensions(null, null);

  public Dimensions {
    if (endpoint != null) {
      Objects.requireNonNull(registry, "an endpoint's dimensions name its registry");
    }
  }

  /** No dimension: the stack-wide series. */
  public static Dimensions none() {
    return NONE;
  }

  /** The series of {@code registry}. */
  public static Dimensions registry(String registry) {
    return new Dimensions(Objects.requireNonNull(registry, "registry"), null);
  }

  /** The series of {@code endpoint} of {@code registry}. */
  public static Dimensions endpoint(String registry, String endpoint) {
    return new Dimensions(registry, Objects.requireNonNull(endpoint, "endpoint"));
  }

  /** The scope these values fill. */
  Metric.Scope scope() {
    return endpoint != null
        ? Metric.Scope.ENDPOINT
        : registry != null ? Metric.Scope.REGISTRY : Metric.Scope.FUNCTION;
  }
}
