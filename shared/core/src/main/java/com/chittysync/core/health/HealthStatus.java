package com.chittysync.core.health;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state of one check, or of the whole service. Ordered from best to worst. */
public enum HealthStatus {
  /** Working as intended. */
  OK("ok"),
  /** Working, but something needs an operator's attention. */
  DEGRADED("degraded"),
  /** Not working. */
  DOWN("down");

  private final String wire;

  HealthStatus(String wire) {
    this.wire = wire;
  }

  /** The JSON form: {@code ok}, {@code degraded} or {@code down}. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** The worse of this and {@code other}. */
  public HealthStatus worst(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
