package com.chittysync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample Lambda events under {@code events/<function>/}, which tests and the CLI share. */
public final class SampleEvents {
  private SampleEvents() {}

  /** Every sample event file of {@code function}, in name order. */
  public static List<Path> of(String function) {
    Path dir = RepoPaths.resolve("events/" + function);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text of sample event {@code name} (for example {@code get-health.json}) of {@code
   * function}.
   */
  public static String read(String function, String name) {
    try {
      return Files.readString(RepoPaths.resolve("events/" + function + "/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
