package com.chittysync.dashboard.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The tabs of a registry's page, in order, each with its own URL. */
public enum Tab {
  STATUS("Status", ""),
  RUNS("Runs", "/runs"),
  VALIDATION("Validation", "/validation"),
  CONFLICTS("Conflicts", "/conflicts"),
  DELETES("Pending deletes", "/deletes"),
  DRIFT("Drift", "/drift"),
  DEAD_LETTERS("Dead letters", "/dead-letters");

  private final String label;
  private final String suffix;

  Tab(String label, String suffix) {
    this.label = label;
    this.suffix = suffix;
  }

  public String label() {
    return label;
  }

  /** This tab's URL for {@code registry}. */
  public String url(String registry) {
    return "/registries/" + URLEncoder.encode(registry, StandardCharsets.UTF_8) + suffix;
  }
}
