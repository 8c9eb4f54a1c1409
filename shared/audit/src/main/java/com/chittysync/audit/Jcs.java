package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the byte-exact form that is hashed and signed.
 *
 * <p>Input must be I-JSON (RFC 7493): strict UTF-8, no duplicate object keys, no lone surrogates,
 * only finite numbers. Anything else is rejected with {@link Reason#MALFORMED_JSON} or {@link
 * Reason#NOT_I_JSON} rather than silently normalised, because two different inputs must never
 * canonicalize to the same bytes by accident.
 *
 * <p>Rules applied: object members sorted by the UTF-16 code units of their names ({@link
 * String#compareTo} order); no whitespace; strings escaped minimally (only {@code "}, {@code \},
 * and U+0000..U+001F, using {@code \b \t \n \f \r} or lowercase <code>&#92;u00xx</code>); every
 * number converted to an IEEE-754 double and printed as ECMAScript's {@code
 * Number.prototype.toString} does.
 */
// Why this design: io.github.erdtman:java-json-canonicalization 1.1 (the Java implementation the
// RFC 8785 authors list) passes every official vector, and its NumberToJSON (a port of the V8
// double-to-shortest algorithm) matched Node.js on all ES6 samples and on ~1,000,000 random
// doubles, so it is used for the hard part: ES6 number formatting (Java 17's Double.toString is
// not shortest-round-trip and uses a different exponent format). Its own parser is NOT used: it
// silently replaces lone surrogates with '?' and accepts leading zeros such as [01]. Parsing is
// done by Jackson in strict mode instead, and the (small) tree serializer is written here.
public final class Jcs {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private Jcs() {}

  /** Canonicalizes UTF-8 JSON text. */
  public static byte[] canonicalize(byte[] utf8Json) {
    return canonicalize(parseStrict(utf8Json));
  }

  /** Canonicalizes JSON text. */
  public static byte[] canonicalize(String json) {
    return canonicalize(parseStrict(json));
  }

  /**
   * Parses UTF-8 JSON text strictly as I-JSON (RFC 7493): valid UTF-8, no byte order mark, no
   * duplicate member names, nothing after the value. Lets a caller that needs both the tree and the
   * canonical form parse once.
   *
   * @throws AuditException {@link Reason#MALFORMED_JSON} or {@link Reason#NOT_I_JSON}
   */
  public static JsonNode parseStrict(byte[] utf8Json) {
    Objects.requireNonNull(utf8Json, "utf8Json");
    return parseStrict(
        StrictUtf8.decode(utf8Json, Reason.NOT_I_JSON, "JSON text is not valid UTF-8"));
  }

  /** {@link #parseStrict(byte[])} for text already decoded. */
  public static JsonNode parseStrict(String json) {
    Objects.requireNonNull(json, "json");
    if (!json.isEmpty() && json.charAt(0) == '\uFEFF') {
      throw new AuditException(
          Reason.NOT_I_JSON, "JSON text must not start with a byte order mark");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(json);
    } catch (JsonProcessingException e) {
      Reason reason =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate")
              ? Reason.NOT_I_JSON
              : Reason.MALFORMED_JSON;
      throw new AuditException(reason, "invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new AuditException(Reason.MALFORMED_JSON, "JSON text is empty");
    }
    return node;
  }

  /**
   * Canonicalizes a Jackson tree. Only object, array, string, number, boolean and null nodes are
   * accepted.
   */
  public static byte[] canonicalize(JsonNode node) {
    Objects.requireNonNull(node, "node");
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@link #canonicalize(String)} as a string (for logs and tests; hash the bytes instead). */
  public static String canonicalizeToString(String json) {
    return new String(canonicalize(json), StandardCharsets.UTF_8);
  }

  /**
   * Appends the canonical form of {@code node} to {@code out}: for callers that build a larger
   * canonical document around it whose member order they know.
   */
  public static void append(JsonNode node, StringBuilder out) {
    write(Objects.requireNonNull(node, "node"), out);
  }

  /** Appends {@code s} as a canonical JSON string (quoted and escaped) to {@code out}. */
  public static void appendString(String s, StringBuilder out) {
    writeString(Objects.requireNonNull(s, "s"), out);
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        fields.addAll(node.properties());
        // String.compareTo compares UTF-16 code units, exactly what RFC 8785 section 3.2.3 asks.
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeString(fields.get(i).getKey(), out);
          out.append(':');
          write(fields.get(i).getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new AuditException(
              Reason.NOT_I_JSON, "JSON node of type " + node.getNodeType() + " has no JSON form");
    }
  }

  private static void writeNumber(JsonNode node, StringBuilder out) {
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      throw new AuditException(
          Reason.NOT_I_JSON, "number " + node.asText() + " is outside the IEEE-754 double range");
    }
    try {
      out.append(NumberToJSON.serializeNumber(value));
    } catch (IOException e) {
      throw new AuditException(Reason.NOT_I_JSON, "number cannot be serialized: " + value, e);
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    // Most strings (field names, hex, ordinary text) need no escape: one bulk append instead of
    // one per character, which made canonicalization the apply's largest CPU cost.
    int n = s.length();
    int clean = 0;
    while (clean < n) {
      char c = s.charAt(clean);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        break;
      }
      clean++;
    }
    if (clean == n) {
      out.append(s).append('"');
      return;
    }
    out.append(s, 0, clean);
    for (int i = clean; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw loneSurrogate(c);
        }
        out.append(c).append(s.charAt(++i));
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        throw loneSurrogate(c);
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(hexDigit(c >> 4)).append(hexDigit(c & 0xF));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static char hexDigit(int v) {
    return Character.forDigit(v, 16);
  }

  private static AuditException loneSurrogate(char c) {
    return new AuditException(
        Reason.NOT_I_JSON,
        String.format("string contains a lone surrogate U+%04X (not I-JSON)", (int) c));
  }
}
