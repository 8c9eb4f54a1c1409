package com.chittysync.bench.coldstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes the floor's jar: {@link NoopHandler}'s class file and nothing else. */
final class FloorJar {
  private FloorJar() {}

  /** The jar, written under {@code dir}. */
  static Path write(Path dir) throws IOException {
    String entry = NoopHandler.class.getName().replace('.', '/') + ".class";
    Path jar = dir.resolve("chittysync-noop.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (InputStream in = NoopHandler.class.getClassLoader().getResourceAsStream(entry);
        OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      if (in == null) {
        throw new IllegalStateException(entry + " is not on the bench's classpath");
      }
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
