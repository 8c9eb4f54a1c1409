package com.chittysync.notion;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem;
import com.chittysync.core.json.Json;
import com.chittysync.notion.DataSource.Property;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the record a page object holds, through the mapped properties: values a page object cuts
 * short are read in full, and relations to registries become those registries' keys. Reads and
 * writes read pages the same way, so a write compares with what a fetch would report.
 */
final class PageRecords {
  private static final int REFERENCES_IN_PAGE = 25;

  private final NotionSettings settings;
  private final NotionClient client;

  PageRecords(NotionSettings settings, NotionClient client) {
    this.settings = settings;
    this.client = client;
  }

  /**
   * {@code record} with the page ids of its relations to registries turned into their keys; empty,
   * with {@code errors} saying why, when one refers to a page that holds no key.
   */
  Optional<CanonicalRecord> withRelationKeys(
      DataSource ds, CanonicalRecord record, List<RecordProblem.FieldError> errors) {
    Map<String, JsonNode> changes = new HashMap<>();
    for (Map.Entry<String, RelationKeys> e : ds.relations().entrySet()) {
      JsonNode ids = record.get(e.getKey());
      if (ids == null || !ids.isArray()) {
        continue;
      }
      ArrayNode out = Json.mapper().createArrayNode();
      for (JsonNode id : ids) {
        Optional<String> key = e.getValue().key(id.asText());
        if (key.isPresent()) {
          out.add(key.get());
        } else {
          errors.add(
              new RecordProblem.FieldError(
                  "/" + e.getKey(),
                  "relation '"
                      + settings.properties().get(e.getKey())
                      + "' points at page "
                      + id.asText()
                      + ", which holds no record of registry '"
                      + e.getValue().target().registry()
                      + "' (gone, in the trash, or its key is empty)"));
        }
      }
      changes.put(e.getKey(), out);
    }
    return errors.isEmpty() ? Optional.of(record.with(changes)) : Optional.empty();
  }

  /** The key a page holds, read as a fetch reads it; empty when its key property is empty. */
  Optional<String> keyOf(DataSource ds, JsonNode page) {
    JsonNode value = page.path("properties").get(settings.keyProperty());
    if (value == null) {
      return Optional.empty();
    }
    JsonNode key = PropertyCodec.read(complete(page, ds, settings.keyProperty(), value));
    return key == null || key.asText().isBlank() ? Optional.empty() : Optional.of(key.asText());
  }

  /** The record a page holds, or null when its key is empty. */
  CanonicalRecord toRecord(DataSource ds, JsonNode page) {
    Map<String, JsonNode> fields = new TreeMap<>();
    JsonNode props = page.path("properties");
    for (Map.Entry<String, String> e : settings.properties().entrySet()) {
      JsonNode value = props.get(e.getValue());
      if (value == null) {
        continue;
      }
      JsonNode canonical = PropertyCodec.read(complete(page, ds, e.getValue(), value));
      if (canonical != null) {
        fields.put(e.getKey(), canonical);
      }
    }
    JsonNode key = fields.get(settings.keyField());
    if (key == null || key.asText().isBlank()) {
      return null;
    }
    String keyText = key.asText();
    fields.put(settings.keyField(), Json.mapper().getNodeFactory().textNode(keyText));
    return new CanonicalRecord(keyText, fields);
  }

  /**
   * The whole value of a property: page objects carry at most 25 references of title, rich text,
   * relation and people values; the rest are read through the property-item endpoint.
   */
  private JsonNode complete(JsonNode page, DataSource ds, String name, JsonNode value) {
    String type = value.path("type").asText();
    if (!PropertyCodec.PAGINATED.contains(type)) {
      return value;
    }
    JsonNode items = value.path(type);
    boolean truncated =
        value.path("has_more").asBoolean(false)
            || (items.isArray() && items.size() >= REFERENCES_IN_PAGE);
    if (!truncated) {
      return value;
    }
    Property property = ds.properties().get(name);
    String propertyId = property != null ? property.id() : value.path("id").asText();
    ArrayNode all = Json.mapper().createArrayNode();
    String cursor = null;
    do {
      String path =
          "/v1/pages/"
              + page.path("id").asText()
              + "/properties/"
              + URLEncoder.encode(propertyId, StandardCharsets.UTF_8)
              + "?page_size=100"
              + (cursor == null
                  ? ""
                  : "&start_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonNode list = client.get(path);
      for (JsonNode item : list.path("results")) {
        JsonNode one = item.get(type);
        if (one != null) {
          all.add(one);
        }
      }
      cursor =
          list.path("has_more").asBoolean(false) ? list.path("next_cursor").asText(null) : null;
    } while (cursor != null);
    ObjectNode whole = Json.mapper().createObjectNode();
    whole.put("type", type);
    whole.set(type, all);
    return whole;
  }

  /** The record a page object holds, its relations as keys; empty when it cannot be read so. */
  Optional<CanonicalRecord> recordOf(DataSource ds, JsonNode page) {
    CanonicalRecord record = toRecord(ds, page);
    if (record == null) {
      return Optional.empty();
    }
    return ds.relations().isEmpty()
        ? Optional.of(record)
        : withRelationKeys(ds, record, new ArrayList<>());
  }
}
