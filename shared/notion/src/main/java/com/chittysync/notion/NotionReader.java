package com.chittysync.notion;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.core.json.Json;
import com.chittysync.notion.DataSource.Property;
import com.chittysync.notion.KeyIndex.Known;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a data source's live pages as records: all of them, or (incrementally) those edited since
 * the cursor, those a run asked to recheck, and the keys that vanished since the last sync. Pages
 * in the trash are skipped, pages without a key and keys several pages claim are reported as
 * problems. Every read leaves the {@link KeyIndex} as it found the pages.
 */
final class NotionReader {
  /** How far before a read the next incremental read starts (clock skew, index lag). */
  static final Duration CURSOR_MARGIN = Duration.ofMinutes(2);

  /** The most conditions one compound filter may hold (API-NOTES §2.2). */
  private static final int KEYS_PER_QUERY = 100;

  private final NotionSettings settings;
  private final NotionClient client;
  private final String registry;
  private final VanishedKeys vanishedKeys;
  private final KeyIndex index;
  private final PageRecords pageRecords;

  /**
   * @param registry the name of the registry this endpoint belongs to
   */
  NotionReader(
      NotionSettings settings,
      NotionClient client,
      String registry,
      VanishedKeys vanishedKeys,
      KeyIndex index,
      PageRecords pageRecords) {
    this.settings = settings;
    this.client = client;
    this.registry = registry;
    this.vanishedKeys = vanishedKeys;
    this.index = index;
    this.pageRecords = pageRecords;
  }

  /** Reads what {@code request} asks for from {@code ds}, and leaves the key index as read. */
  FetchResult fetch(DataSource ds, FetchRequest request) {
    // The next read starts a little before this one: edits are stamped to the minute by Notion's
    // clock, and its query index may lag; the overlap is read again and settles by content hash.
    String nextCursor =
        Instant.now().minus(CURSOR_MARGIN).truncatedTo(ChronoUnit.MINUTES).toString();
    if (request.full() || request.cursor().isEmpty()) {
      return readAll(ds, nextCursor);
    }
    Reading changed = read(ds, editedSince(request.cursor().get()));
    Set<String> returned = new HashSet<>(changed.seen().keySet());
    changed.problems().forEach(p -> returned.add(p.key()));
    returned.remove(null);
    Set<String> recheck = new TreeSet<>(request.recheck());
    recheck.removeAll(returned);
    Set<String> rechecked = new HashSet<>();
    if (!recheck.isEmpty()) {
      // Records waiting for a person were read by an earlier run and may not have changed since:
      // read them by key, so that this run reports them as they are.
      Reading again = readKeys(ds, recheck);
      changed = changed.and(again);
      again.seen().keySet().forEach(rechecked::add);
      again.problems().forEach(p -> rechecked.add(p.key()));
      returned.addAll(rechecked);
    }
    Property keyProperty = ds.properties().get(settings.keyProperty());
    Optional<Set<String>> vanished =
        vanishedKeys.find(ds.id(), keyProperty.id(), page -> pageRecords.keyOf(ds, page), returned);
    if (vanished.isEmpty()) {
      // Which quiet records are gone cannot be told apart here: read them all, as a full scan.
      return readAll(ds, nextCursor);
    }
    index.merge(changed.seen(), vanished.get());
    Set<String> deleted = new HashSet<>(vanished.get());
    // A rechecked key no live page holds is not held here (a trashed page, or one never created).
    recheck.stream().filter(k -> !rechecked.contains(k)).forEach(deleted::add);
    return new FetchResult(
        changed.records(), false, Optional.of(nextCursor), changed.problems(), deleted);
  }

