package com.chittysync.intake;

import static org.assertj.core.api.Assertions.fail;

import com.chittysync.core.json.Json;
import com.chittysync.testkit.RepoPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Notion reference fixtures in {@code <repo root>/../shared/reference/notion}, used as golden
 * files. A missing fixture fails the test; it is never skipped.
 */
final class NotionFixtures {
  private NotionFixtures() {}

  static Path file(String name) {
    Path p = RepoPaths.root().getParent().resolve("shared/reference/notion").resolve(name);
    if (!Files.isRegularFile(p)) {
      fail("Notion reference fixture missing: " + p);
    }
    return p;
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String name) {
    try {
      return (ObjectNode) Json.mapper().readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] raw(JsonNode event) {
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }
}
