package com.chittysync.sync.state;

import java.util.Locale;

/** What a person decided about a held delete; the next sync carries it out. */
public enum DeleteDecision {
  /** Delete the record everywhere. */
  APPROVED,
  /** Restore the record where it was deleted. */
  REJECTED;

  /** The decision as stored (the held delete's new status). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
