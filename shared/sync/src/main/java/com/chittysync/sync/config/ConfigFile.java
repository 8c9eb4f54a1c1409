package com.chittysync.sync.config;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.envelope.TrustedKeys;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads the config file: its bytes within the size bound, its signature when one is required, its
 * text as UTF-8, and that text as a YAML mapping. Knows nothing of what the mapping must hold.
 */
final class ConfigFile {
  private static final int MAX_BYTES = ConfigLoader.MAX_CONFIG_BYTES;

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ConfigFile() {}

  /** The bytes of {@code file}, at most {@link ConfigLoader#MAX_CONFIG_BYTES}. */
  static byte[] read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw tooLarge(file.toString(), size);
      }
      // Read at most one byte past the cap: a device or /proc file says it is empty and may
      // never end.
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw tooLarge(file.toString(), "over " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "config file " + file + " not found (pass --config FILE or set CHITTYSYNC_CONFIG)");
    } catch (IOException e) {
      throw new ConfigException(
          "config file "
              + file
              + " cannot be read: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  /**
   * The bytes of {@code file}, first requiring a trusted signature ({@link ConfigSignatureCheck})
   * when {@value ConfigLoader#REQUIRE_SIGNED_CONFIG} is {@code true}. The file is read once, so the
   * bytes checked are the bytes returned.
   */
  static byte[] readVerified(Path file, Environment env) {
    boolean required = env.getBoolean(ConfigLoader.REQUIRE_SIGNED_CONFIG, false);
    byte[] bytes = read(file);
    if (required) {
      ConfigSignatureCheck.verify(file, bytes, TrustedKeys.from(env).keyIds());
    }
    return bytes;
  }

  /** {@code bytes} read from {@code file} as UTF-8 text. */
  static String text(Path file, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException("config file " + file + " is not UTF-8 text (is it YAML?)");
    }
  }

  /** Refuses config text over the size bound, as if read from {@code source}. */
  static void checkSize(String yaml, Path source) {
    if (yaml.length() > MAX_BYTES) {
      throw tooLarge(source.toString(), yaml.length());
    }
  }

  /**
   * Config text {@code yaml}, read from {@code source}, as a YAML mapping.
   *
   * @throws ConfigException when it is not YAML, is empty, or is not a mapping
   */
  static JsonNode mapping(String yaml, Path source) {
    if (!yaml.isEmpty() && yaml.charAt(0) == '\uFEFF') {
      yaml = yaml.substring(1);
    }
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": not valid YAML" + at(e) + ": " + describe(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException(
          source + ": the file is empty; it must hold a 'registries' mapping");
    }
    if (!root.isObject()) {
      throw new ConfigException(
          source
              + ": must be a YAML mapping with a 'registries' key, got "
              + ConfigValues.kind(root)
              + " (line 1)");
    }
    return root;
  }

  private static ConfigException tooLarge(String file, long size) {
    return tooLarge(file, size + " bytes");
  }

  private static ConfigException tooLarge(String file, String size) {
    return new ConfigException(
        "config file "
            + file
            + " is "
            + size
            + "; a config may be at most "
            + MAX_BYTES
            + " bytes (256 KiB)");
  }

  private static String at(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * What the parser said, without SnakeYAML's source excerpts: its unindented lines (context and
   * problem), joined.
   */
  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String described =
        message
            .lines()
            .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .collect(Collectors.joining("; "));
    if (described.isEmpty()) {
      return message.strip();
    }
    return described.startsWith("Duplicate field ")
        ? "duplicate key " + described.substring("Duplicate field ".length())
        : described;
  }
}
