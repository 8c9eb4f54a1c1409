package com.chittysync.store;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The migrations this build carries under {@code db/migration}. Lets a function compare the
 * database's schema with what its code expects without loading Flyway.
 */
public final class BundledMigrations {
  /** Where migrations sit on the classpath. */
  public static final String LOCATION = "db/migration";

  private BundledMigrations() {}

  /** Every bundled migration version, in order. */
  public static List<MigrationVersion> versions() {
    URL url = BundledMigrations.class.getClassLoader().getResource(LOCATION);
    if (url == null) {
      throw new ChittySyncException(
          ErrorCode.INTERNAL, "this build carries no migrations under " + LOCATION);
    }
    List<MigrationVersion> versions = new ArrayList<>();
    try {
      for (String name : list(url)) {
        MigrationVersion v = MigrationVersion.ofFileName(name);
        if (v != null) {
          versions.add(v);
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new ChittySyncException(
          ErrorCode.INTERNAL, "cannot list bundled migrations: " + e.getMessage(), e);
    }
    versions.sort(null);
    return List.copyOf(versions);
  }

  private static List<String> list(URL url) throws IOException, URISyntaxException {
    List<String> names = new ArrayList<>();
    if ("jar".equals(url.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        Enumeration<JarEntry> entries = jar.entries();
        String prefix = LOCATION + "/";
        while (entries.hasMoreElements()) {
          String name = entries.nextElement().getName();
          if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
            names.add(name.substring(prefix.length()));
          }
        }
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
        files.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names;
  }
}
