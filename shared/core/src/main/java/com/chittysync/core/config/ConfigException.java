package com.chittysync.core.config;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.util.List;

/**
 * The configuration is unusable. Carries every problem found, each naming the setting (or config
 * path) it concerns, so that one run tells the operator everything to fix.
 */
public final class ConfigException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(ErrorCode.CONFIG_INVALID, String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** Each problem, for example {@code DATABASE_URL: scheme must be postgres, ...}. */
  public List<String> problems() {
    return problems;
  }
}
