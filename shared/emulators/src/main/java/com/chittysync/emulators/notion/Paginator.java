package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Cuts result lists into pages with opaque cursors. A cursor is a UUID (the shape Notion's OpenAPI
 * declares) mapped server-side to the first item of the next page, so that a page that drops out of
 * the results between two requests does not break the walk.
 */
final class Paginator {
  static final int MAX_PAGE_SIZE = 100;

  /** One page of results. */
  record Slice<T>(List<T> items, String nextCursor, boolean hasMore) {}

  private record Position(int offset, String firstId) {}

  private final Map<String, Position> cursors = new ConcurrentHashMap<>();

  /** The page_size of a request (default 100), or a 400 in Notion's words. */
  static int pageSize(JsonNode node, String path) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return MAX_PAGE_SIZE;
    }
    long size;
    if (node.isIntegralNumber()) {
      size = node.asLong();
    } else {
      try {
        size = node.isTextual() ? Long.parseLong(node.asText()) : Long.MIN_VALUE;
      } catch (NumberFormatException e) {
        size = Long.MIN_VALUE;
      }
      if (size == Long.MIN_VALUE) {
        throw NotionError.bodyValidation(path, "a number", PropertyCodec.describe(node));
      }
    }
    if (size > MAX_PAGE_SIZE) {
      throw NotionError.bodyValidation(path, "≤ `" + MAX_PAGE_SIZE + "`", "`" + size + "`");
    }
    if (size < 1) {
      throw NotionError.bodyValidation(path, "≥ `1`", "`" + size + "`");
    }
    return (int) size;
  }

  /** The slice starting at {@code startCursor} (null for the first page). */
  <T> Slice<T> slice(List<T> all, Function<T, String> id, String startCursor, int pageSize) {
    int from = 0;
    if (startCursor != null) {
      Position pos = cursors.get(startCursor);
      if (pos == null) {
        throw NotionError.bodyValidation(
            "body.start_cursor", "a valid cursor", "`" + startCursor + "`");
      }
      from = Math.min(pos.offset(), all.size());
      for (int i = 0; i < all.size(); i++) {
        if (id.apply(all.get(i)).equals(pos.firstId())) {
          from = i;
          break;
        }
      }
    }
    int to = Math.min(all.size(), from + pageSize);
    boolean hasMore = to < all.size();
    String next = null;
    if (hasMore) {
      next = UUID.randomUUID().toString();
      cursors.put(next, new Position(to, id.apply(all.get(to))));
    }
    return new Slice<>(List.copyOf(all.subList(from, to)), next, hasMore);
  }
}
