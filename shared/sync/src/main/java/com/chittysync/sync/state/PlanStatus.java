package com.chittysync.sync.state;

import java.util.Locale;

/** Where a stored plan is in its life: planned, then applied at most once, or replaced. */
public enum PlanStatus {
  PLANNED,
  APPLYING,
  APPLIED,
  /** Applied, but some ops failed or found their endpoint changed since the plan. */
  PARTIAL,
  /** A newer plan of the registry replaced it before it was applied; it never will be. */
  SUPERSEDED,
  FAILED;

  /** The status as stored and as shown in JSON. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status {@code wire} names.
   *
   * @throws IllegalArgumentException when it names none: the store and the code disagree
   */
  public static PlanStatus fromWire(String wire) {
    for (PlanStatus s : values()) {
      if (s.wire().equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown plan status '" + wire + "'");
  }
}
