package com.chittysync.connect;

import com.chittysync.audit.Jcs;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A record in canonical form: its registry key and its canonical fields (field name to JSON value).
 * A field that is absent and a field that is JSON {@code null} are the same thing: no value.
 * Immutable; fields are kept sorted so equal records hash equally.
 *
 * <p>A class rather than a {@code record} so that it can keep its content hash once computed: a
 * sync compares, stores and audits each record by hash several times over.
 */
public final class CanonicalRecord {
  private final String key;
  private final Map<String, JsonNode> fields;
  private volatile byte[] contentHash;

  /**
   * @param key the value of the registry's key field
   * @param fields every canonical field; absent and null values are dropped, numbers normalized
   */
  public CanonicalRecord(String key, Map<String, JsonNode> fields) {
    this.key = Objects.requireNonNull(key, "key");
    this.fields = SortedFields.of(fields);
  }

  /**
   * The record {@code key} whose fields are the members of {@code jsonObject}, JSON text as stored
   * (a snapshot, a canonical record, a plan's record).
   *
   * @throws UncheckedIOException when the text is not JSON
   */
  public static CanonicalRecord fromJson(String key, String jsonObject) {
    try {
      JsonNode node = Json.mapper().readTree(jsonObject);
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
      return new CanonicalRecord(key, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of the registry's key field. */
  public String key() {
    return key;
  }

  /** Every canonical field except absent ones, sorted by name. */
  public Map<String, JsonNode> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CanonicalRecord r && key.equals(r.key) && fields.equals(r.fields);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + fields.hashCode();
  }

  @Override
  public String toString() {
    return "Record[key=" + key + ", fields=" + fields + "]";
  }

  /**
   * A copy of {@code value} with every number in one form, so that equal values are {@code equals}
   * whichever source they came from (a numeric column, parsed JSON, a spreadsheet cell): integers
   * within IEEE-754's exact range become longs, other numbers doubles. This is the number model of
   * JSON and of RFC 8785, which hashes numbers as doubles.
   */
  static JsonNode normalize(JsonNode value) {
    if (value.isNumber()) {
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return LongNode.valueOf(value.longValue());
      }
      if (value.isDouble() || value.isFloat()) {
        double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          return DoubleNode.valueOf(d);
        }
      }
      BigDecimal exact =
          value.isBigDecimal() ? value.decimalValue() : new BigDecimal(value.asText());
      BigDecimal stripped = exact.signum() == 0 ? BigDecimal.ZERO : exact.stripTrailingZeros();
      if (stripped.scale() <= 0) {
        try {
          return LongNode.valueOf(stripped.longValueExact());
        } catch (ArithmeticException tooBig) {
          return DecimalNode.valueOf(stripped);
        }
      }
      return DecimalNode.valueOf(stripped);
    }
    if (value.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(value.size());
      value.forEach(v -> copy.add(normalize(v)));
      return copy;
    }
    if (value.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      value.fields().forEachRemaining(e -> copy.set(e.getKey(), normalize(e.getValue())));
      return copy;
    }
    return value;
  }

  /** The value of {@code field}, {@link NullNode} when absent. */
  public JsonNode get(String field) {
    return fields.getOrDefault(field, NullNode.getInstance());
  }

  /** The fields as one JSON object. */
  public ObjectNode toJson() {
    ObjectNode json = Json.mapper().createObjectNode();
    fields.forEach(json::set);
    return json;
  }

  /** The fields as JSON text. */
  public String toJsonString() {
    return toJson().toString();
  }

  /**
   * SHA-256 of the fields' RFC 8785 canonical JSON: equal records have equal hashes, so a record
   * whose hash matches its stored snapshot's is unchanged without reading the snapshot.
   *
   * <p>The array is the record's own, computed once and shared with every caller (a sync keeps one
   * per record of every endpoint): read it, never write to it.
   */
  public byte[] contentHash() {
    byte[] hash = contentHash;
    if (hash == null) {
      // The fields are sorted by String.compareTo, the order RFC 8785 sorts members in, so the
      // canonical object is written straight from them rather than through a tree re-sorted.
      StringBuilder out = new StringBuilder(32 * fields.size() + 2);
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        Jcs.appendString(field.getKey(), out);
        out.append(':');
        Jcs.append(field.getValue(), out);
      }
      out.append('}');
      hash = sha256(out.toString().getBytes(StandardCharsets.UTF_8));
      contentHash = hash;
    }
    return hash;
  }

  /** SHA-256 of the canonical form of one value, for audit entries and content-hash tie-breaks. */
  public static String valueHashHex(JsonNode value) {
    return HexFormat.of()
        .formatHex(sha256(Jcs.canonicalize(value == null ? NullNode.getInstance() : value)));
  }

  /** This record with {@code changes} applied (a null or JSON-null value removes the field). */
  public CanonicalRecord with(Map<String, JsonNode> changes) {
    TreeMap<String, JsonNode> merged = new TreeMap<>(fields);
    changes.forEach(
        (name, value) -> {
          if (value == null || value.isNull()) {
            merged.remove(name);
          } else {
            merged.put(name, value);
          }
        });
    return new CanonicalRecord(key, merged);
  }

  /** Whether {@code a} and {@code b} are the same value (absent equals null). */
  public static boolean sameValue(JsonNode a, JsonNode b) {
    boolean aNull = a == null || a.isNull() || a.isMissingNode();
    boolean bNull = b == null || b.isNull() || b.isMissingNode();
    if (aNull || bNull) {
      return aNull && bNull;
    }
    return normalize(a).equals(normalize(b));
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private static byte[] sha256(byte[] bytes) {
    return SHA256.get().digest(bytes);
  }
}
