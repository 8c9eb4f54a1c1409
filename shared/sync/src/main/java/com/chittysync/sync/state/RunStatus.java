package com.chittysync.sync.state;

import java.util.Locale;

/** Where a run is: it starts {@code RUNNING} and ends in exactly one of the others. */
public enum RunStatus {
  RUNNING,
  /** A diff run stored its plan for the apply function: neither converged nor for people. */
  PLANNED,
  CONVERGED,
  /** Done, but something waits for a person (a conflict, a held delete, an invalid record). */
  ATTENTION,
  FAILED,
  SUPERSEDED,
  /**
   * An apply run that applied part of its plan and stopped before its invocation's deadline; a
   * fresh invocation applies the rest (its own run). Its counts say how far the plan has got.
   */
  HANDED_OVER;

  /** The status as stored and as shown in JSON. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status {@code wire} names.
   *
   * @throws IllegalArgumentException when it names none: the store and the code disagree
   */
  public static RunStatus fromWire(String wire) {
    for (RunStatus s : values()) {
      if (s.wire().equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown run status '" + wire + "'");
  }
}
