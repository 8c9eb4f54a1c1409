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
import java.util.LinkedHashMap;
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
  private final Optional<NotionReadStages> stages;

  /**
   * @param registry the name of the registry this endpoint belongs to
   * @param stages where a full read too long for one invocation keeps its parts; empty without a
   *     state database (a full read then always runs to its end)
   */
  NotionReader(
      NotionSettings settings,
      NotionClient client,
      String registry,
      VanishedKeys vanishedKeys,
      KeyIndex index,
      PageRecords pageRecords,
      Optional<NotionReadStages> stages) {
    this.settings = settings;
    this.client = client;
    this.registry = registry;
    this.vanishedKeys = vanishedKeys;
    this.index = index;
    this.pageRecords = pageRecords;
    this.stages = stages;
  }

  /** Reads what {@code request} asks for from {@code ds}, and leaves the key index as read. */
  FetchResult fetch(DataSource ds, FetchRequest request) {
    // The next read starts a little before this one: edits are stamped to the minute by Notion's
    // clock, and its query index may lag; the overlap is read again and settles by content hash.
    String nextCursor =
        Instant.now().minus(CURSOR_MARGIN).truncatedTo(ChronoUnit.MINUTES).toString();
    if (request.full() || request.cursor().isEmpty()) {
      return readAll(ds, nextCursor, request);
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
      return readAll(ds, nextCursor, request);
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

  /**
   * A complete read: every live page, so that a record missing from it is gone.
   *
   * <p>Given a {@link FetchRequest#stopBy} and a state database, the read keeps each response's
   * pages with Notion's cursor after them ({@link NotionReadStages}) and stops once the time has
   * passed (after one response at least, so every part gets on): the next full read continues from
   * the cursor. The part that finishes reads again the pages edited since the read began, which
   * replace the versions kept, and takes the incremental cursor from the read's start, so nothing
   * edited while the read went on is missed. A dry run neither keeps nor continues a read.
   */
  private FetchResult readAll(DataSource ds, String nextCursor, FetchRequest request) {
    Optional<NotionReadStages> keeping = request.dryRun() ? Optional.empty() : stages;
    Optional<NotionReadStages.Stage> stage = keeping.flatMap(k -> k.find(ds.id()));
    Optional<Instant> stopBy = keeping.isPresent() ? request.stopBy() : Optional.empty();
    String since = stage.map(NotionReadStages.Stage::since).orElse(nextCursor);
    int keptBefore = stage.map(NotionReadStages.Stage::pagesRead).orElse(0);
    int kept = keptBefore;
    String cursor = stage.map(NotionReadStages.Stage::pageCursor).orElse(null);
    Accumulator read = new Accumulator(ds);
    int responses = 0;
    do {
      if (stopBy.isPresent() && responses > 0 && !Instant.now().isBefore(stopBy.get())) {
        return FetchResult.unfinished(kept);
      }
      JsonNode page = queryPage(ds, null, cursor);
      responses++;
      List<JsonNode> results = new ArrayList<>();
      page.path("results").forEach(results::add);
      cursor = nextCursor(page);
      if (stopBy.isPresent() && cursor != null) {
        keeping.get().keep(ds.id(), since, kept, results, cursor);
        kept += results.size();
      }
      results.forEach(read::add);
    } while (cursor != null);
    if (stage.isPresent()) {
      // Pages edited since the read began replace what an earlier part kept of them; a page this
      // part read is as fresh, and is read once.
      Map<String, JsonNode> edited = new LinkedHashMap<>();
      String from = null;
      do {
        JsonNode page = queryPage(ds, editedSince(since), from);
        page.path("results").forEach(p -> edited.put(p.path("id").asText(), p));
        from = nextCursor(page);
      } while (from != null);
      for (JsonNode p : keeping.get().pages(keptBefore)) {
        read.add(edited.getOrDefault(p.path("id").asText(), p));
      }
      edited.values().forEach(read::add);
    }
    if (kept > 0) {
      keeping.get().drop();
    }
    Reading all = read.finish();
    index.replace(all.seen());
    return new FetchResult(all.records(), true, Optional.of(since), all.problems());
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
    Accumulator read = new Accumulator(ds);
    String cursor = null;
    do {
      JsonNode page = queryPage(ds, filter, cursor);
      page.path("results").forEach(read::add);
      cursor = nextCursor(page);
    } while (cursor != null);
    return read.finish();
  }

  /** One response of a data source query: up to 100 pages from {@code cursor} (null: the start). */
  private JsonNode queryPage(DataSource ds, ObjectNode filter, String cursor) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("page_size", 100);
    if (cursor != null) {
      body.put("start_cursor", cursor);
    }
    if (filter != null) {
      body.set("filter", filter);
    }
    return client.query("/v1/data_sources/" + ds.id() + "/query", body);
  }

  /** The cursor of the response after {@code page}, or null after the last. */
  private static String nextCursor(JsonNode page) {
    return page.path("has_more").asBoolean(false) ? page.path("next_cursor").asText(null) : null;
  }

  /**
   * Turns pages into records as they are read, each page once however often it is given: the
   * records, the pages that cannot be records, and what each key's page holds.
   */
  private final class Accumulator {
    private final DataSource ds;
    private final List<RemoteRecord> records = new ArrayList<>();
    private final List<RecordProblem> problems = new ArrayList<>();
    private final Map<String, Known> seen = new HashMap<>();
    private final Set<String> duplicated = new HashSet<>();
    private final Set<String> pageIds = new HashSet<>();

    Accumulator(DataSource ds) {
      this.ds = ds;
    }

    void add(JsonNode p) {
      if (!"page".equals(p.path("object").asText()) || p.path("in_trash").asBoolean(false)) {
        return;
      }
      String pageId = p.path("id").asText();
      if (!pageIds.add(pageId)) {
        return;
      }
      CanonicalRecord record = pageRecords.toRecord(ds, p);
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
        return;
      }
      if (seen.putIfAbsent(record.key(), new Known(pageId, record)) != null) {
        duplicated.add(record.key());
        return;
      }
      Optional<Instant> modified = Optional.empty();
      if (p.hasNonNull("last_edited_time")) {
        modified = Optional.of(Instant.parse(p.get("last_edited_time").asText()));
      }
      records.add(new RemoteRecord(pageId, record, modified));
    }

    Reading finish() {
      List<RemoteRecord> out = records;
      if (!duplicated.isEmpty()) {
        // Two pages claim one key: neither is trusted until a person removes the duplicate.
        out.removeIf(r -> duplicated.contains(r.key()));
        for (String key : duplicated) {
          problems.add(
              new RecordProblem(
                  key,
                  seen.get(key).pageId(),
                  List.of(
                      new RecordProblem.FieldError(
                          "/" + settings.keyField(),
                          "several pages hold key '"
                              + key
                              + "'; remove the duplicates in Notion"))));
        }
      }
      if (!ds.relations().isEmpty()) {
        out = relationsAsKeys(ds, out, seen, problems);
      }
      return new Reading(out, problems, seen);
    }
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
