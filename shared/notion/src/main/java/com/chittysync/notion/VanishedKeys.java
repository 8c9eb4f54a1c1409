package com.chittysync.notion;

import com.chittysync.connect.SnapshotLookup;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds the keys that the registry's last sync saw in a Notion data source and that no page holds
 * now: the page went to the trash, was deleted, was moved out of the data source, or was given
 * another key. An incremental read cannot see these by itself: a query never returns a page in the
 * trash, and asking for trashed pages ({@code in_trash} on a query) is a field Notion gives no
 * documented meaning.
 *
 * <p>So the keys the last sync stored for this endpoint are compared with the keys of the live
 * pages, read with one query that returns only the key property; each key no live page holds is
 * confirmed by reading its page by id, which Notion answers from the page itself rather than from
 * its query index, so a page written moments ago and not indexed yet is never taken for gone.
 */
final class VanishedKeys {
  /** Pages read one by one to confirm their keys are gone; past this a full read is cheaper. */
  static final int MAX_CONFIRMED = 25;

  private final Optional<SnapshotLookup> snapshots;
  private final String registry;
  private final String endpoint;
  private final NotionClient client;
  private final PageReader pages;

  /**
   * @param snapshots the last sync's snapshots (empty without a state)
   * @param registry the registry
   * @param endpoint the endpoint's name in the registry
   * @param client the Notion client
   * @param pages reads pages by id
   */
  VanishedKeys(
      Optional<SnapshotLookup> snapshots,
      String registry,
      String endpoint,
      NotionClient client,
      PageReader pages) {
    this.snapshots = snapshots;
    this.registry = registry;
    this.endpoint = endpoint;
    this.client = client;
    this.pages = pages;
  }

  /**
   * The keys gone since the last sync, or empty when they cannot be told here (no state database, a
   * stored key without its page id, more candidates than are worth confirming one by one): the
   * caller then reads the data source in full.
   *
   * @param dataSourceId the data source
   * @param keyPropertyId the id of the key property
   * @param keyOf the key a page object holds, read as a fetch reads it
   * @param returned keys the read returned live: not gone, whatever else says so
   */
  Optional<Set<String>> find(
      String dataSourceId,
      String keyPropertyId,
      Function<JsonNode, Optional<String>> keyOf,
      Set<String> returned) {
    if (snapshots.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> stored = storedKeys();
    stored.keySet().removeAll(returned);
    if (stored.isEmpty()) {
      return Optional.of(Set.of());
    }
    stored.keySet().removeAll(liveKeys(dataSourceId, keyPropertyId, keyOf));
    if (stored.size() > MAX_CONFIRMED || stored.containsValue(null)) {
      return Optional.empty();
    }
    Set<String> gone = new TreeSet<>();
    stored.forEach(
        (key, pageId) -> {
          Optional<String> held = pages.live(pageId, dataSourceId).flatMap(keyOf);
          if (!held.equals(Optional.of(key))) {
            gone.add(key);
          }
        });
    return Optional.of(gone);
  }

  /** The keys the last sync stored for this endpoint, with their page ids (null when unknown). */
  private Map<String, String> storedKeys() {
    Map<String, String> keys = new HashMap<>();
    snapshots
        .get()
        .remoteIdsByKey(registry, endpoint)
        .forEach((key, pageId) -> keys.put(key, pageId.orElse(null)));
    return keys;
  }

  /** The keys of every live page, reading only the key property of each. */
  private Set<String> liveKeys(
      String dataSourceId, String keyPropertyId, Function<JsonNode, Optional<String>> keyOf) {
    String path =
        "/v1/data_sources/"
            + dataSourceId
            + "/query?filter_properties[]="
            + URLEncoder.encode(keyPropertyId, StandardCharsets.UTF_8);
    Set<String> live = new HashSet<>();
    String cursor = null;
    do {
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("page_size", 100);
      if (cursor != null) {
        body.put("start_cursor", cursor);
      }
      JsonNode answer = client.query(path, body);
      for (JsonNode page : answer.path("results")) {
        if ("page".equals(page.path("object").asText()) && !page.path("in_trash").asBoolean()) {
          keyOf.apply(page).ifPresent(live::add);
        }
      }
      cursor =
          answer.path("has_more").asBoolean(false) ? answer.path("next_cursor").asText(null) : null;
    } while (cursor != null);
    return live;
  }
}
