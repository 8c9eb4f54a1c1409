package com.chittysync.notion;

import java.util.Map;

/**
 * A data source's id, its property schema (name to id and type), and the relations whose values are
 * another registry's keys (by canonical field).
 */
record DataSource(
    String id,
    String title,
    Map<String, DataSource.Property> properties,
    Map<String, RelationKeys> relations) {

  /** One property of the schema. */
  record Property(String id, String name, String type) {}
}