  /** Reads the live pages whose key is one of {@code keys}. */
  private Reading readKeys(DataSource ds, Set<String> keys) {
    Property keyProperty = ds.properties().get(settings.keyProperty());
    Reading out = new Reading(List.of(), List.of(), Map.of());
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
      ObjectNode filter = Json.mapper().createObjectNode();
      ArrayNode or = filter.putArray("or");
      for (String key : all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY))) {
        ObjectNode condition = or.addObject();
        condition.put("property", keyProperty.id());
        condition.putObject(keyProperty.type()).put("equals", key);
      }
      out = out.and(read(ds, filter));
    }
    return out;
  }

  /** A complete read: every live page, so that a record missing from it is gone. */
  private FetchResult readAll(DataSource ds, String nextCursor) {
    Reading all = read(ds, null);
    index.replace(all.seen());
    return new FetchResult(all.records(), true, Optional.of(nextCursor), all.problems());
  }

  /**
   * The filter of pages edited since {@code cursor}. Timestamps are cut to the minute: "on or
   * after" the last one seen reads that minute again, so an edit later in the same minute is not
   * missed; what did not change since settles by content hash.
   */
  private static ObjectNode editedSince(String cursor) {
    ObjectNode filter = Json.mapper().createObjectNode();
    filter.put("timestamp", "last_edited_time");
    filter.putObject("last_edited_time").put("on_or_after", cursor);
    return filter;
  }

  /**
   * What one read found: the records, the pages that could not be records, and what each key's page
   * holds.
   */
  private record Reading(
      List<RemoteRecord> records, List<RecordProblem> problems, Map<String, Known> seen) {
    /** This reading with {@code other}'s records, which are other keys. */
    Reading and(Reading other) {
      List<RemoteRecord> records = new ArrayList<>(this.records);
      records.addAll(other.records);
      List<RecordProblem> problems = new ArrayList<>(this.problems);
      problems.addAll(other.problems);
      Map<String, Known> seen = new HashMap<>(this.seen);
      seen.putAll(other.seen);
      return new Reading(records, problems, seen);
    }
  }

  /** Reads the live pages {@code filter} selects (all when null). */
  private Reading read(DataSource ds, ObjectNode filter) {
    List<RemoteRecord> records = new ArrayList<>();
    List<RecordProblem> problems = new ArrayList<>();
    Map<String, Known> seen = new HashMap<>();
    Set<String> duplicated = new HashSet<>();
    String cursor = null;
    do {
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("page_size", 100);
      if (cursor != null) {
        body.put("start_cursor", cursor);
      }
      if (filter != null) {
        body.set("filter", filter);
      }
      JsonNode page = client.query("/v1/data_sources/" + ds.id() + "/query", body);
      for (JsonNode p : page.path("results")) {
        if (!"page".equals(p.path("object").asText()) || p.path("in_trash").asBoolean(false)) {
          continue;
        }
        CanonicalRecord record = pageRecords.toRecord(ds, p);
        String pageId = p.path("id").asText();
        if (record == null) {
          problems.add(
              new RecordProblem(
                  null,
                  pageId,
                  List.of(
                      new RecordProblem.FieldError(
                          "/" + settings.keyField(),
                          "page "
                              + pageId
                              + " has no value in its key property '"
                              + settings.keyProperty()
                              + "'"))));
          continue;
        }
        if (seen.putIfAbsent(record.key(), new Known(pageId, record)) != null) {
          duplicated.add(record.key());
          continue;
        }
        Optional<Instant> modified = Optional.empty();
        if (p.hasNonNull("last_edited_time")) {
          modified = Optional.of(Instant.parse(p.get("last_edited_time").asText()));
        }
        records.add(new RemoteRecord(pageId, record, modified));
      }
      cursor =
          page.path("has_more").asBoolean(false) ? page.path("next_cursor").asText(null) : null;
    } while (cursor != null);
    if (!duplicated.isEmpty()) {
      // Two pages claim one key: neither is trusted until a person removes the duplicate.
      records.removeIf(r -> duplicated.contains(r.key()));
      for (String key : duplicated) {
        problems.add(
            new RecordProblem(
                key,
                seen.get(key).pageId(),
                List.of(
                    new RecordProblem.FieldError(
                        "/" + settings.keyField(),
                        "several pages hold key '" + key + "'; remove the duplicates in Notion"))));
      }
    }
    if (!ds.relations().isEmpty()) {
      records = relationsAsKeys(ds, records, seen, problems);
    }
    return new Reading(records, problems, seen);
  }

  /**
   * Turns the page ids of relations to registries into those registries' keys. A record that refers
   * to a page with no key (gone, in the trash, key empty) is quarantined with a report rather than
   * synced with the reference missing.
   */
  private List<RemoteRecord> relationsAsKeys(
      DataSource ds,
      List<RemoteRecord> records,
      Map<String, Known> seen,
      List<RecordProblem> problems) {
    for (RelationKeys keys : ds.relations().values()) {
      RelatedRegistry target = keys.target();
      if (target.registry().equals(registry) && target.endpoint().equals(settings.name())) {
        seen.forEach((key, known) -> keys.learn(known.pageId(), key));
      }
    }
    List<RemoteRecord> converted = new ArrayList<>(records.size());
    for (RemoteRecord r : records) {
      List<RecordProblem.FieldError> errors = new ArrayList<>();
      Optional<CanonicalRecord> record = pageRecords.withRelationKeys(ds, r.record(), errors);
      if (record.isEmpty()) {
        problems.add(new RecordProblem(r.key(), r.remoteId(), errors));
        seen.remove(r.key());
        continue;
      }
      seen.put(r.key(), new Known(r.remoteId(), record.get()));
      converted.add(new RemoteRecord(r.remoteId(), record.get(), r.modifiedAt()));
    }
    return converted;
  }
}
