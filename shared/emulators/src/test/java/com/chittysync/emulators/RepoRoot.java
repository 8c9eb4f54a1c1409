package com.chittysync.emulators;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root for this module's own tests. A copy of testkit's {@code RepoPaths.root()}:
 * testkit depends on this module, so this module's tests cannot depend on testkit without a cycle.
 */
public final class RepoRoot {
  private RepoRoot() {}

  /** The nearest ancestor of the working directory holding {@code template.yaml} and events/. */
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
}
