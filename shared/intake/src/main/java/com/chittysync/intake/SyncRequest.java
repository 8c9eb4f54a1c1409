package com.chittysync.intake;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One {@code SyncRequested} event: sync {@code registry}, because of {@code reason}.
 *
 * @param registry the registry to sync
 * @param reason why, for example {@code notion.webhook}
 * @param pages the Notion page ids that changed, when known (empty: anything may have changed)
 * @param eventIds the webhook event ids behind the request
 */
public record SyncRequest(
    String registry, String reason, List<String> pages, List<String> eventIds) {
  /** The reason of requests made by the Notion webhook. */
  public static final String NOTION_WEBHOOK = "notion.webhook";

  public SyncRequest {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(reason, "reason");
    pages = List.copyOf(pages);
    eventIds = List.copyOf(eventIds);
  }

  /** The event's detail: {@code {"registry", "reason", "pages", "event_ids"}}. */
  public String detailJson() {
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("registry", registry);
    detail.put("reason", reason);
    ArrayNode p = detail.putArray("pages");
    pages.forEach(p::add);
    ArrayNode e = detail.putArray("event_ids");
    eventIds.forEach(e::add);
    return detail.toString();
  }
}
