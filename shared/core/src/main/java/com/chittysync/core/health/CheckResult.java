package com.chittysync.core.health;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one {@link HealthCheck}.
 *
 * @param status the check's state
 * @param durationMs how long the check took, in milliseconds
 * @param message what an operator needs to know when the status is not ok; never a secret
 * @param details further facts, shown as extra JSON members (for example a server version)
 */
@JsonPropertyOrder({"status", "duration_ms", "message"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(
    @JsonProperty("status") HealthStatus status,
    @JsonProperty("duration_ms") long durationMs,
    @JsonProperty("message") String message,
    Map<String, Object> details) {

  public CheckResult {
    details =
        details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** An ok result with {@code details}. */
  public static CheckResult ok(Map<String, Object> details) {
    return new CheckResult(HealthStatus.OK, 0, null, details);
  }

  /** A result with {@code status} and an explanation. */
  public static CheckResult of(HealthStatus status, String message, Map<String, Object> details) {
    return new CheckResult(status, 0, message, details);
  }

  /** A down result explaining why. */
  public static CheckResult down(String message) {
    return new CheckResult(HealthStatus.DOWN, 0, message, Map.of());
  }

  /** This result with its duration set. */
  public CheckResult withDuration(long millis) {
    return new CheckResult(status, millis, message, details);
  }

  @JsonAnyGetter
  Map<String, Object> jsonDetails() {
    return details;
  }

  @Override
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Map<String, Object> details() {
    return details;
  }
}
