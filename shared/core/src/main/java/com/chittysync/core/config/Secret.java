package com.chittysync.core.config;

import java.util.Objects;

/**
 * A sensitive value. {@link #toString()} never shows it, so a secret that ends up in a log line, an
 * exception message or a debugger's variable view stays hidden; code that really needs the value
 * calls {@link #reveal()}.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps {@code value}. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret value itself. Keep it out of logs and messages. */
  public String reveal() {
    return value;
  }

  /** Whether the value is empty. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
