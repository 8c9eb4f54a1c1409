package com.chittysync.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Small helpers for starting the external servers tests need. */
final class Processes {
  private Processes() {}

  /** The absolute path of executable {@code name} on PATH or in {@code extraDirs}. */
  static Optional<Path> find(String name, String... extraDirs) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir :
        (path + File.pathSeparator + String.join(File.pathSeparator, extraDirs))
            .split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A TCP port that was free a moment ago on 127.0.0.1. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until something listens on 127.0.0.1:{@code port}, or fails after {@code timeout}. */
  static void awaitPort(Process process, int port, Duration timeout, String what, Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " exited with " + process.exitValue() + tail(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        what + " did not listen on port " + port + " within " + timeout + tail(log));
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return "; its log ends: " + text.substring(Math.max(0, text.length() - 800));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The executable {@code name}, or else: a failure when {@code requiredVariable} is {@code true}
   * (as in CI, where nothing may be skipped for being absent), otherwise the calling test is
   * skipped with {@code installHint} as the reason.
   */
  static Path findOrSkip(
      String name, String requiredVariable, String installHint, String... extraDirs) {
    Optional<Path> binary = find(name, extraDirs);
    if (binary.isPresent()) {
      return binary.get();
    }
    String reason = name + " is not installed (" + installHint + ")";
    if (Boolean.parseBoolean(System.getenv().getOrDefault(requiredVariable, "false"))) {
      throw new IllegalStateException(reason + " and " + requiredVariable + "=true");
    }
    org.junit.jupiter.api.Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }
}
