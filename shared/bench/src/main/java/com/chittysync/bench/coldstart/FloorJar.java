package com.chittysync.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes the floor's jar: {@link NoopHandler} and the classes of aws-lambda-java-core (the runtime
 * interface client needs them from the function's jar, as every Java function bundles them), and
 * nothing else.
 */
final class FloorJar {
  private static final String CORE = "com/amazonaws/services/lambda/runtime/";

  private FloorJar() {}

  /** The jar, written under {@code dir}. */
  static Path write(Path dir) throws IOException {
    String handler = NoopHandler.class.getName().replace('.', '/') + ".class";
    Path jar = dir.resolve("chittysync-noop.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      try (InputStream in = NoopHandler.class.getClassLoader().getResourceAsStream(handler)) {
        if (in == null) {
          throw new IllegalStateException(handler + " is not on the bench's classpath");
        }
        copy(in, handler, out);
      }
      // aws-lambda-java-core: the runtime package's own classes and its logging package, from the
      // jar that holds them here (the bench's shaded jar, or aws-lambda-java-core's own).
      try (ZipFile source = new ZipFile(codeSource().toFile())) {
        Enumeration<? extends ZipEntry> entries = source.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          String rest = e.getName().startsWith(CORE) ? e.getName().substring(CORE.length()) : null;
          if (rest != null
              && rest.endsWith(".class")
              && (!rest.contains("/") || rest.startsWith("logging/"))) {
            try (InputStream in = source.getInputStream(e)) {
              copy(in, e.getName(), out);
            }
          }
        }
      }
    }
    return jar;
  }

  private static void copy(InputStream in, String name, JarOutputStream out) throws IOException {
    out.putNextEntry(new JarEntry(name));
    in.transferTo(out);
    out.closeEntry();
  }

  private static Path codeSource() {
    try {
      Path source =
          Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(source)) {
        throw new IllegalStateException(
            "aws-lambda-java-core is not in a jar here (" + source + "); run the bench's jar");
      }
      return source;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
