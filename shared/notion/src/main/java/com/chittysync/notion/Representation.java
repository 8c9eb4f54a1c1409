package com.chittysync.notion;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.core.json.Json;
import com.chittysync.notion.DataSource.Property;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Records as a data source holds them once written, and whether a page holds what a write wants:
 * the write's preconditions and its "already applied" compare values as Notion stores them.
 */
final class Representation {
  private final NotionSettings settings;

  Representation(NotionSettings settings) {
    this.settings = settings;
  }

  /**
   * The record as Notion holds it once written: each mapped, writable property's value written and
   * read back through the same codec a write and a fetch use (a checkbox without a value is false,
   * empty text is no text, a one-item multi-select is a list, a plain date object is its start),
   * page and user ids in Notion's dashed form. Read-only and unmapped fields, and values Notion
   * cannot hold, are kept as given. Reads nothing from Notion.
   */
  CanonicalRecord represent(DataSource ds, CanonicalRecord record) {
    Map<String, JsonNode> held = new HashMap<>();
    for (Map.Entry<String, String> e : settings.properties().entrySet()) {
      Property p = ds.properties().get(e.getValue());
      if (p == null || PropertyCodec.READ_ONLY.contains(p.type())) {
        continue;
      }
      JsonNode value;
      try {
        value = PropertyCodec.represent(p.type(), record.get(e.getKey()));
      } catch (PropertyCodec.Unwritable unwritable) {
        continue; // the write fails with the reason; nothing to anticipate
      }
      boolean pageIds = p.type().equals("relation") && !ds.relations().containsKey(e.getKey());
      if (value != null && (pageIds || p.type().equals("people"))) {
        value = dashed(value);
      }
      held.put(e.getKey(), value);
    }
    return record.with(held);
  }

  /** Ids as Notion answers them: dashed, lower case. */
  private static JsonNode dashed(JsonNode ids) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode id : ids) {
      out.add(NotionSettings.isId(id.asText()) ? NotionSettings.dashed(id.asText()) : id.asText());
    }
    return out;
  }

  /**
   * Whether {@code held} (what a page holds) holds {@code wanted} in every property this endpoint
   * writes, both as Notion holds them, so a value Notion stores otherwise than given (text it
   * splits, a checkbox left empty) compares as stored. A new page gets its data source's default
   * status, so a create that sets none does not compare its status.
   */
  boolean holds(DataSource ds, CanonicalRecord held, CanonicalRecord wanted, boolean created) {
    CanonicalRecord have = represent(ds, held);
    CanonicalRecord want = represent(ds, wanted);
    for (Map.Entry<String, String> e : settings.properties().entrySet()) {
      Property p = ds.properties().get(e.getValue());
      if (p == null || PropertyCodec.READ_ONLY.contains(p.type())) {
        continue;
      }
      if (created && p.type().equals("status") && want.get(e.getKey()).isNull()) {
        continue;
      }
      if (!CanonicalRecord.sameValue(have.get(e.getKey()), want.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
