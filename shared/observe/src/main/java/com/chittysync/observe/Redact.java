package com.chittysync.observe;

import java.util.regex.Pattern;

/** Leaves what a message quotes out of it, before it reaches a log line. */
public final class Redact {
  // A service's refusal often quotes the value it refused ('invalid input syntax for type
  // integer: "abc"'): a record's value, which must never reach the log.
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");

  private Redact() {}

  /** {@code text} with every quoted part replaced by {@code "…"}. */
  public static String quoted(String text) {
    return text == null ? null : QUOTED.matcher(text).replaceAll("\"…\"");
  }
}
