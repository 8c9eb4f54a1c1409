package com.chittysync.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * What code printed on standard output, where the functions write their JSON log lines and EMF
 * documents: to check what reaches CloudWatch.
 */
public final class Stdout {
  private Stdout() {}

  /**
   * What an action returned and the lines it printed.
   *
   * @param <T> the action's result
   * @param result what it returned
   * @param lines what it printed, line by line
   */
  public record Captured<T>(T result, List<String> lines) {
    /** Everything printed, as one text. */
    public String text() {
      return String.join("\n", lines);
    }
  }

  /** Runs {@code action} and returns what it printed on stdout (not echoed). */
  public static List<String> of(Runnable action) {
    return of(() -> {
          action.run();
          return null;
        })
        .lines();
  }

  /** Runs {@code action} and returns its result and what it printed on stdout (not echoed). */
  public static <T> Captured<T> of(Supplier<T> action) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    T result;
    try {
      result = action.get();
    } finally {
      System.setOut(original);
    }
    return new Captured<>(
        result,
        captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList());
  }
}
