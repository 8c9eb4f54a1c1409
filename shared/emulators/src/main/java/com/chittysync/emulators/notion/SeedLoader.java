package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Loads the seed format documented on {@link NotionEmulator#loadSeed(java.nio.file.Path)}. */
final class SeedLoader {
  private final Store store;
  private final Tokens tokens;
  private final String defaultAuthor;
  private final String botUserId;

  SeedLoader(Store store, Tokens tokens, String defaultAuthor, String botUserId) {
    this.store = store;
    this.tokens = tokens;
    this.defaultAuthor = defaultAuthor;
    this.botUserId = botUserId;
  }

  void load(JsonNode seed) {
    synchronized (store) {
      for (JsonNode user : seed.path("users")) {
        store.addUser(user);
      }
      List<DatabaseRecord> created = new ArrayList<>();
      // Schemas first, so relations and rollups may point at data sources defined later.
      for (JsonNode db : seed.path("databases")) {
        DatabaseRecord record =
            store.createDatabase(db.path("id").asText(null), db.path("title").asText("Untitled"));
        created.add(record);
        for (JsonNode ds : db.path("data_sources")) {
          store.createDataSource(
              ds.path("id").asText(null),
              record.id,
              ds.path("name").asText(record.title),
              ds.path("properties"),
              userId(ds.get("created_by")));
        }
      }
      store.resolveReferences();
      int dbIndex = 0;
      for (JsonNode db : seed.path("databases")) {
        DatabaseRecord record = created.get(dbIndex++);
        int dsIndex = 0;
        for (JsonNode ds : db.path("data_sources")) {
          String dsId = record.dataSourceIds.get(dsIndex++);
          for (JsonNode page : ds.path("pages")) {
            String author = userId(page.get("created_by"));
            PageSeed overrides =
                new PageSeed(
                    page.path("id").asText(null),
                    instant(page.get("created_time")),
                    instant(page.get("last_edited_time")),
                    author,
                    page.has("last_edited_by") ? userId(page.get("last_edited_by")) : author,
                    page.path("in_trash").asBoolean(page.path("archived").asBoolean(false)),
                    page.get("icon"),
                    page.get("cover"));
            store.createPage(dsId, page.path("properties"), author, true, overrides);
          }
        }
      }
      for (JsonNode t : seed.path("tokens")) {
        String token = t.path("token").asText();
        tokens.add(token, botUserId);
        if (t.has("data_sources")) {
          Set<String> ids = new HashSet<>();
          t.get("data_sources").forEach(id -> ids.add(Ids.normalize(id.asText())));
          tokens.restrict(token, ids);
        }
      }
    }
  }

  private String userId(JsonNode node) {
    if (node == null || node.isNull()) {
      return defaultAuthor;
    }
    if (node.isObject()) {
      if (node.size() > 2) {
        store.addUser((ObjectNode) node);
      }
      return Ids.normalize(node.path("id").asText());
    }
    return Ids.normalize(node.asText());
  }

  private static Instant instant(JsonNode node) {
    return node == null || node.isNull() ? null : Instant.parse(node.asText());
  }
}
