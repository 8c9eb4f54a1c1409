package com.chittysync.emulators.sheets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every request the emulator received — Sheets API calls and the token endpoint — in arrival order,
 * with the status it answered (-1 when the connection was dropped). An entry is added before the
 * response is sent, so a test holding a response already sees it.
 */
public final class RequestLog {
  private final List<RecordedRequest> entries = new CopyOnWriteArrayList<>();

  void add(RecordedRequest entry) {
    entries.add(entry);
  }

  /** A snapshot of all entries. */
  public List<RecordedRequest> entries() {
    return new ArrayList<>(entries);
  }

  /** Entries matching a predicate. */
  public List<RecordedRequest> entries(Predicate<RecordedRequest> predicate) {
    return entries.stream().filter(predicate).toList();
  }

  /** How many requests were received. */
  public int count() {
    return entries.size();
  }

  /** How many requests matched. */
  public int count(Predicate<RecordedRequest> predicate) {
    return (int) entries.stream().filter(predicate).count();
  }

  /** The most recent entry, or null. */
  public RecordedRequest last() {
    return entries.isEmpty() ? null : entries.get(entries.size() - 1);
  }

  /** Forgets every entry. */
  public void clear() {
    entries.clear();
  }
}
