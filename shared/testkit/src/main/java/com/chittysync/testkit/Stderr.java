package com.chittysync.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What code printed on standard error, where slf4j-simple logs: to check what reaches the log. */
public final class Stderr {
  private Stderr() {}

  /** Runs {@code action} and returns what it printed on stderr (not echoed). */
  public static String of(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
