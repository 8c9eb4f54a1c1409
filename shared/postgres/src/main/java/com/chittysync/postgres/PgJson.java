package com.chittysync.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A small parser for the JSON the database sends (json, jsonb and {@code to_jsonb} of arrays):
 * numbers kept exact, as jsonb keeps them. A full scan parses one document per row and column, and
 * setting up a Jackson parser for each costs more than parsing a small document; this one allocates
 * only the tree.
 */
final class PgJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String s;
  private int pos;

  private PgJson(String s) {
    this.s = s;
  }

  /**
   * Parses {@code json}.
   *
   * @throws IllegalArgumentException when it is not one JSON value
   */
  static JsonNode parse(String json) {
    PgJson parser = new PgJson(json);
    JsonNode value = parser.value();
    parser.skipSpace();
    if (parser.pos != json.length()) {
      throw parser.malformed();
    }
    return value;
  }

  private JsonNode value() {
    skipSpace();
    if (pos >= s.length()) {
      throw malformed();
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{' -> {
        return object();
      }
      case '[' -> {
        return array();
      }
      case '"' -> {
        return TextNode.valueOf(string());
      }
      case 't' -> {
        literal("true");
        return BooleanNode.TRUE;
      }
      case 'f' -> {
        literal("false");
        return BooleanNode.FALSE;
      }
      case 'n' -> {
        literal("null");
        return NullNode.getInstance();
      }
      default -> {
        return number();
      }
    }
  }

  private ObjectNode object() {
    ObjectNode object = NODES.objectNode();
    pos++; // {
    skipSpace();
    if (peek() == '}') {
      pos++;
      return object;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw malformed();
      }
      String name = string();
      skipSpace();
      expect(':');
      object.set(name, value());
      skipSpace();
      char c = next();
      if (c == '}') {
        return object;
      }
      if (c != ',') {
        throw malformed();
      }
    }
  }

  private ArrayNode array() {
    ArrayNode array = NODES.arrayNode();
    pos++; // [
    skipSpace();
    if (peek() == ']') {
      pos++;
      return array;
    }
    while (true) {
      array.add(value());
      skipSpace();
      char c = next();
      if (c == ']') {
        return array;
      }
      if (c != ',') {
        throw malformed();
      }
    }
  }

  private String string() {
    pos++; // opening quote
    int start = pos;
    // Fast path: no escapes.
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '"') {
        return s.substring(start, pos++);
      }
      if (c == '\\') {
        break;
      }
      pos++;
    }
    StringBuilder out = new StringBuilder(s.length() - start).append(s, start, pos);
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw malformed();
          }
          try {
            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw malformed();
          }
          pos += 4;
        }
        default -> throw malformed();
      }
    }
    throw malformed();
  }

  private JsonNode number() {
    int start = pos;
    boolean integral = true;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E') {
        integral = false;
        pos++;
      } else {
        break;
      }
    }
    String text = s.substring(start, pos);
    if (text.isEmpty()) {
      throw malformed();
    }
    try {
      if (integral) {
        int digits = text.length() - (text.charAt(0) == '-' ? 1 : 0);
        if (digits <= 18) {
          long v = Long.parseLong(text);
          return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE
              ? IntNode.valueOf((int) v)
              : LongNode.valueOf(v);
        }
        return BigIntegerNode.valueOf(new BigInteger(text));
      }
      return DecimalNode.valueOf(new BigDecimal(text));
    } catch (NumberFormatException e) {
      throw malformed();
    }
  }

  private void literal(String word) {
    if (!s.startsWith(word, pos)) {
      throw malformed();
    }
    pos += word.length();
  }

  private void skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw malformed();
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw malformed();
    }
  }

  private IllegalArgumentException malformed() {
    return new IllegalArgumentException("malformed JSON at offset " + pos);
  }
}
