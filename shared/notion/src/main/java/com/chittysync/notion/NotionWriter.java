package com.chittysync.notion;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.core.json.Json;
import com.chittysync.notion.DataSource.Property;
import com.chittysync.notion.KeyIndex.Known;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a plan's ops to a data source's pages: creates (keyed, and looked up by key when their
 * outcome is unknown), updates and deletes (to the trash), each after checking its precondition
 * against what the page holds now, since Notion has no conditional write. Each op gets its result
 * (applied, already applied, stale, failed); only refused credentials end the batch.
 */
final class NotionWriter {
  private final NotionSettings settings;
  private final NotionClient client;
  private final PageReader pages;
  private final KeyIndex index;
  private final PageRecords pageRecords;
  private final Representation representation;
  private final NotionReader reader;

  NotionWriter(
      NotionSettings settings,
      NotionClient client,
      PageReader pages,
      KeyIndex index,
      PageRecords pageRecords,
      Representation representation,
      NotionReader reader) {
    this.settings = settings;
    this.client = client;
    this.pages = pages;
    this.index = index;
    this.pageRecords = pageRecords;
    this.representation = representation;
    this.reader = reader;
  }

  /** Applies {@code ops} in order to {@code ds}; one result per op. */
  List<OpResult> apply(DataSource ds, List<Op> ops) {
    if (!index.loaded()) {
      // Finishing an interrupted plan: learn what the data source holds before judging any op.
      reader.fetch(ds, FetchRequest.fullScan());
    }
    List<OpResult> results = new ArrayList<>(ops.size());
    for (Op op : ops) {
      results.add(applyOne(ds, op));
    }
    return results;
  }

  private OpResult applyOne(DataSource ds, Op op) {
    try {
      if (op instanceof Op.Create create) {
        return create(ds, create);
      }
      if (op instanceof Op.Update update) {
        return update(ds, update);
      }
      return delete(ds, (Op.Delete) op);
    } catch (PropertyCodec.Unwritable e) {
      return OpResult.failed(op.opNo(), "key '" + op.key() + "': " + e.getMessage());
    } catch (NotionApiException e) {
      if (e.unauthorized()) {
        throw e;
      }
      return OpResult.failed(op.opNo(), e.getMessage());
    }
  }

