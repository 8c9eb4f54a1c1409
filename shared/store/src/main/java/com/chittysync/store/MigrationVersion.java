package com.chittysync.store;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flyway migration version such as {@code 3} or {@code 3.1}, ordered numerically part by part.
 *
 * @param text the version as written in the file name
 */
public record MigrationVersion(String text) implements Comparable<MigrationVersion> {
  private static final Pattern FILE = Pattern.compile("V(\\d+(?:[._]\\d+)*)__[A-Za-z0-9_]+\\.sql");

  /** The version of migration file {@code fileName}, or {@code null} if it is not one. */
  public static MigrationVersion ofFileName(String fileName) {
    Matcher m = FILE.matcher(fileName);
    return m.matches() ? new MigrationVersion(m.group(1).replace('_', '.')) : null;
  }

  private long[] parts() {
    return Arrays.stream(text.split("\\.")).mapToLong(Long::parseLong).toArray();
  }

  @Override
  public int compareTo(MigrationVersion other) {
    return Arrays.compare(parts(), other.parts());
  }

  @Override
  public String toString() {
    return text;
  }
}
