package com.chittysync.dashboard.fleet;

import java.util.Locale;
import java.util.Optional;

/** How a registry is, as the fleet's pill says it: in words, with a colour only as a second cue. */
public enum RegistryStatus {
  HEALTHY("Healthy"),
  RUNNING("Running"),
  NEEDS_ATTENTION("Needs attention"),
  FAILED("Failed"),
  NEVER_RUN("Never run");

  private final String label;

  RegistryStatus(String label) {
    this.label = label;
  }

  /** The words on the pill. */
  public String label() {
    return label;
  }

  /** The query-string and CSS spelling: {@code needs-attention}. */
  public String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The status {@code slug} names, if any. */
  public static Optional<RegistryStatus> fromSlug(String slug) {
    for (RegistryStatus s : values()) {
      if (s.slug().equals(slug)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
