package com.chittysync.audit;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Locates and loads the shared reference vectors in {@code <repo root>/../shared/reference}. The
 * repo root is the first directory at or above {@code user.dir} that holds {@code pom.xml} and
 * {@code shared/core}. A missing reference directory fails the test; it is never skipped.
 */
final class ReferenceData {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private ReferenceData() {}

  static Path dir() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml"))
          && Files.isDirectory(p.resolve("shared/core"))) {
        Path ref = p.getParent() == null ? null : p.getParent().resolve("shared/reference");
        if (ref == null || !Files.isDirectory(ref)) {
          fail("reference directory missing: expected " + ref + " beside the repo root " + p);
        }
        return ref;
      }
    }
    return fail("no repo root (pom.xml + shared/core) at or above " + start);
  }

  static Path file(String relative) {
    Path p = dir().resolve(relative);
    if (!Files.isRegularFile(p)) {
      fail("reference file missing: " + p);
    }
    return p;
  }

  static JsonNode json(String relative) {
    try {
      return MAPPER.readTree(file(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String relative) {
    try {
      return Files.readAllLines(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static List<byte[]> hexList(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(n -> out.add(hex(n)));
    return out;
  }

  /** A JSON uint64 as a Java long; values above 2^63-1 wrap to negative (and are rejected). */
  static long uint64(JsonNode node) {
    return new BigInteger(node.asText()).longValue();
  }
}
