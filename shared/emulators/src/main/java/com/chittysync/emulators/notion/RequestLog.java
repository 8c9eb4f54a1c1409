package com.chittysync.emulators.notion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every request the emulator answered (or dropped), in arrival order, for test assertions. */
public final class RequestLog {
  /**
   * One logged request.
   *
   * @param query the raw query string, or null
   * @param status the HTTP status answered, or -1 when the connection was dropped without a
   *     response
   */
  public record Entry(
      Instant at,
      String method,
      String path,
      String query,
      String body,
      String authorization,
      String notionVersion,
      int status) {

    /** Whether this entry is {@code method} on a path starting with {@code pathPrefix}. */
    public boolean matches(String method, String pathPrefix) {
      return (method == null || this.method.equalsIgnoreCase(method))
          && (pathPrefix == null || path.startsWith(pathPrefix));
    }
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  void add(Entry entry) {
    entries.add(entry);
  }

  /** A snapshot of all entries. */
  public List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  /** Entries with the given method (null: any) on a path starting with the prefix (null: any). */
  public List<Entry> entries(String method, String pathPrefix) {
    return filter(e -> e.matches(method, pathPrefix));
  }

  /** Entries matching a predicate. */
  public List<Entry> filter(Predicate<Entry> predicate) {
    return entries.stream().filter(predicate).toList();
  }

  /** How many requests matched method and path prefix. */
  public int count(String method, String pathPrefix) {
    return entries(method, pathPrefix).size();
  }

  /** Forgets every entry. */
  public void clear() {
    entries.clear();
  }
}
