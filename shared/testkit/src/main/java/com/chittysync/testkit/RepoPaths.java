package com.chittysync.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of this repository from a test, whichever module directory the test runs in. */
public final class RepoPaths {
  private RepoPaths() {}

  /**
   * The repository root: the nearest ancestor of the working directory holding {@code
   * template.yaml}.
   */
  public static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("template.yaml"))
          && Files.isDirectory(p.resolve("events"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (with template.yaml) above " + dir);
  }

  /** {@code relative} resolved against the repository root. */
  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
