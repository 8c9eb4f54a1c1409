package com.chittysync.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads one page by id as it is now. Notion answers a retrieve from the page itself, not from the
 * index its queries search, so a page the last query did not return, or one written moments ago, is
 * seen as it is.
 */
final class PageReader {
  private final NotionClient client;

  PageReader(NotionClient client) {
    this.client = client;
  }

  /**
   * The page, if it is a live row of data source {@code dataSourceId}; empty when it is gone (404),
   * in the trash, or has been moved out of the data source.
   */
  Optional<JsonNode> live(String pageId, String dataSourceId) {
    JsonNode page;
    try {
      page = client.get("/v1/pages/" + pageId);
    } catch (NotionApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    if (page.path("in_trash").asBoolean(false) || page.path("archived").asBoolean(false)) {
      return Optional.empty();
    }
    String parent = page.path("parent").path("data_source_id").asText("");
    if (parent.isEmpty()
        || !NotionSettings.dashed(parent).equals(NotionSettings.dashed(dataSourceId))) {
      return Optional.empty();
    }
    return Optional.of(page);
  }
}
