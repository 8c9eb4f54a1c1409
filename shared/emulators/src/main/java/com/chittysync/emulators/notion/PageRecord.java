package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page (row) of a data source. Values are stored by property id, untruncated, in the inner read
 * shape (e.g. the rich text array for a title). Guarded by the {@link Store}.
 */
final class PageRecord {
  final String id;
  final String dataSourceId;
  final long sequence;
  final Map<String, JsonNode> values = new LinkedHashMap<>();
  Instant createdTime;
  Instant lastEditedTime;
  String createdBy;
  String lastEditedBy;
  boolean inTrash;
  JsonNode icon;
  JsonNode cover;

  PageRecord(String id, String dataSourceId, long sequence, Instant now, String author) {
    this.id = id;
    this.dataSourceId = dataSourceId;
    this.sequence = sequence;
    this.createdTime = now;
    this.lastEditedTime = now;
    this.createdBy = author;
    this.lastEditedBy = author;
  }
}
