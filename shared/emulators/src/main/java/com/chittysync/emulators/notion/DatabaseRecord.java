package com.chittysync.emulators.notion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A database: a titled container of one or more data sources. Guarded by the {@link Store}. */
final class DatabaseRecord {
  final String id;
  String title;
  final List<String> dataSourceIds = new ArrayList<>();
  Instant createdTime;
  Instant lastEditedTime;
  boolean inTrash;

  DatabaseRecord(String id, String title, Instant now) {
    this.id = id;
    this.title = title;
    this.createdTime = now;
    this.lastEditedTime = now;
  }
}
