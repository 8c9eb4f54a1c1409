package com.chittysync.sheets;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps write requests under Google's advised payload size: past about 2 MB the Sheets API slows
 * down or answers 503 rather than a clean error. Sizes are estimated as the JSON the client sends.
 */
final class RequestSize {
  /** The most a request's values may weigh, with room for the envelope. */
  static final long MAX_BYTES = 1_500_000;

  private RequestSize() {}

  /** The JSON size of {@code rows}, estimated from their values. */
  static long of(List<List<Object>> rows) {
    long size = 2;
    if (rows == null) {
      return size;
    }
    for (List<Object> row : rows) {
      size += 3;
      for (Object value : row) {
        size += 1 + cell(value);
      }
    }
    return size;
  }

  private static long cell(Object value) {
    if (value == null) {
      return 4;
    }
    if (value instanceof CharSequence text) {
      // Quotes, UTF-8 bytes, and room for escaped characters.
      long bytes = 2;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        bytes += c < 0x80 ? (c == '"' || c == '\\' || c < 0x20 ? 2 : 1) : 3;
      }
      return bytes;
    }
    return String.valueOf(value).length();
  }

  /** The indices of {@code rows}, in order, grouped into requests of at most {@link #MAX_BYTES}. */
  static List<List<Integer>> chunks(List<List<Object>> rows) {
    return chunks(rows, MAX_BYTES);
  }

  static List<List<Integer>> chunks(List<List<Object>> rows, long maxBytes) {
    List<List<Integer>> chunks = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < rows.size(); i++) {
      long size = of(List.of(rows.get(i)));
      if (bytes + size > maxBytes && !current.isEmpty()) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(i);
      bytes += size;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }
}
