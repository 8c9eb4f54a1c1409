package com.chittysync.core.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The health JSON: {@code {"status", "version", "checks": {name: result}}}.
 *
 * @param status the worst status of any check
 * @param version the running build's version
 * @param checks each check's result by name, in name order
 */
@JsonPropertyOrder({"status", "version", "checks"})
public record HealthReport(
    @JsonProperty("status") HealthStatus status,
    @JsonProperty("version") String version,
    @JsonProperty("checks") Map<String, CheckResult> checks) {

  /** Whether everything is ok. */
  @JsonIgnore
  public boolean isOk() {
    return status == HealthStatus.OK;
  }
}
