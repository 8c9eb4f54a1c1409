package com.chittysync.web.auth;

import java.util.Locale;

/** What a signed-in person may do. Each role includes everything the roles before it may do. */
public enum Role {
  /** Reads every page and the audit log. */
  VIEWER,
  /**
   * Also acts: resolves conflicts, decides held deletes, asks for a sync, redrives dead letters.
   */
  OPERATOR;

  /** Whether this role includes {@code needed}. */
  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The lower-case name used in claims, cookies and messages. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