  private OpResult create(DataSource ds, Op.Create create) throws PropertyCodec.Unwritable {
    Known known = index.get(create.key());
    if (known == null && index.partial()) {
      Optional<JsonNode> existing = findByKey(ds, create.key());
      if (existing.isPresent()) {
        String pageId = existing.get().path("id").asText();
        Optional<CanonicalRecord> held = pageRecords.recordOf(ds, existing.get());
        if (held.isEmpty()) {
          return OpResult.stale(
              create.opNo(),
              "a page with key '" + create.key() + "' exists already (" + pageId + ")");
        }
        known = new Known(pageId, held.get());
      }
    }
    if (known != null) {
      return representation.holds(ds, known.record(), create.target(), true)
          ? OpResult.alreadyApplied(create.opNo(), known.pageId())
          : OpResult.stale(
              create.opNo(),
              "a page with key '" + create.key() + "' exists already (" + known.pageId() + ")");
    }
    ObjectNode properties = Json.mapper().createObjectNode();
    for (Map.Entry<String, JsonNode> field : create.target().fields().entrySet()) {
      putProperty(ds, properties, field.getKey(), field.getValue());
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.putObject("parent").put("data_source_id", ds.id());
    body.set("properties", properties);
    for (int attempt = 0; ; attempt++) {
      try {
        JsonNode page = client.create("/v1/pages", body);
        String pageId = page.path("id").asText();
        index.put(create.key(), new Known(pageId, representation.represent(ds, create.target())));
        return OpResult.applied(create.opNo(), pageId);
      } catch (NotionApiException e) {
        if (!e.outcomeUnknown() || attempt >= settings.maxRetries()) {
          throw e;
        }
        // The page may exist although no answer said so: find it by key before trying again.
        Optional<JsonNode> existing = findByKey(ds, create.key());
        if (existing.isPresent()) {
          String pageId = existing.get().path("id").asText();
          index.put(create.key(), new Known(pageId, representation.represent(ds, create.target())));
          return OpResult.alreadyApplied(create.opNo(), pageId);
        }
      }
    }
  }

  private OpResult update(DataSource ds, Op.Update update) throws PropertyCodec.Unwritable {
    Current now = current(ds, update.key(), update.remoteId());
    if (now.known() == null) {
      return OpResult.stale(update.opNo(), now.why());
    }
    Known known = now.known();
    if (representation.holds(ds, known.record(), update.target(), false)) {
      return OpResult.alreadyApplied(update.opNo(), known.pageId());
    }
    if (!representation.holds(ds, known.record(), update.expected(), false)) {
      return OpResult.stale(update.opNo(), "the page changed since the plan was made");
    }
    ObjectNode properties = Json.mapper().createObjectNode();
    for (Map.Entry<String, JsonNode> change : update.changes().entrySet()) {
      putProperty(ds, properties, change.getKey(), change.getValue());
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("properties", properties);
    client.patch("/v1/pages/" + known.pageId(), body);
    index.put(
        update.key(), new Known(known.pageId(), representation.represent(ds, update.target())));
    return OpResult.applied(update.opNo(), known.pageId());
  }

  private OpResult delete(DataSource ds, Op.Delete delete) {
    Current now = current(ds, delete.key(), delete.remoteId());
    if (now.gone()) {
      return OpResult.alreadyApplied(delete.opNo(), delete.remoteId());
    }
    if (now.known() == null) {
      return OpResult.stale(delete.opNo(), now.why());
    }
    Known known = now.known();
    if (!representation.holds(ds, known.record(), delete.expected(), false)) {
      return OpResult.stale(delete.opNo(), "the page changed since the plan was made");
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("in_trash", true);
    client.patch("/v1/pages/" + known.pageId(), body);
    index.remove(delete.key());
    return OpResult.applied(delete.opNo(), known.pageId());
  }

  /**
   * What the page of a key holds now, or why no page holds it.
   *
   * @param known the page and its record, when a live page holds the key
   * @param gone whether the page is gone (deleted, in the trash, moved out of the data source)
   * @param why when {@code known} is null, why, for the run report
   */
  private record Current(Known known, boolean gone, String why) {}

  /**
   * What the page of {@code key} holds now. A page the last read returned is taken as it read; one
   * it did not return (an incremental read returns only what changed) is read by id, or looked up
   * by key when the op knows no id, because Notion has no conditional write to check the op's
   * precondition against.
   */
  private Current current(DataSource ds, String key, String pageId) {
    Known known = index.get(key);
    if (known != null) {
      return new Current(known, false, null);
    }
    Optional<JsonNode> page =
        pageId == null || pageId.isBlank() ? findByKey(ds, key) : pages.live(pageId, ds.id());
    if (page.isEmpty()) {
      return new Current(
          null,
          true,
          "the page of key '"
              + key
              + "' is gone (deleted, in the trash, or moved out of the data source)");
    }
    String id = page.get().path("id").asText();
    Optional<String> holds = pageRecords.keyOf(ds, page.get());
    if (!holds.equals(Optional.of(key))) {
      return new Current(
          null,
          false,
          "page "
              + id
              + " of key '"
              + key
              + "' now holds "
              + holds.map(k -> "key '" + k + "'").orElse("no key"));
    }
    Optional<CanonicalRecord> record = pageRecords.recordOf(ds, page.get());
    if (record.isEmpty()) {
      return new Current(
          null, false, "page " + id + " of key '" + key + "' refers to pages that hold no record");
    }
    known = new Known(id, record.get());
    index.put(key, known);
    return new Current(known, false, null);
  }

  /** The live page that holds {@code key}, found by a query. */
  private Optional<JsonNode> findByKey(DataSource ds, String key) {
    Property keyProperty = ds.properties().get(settings.keyProperty());
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode filter = body.putObject("filter");
    filter.put("property", keyProperty.id());
    filter.putObject(keyProperty.type()).put("equals", key);
    body.put("page_size", 10);
    JsonNode answer = client.query("/v1/data_sources/" + ds.id() + "/query", body);
    for (JsonNode page : answer.path("results")) {
      if (!page.path("in_trash").asBoolean(false)) {
        return Optional.of(page);
      }
    }
    return Optional.empty();
  }

  private void putProperty(DataSource ds, ObjectNode properties, String field, JsonNode value)
      throws PropertyCodec.Unwritable {
    String name = settings.properties().get(field);
    if (name == null) {
      return;
    }
    Property p = ds.properties().get(name);
    if (p == null || PropertyCodec.READ_ONLY.contains(p.type())) {
      return;
    }
    RelationKeys keys = ds.relations().get(field);
    if (keys != null && value != null && value.isArray()) {
      value = pageIds(keys, value);
    }
    try {
      properties.set(p.id(), PropertyCodec.write(p.type(), value));
    } catch (PropertyCodec.Unwritable e) {
      throw new PropertyCodec.Unwritable("field '" + field + "' (" + name + "): " + e.getMessage());
    }
  }

  /** The pages of a related registry that hold {@code keys}, in order. */
  private static JsonNode pageIds(RelationKeys keys, JsonNode value)
      throws PropertyCodec.Unwritable {
    ArrayNode ids = Json.mapper().createArrayNode();
    for (JsonNode key : value) {
      String page =
          keys.page(key.asText())
              .orElseThrow(
                  () ->
                      new PropertyCodec.Unwritable(
                          "no page of registry '"
                              + keys.target().registry()
                              + "' holds key '"
                              + key.asText()
                              + "' yet; the relation is written once that record exists"));
      ids.add(page);
    }
    return ids;
  }
}
