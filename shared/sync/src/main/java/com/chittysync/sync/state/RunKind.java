package com.chittysync.sync.state;

import java.util.Locale;

/** What a run was started to do. */
public enum RunKind {
  SYNC,
  DRY_RUN,
  /** The diff function's run: plans and records what needs people; another process applies. */
  DIFF,
  DRIFT,
  APPLY,
  WRITE;

  /** The kind as stored and as shown in JSON. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind {@code wire} names.
   *
   * @throws IllegalArgumentException when it names none: the store and the code disagree
   */
  public static RunKind fromWire(String wire) {
    for (RunKind k : values()) {
      if (k.wire().equals(wire)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown run kind '" + wire + "'");
  }
}
