package com.chittysync.pipeline.events;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sync {@code registry}, because of {@code reason}: detail {@code {"registry", "reason"[, "full"][,
 * "actor"][, "pages", "event_ids"]}}. The diff function consumes it.
 *
 * @param registry the registry to sync
 * @param reason why ({@code schedule}, {@code notion.webhook}, {@code dashboard}...), recorded as
 *     the run's trigger
 * @param full whether to scan every endpoint in full; put on the bus only when true
 * @param actor the audit log's actor ({@code user:<name>}) when a person asked
 * @param changes what the Notion webhook saw change, when a webhook delivery asked
 */
public record SyncRequested(
    String registry, String reason, boolean full, Optional<String> actor, Optional<Changes> changes)
    implements PipelineEvent {
  /** The event's detail type. */
  public static final String DETAIL_TYPE = "SyncRequested";

  /**
   * The reason recorded for a request whose detail does not say why (an event put by hand): the
   * diff function has always recorded it so.
   */
  public static final String UNSPECIFIED = "unspecified";

  /**
   * What a webhook delivery saw change.
   *
   * @param pages the Notion page ids that changed, when known (empty: anything may have changed)
   * @param eventIds the webhook event ids behind the request
   */
  public record Changes(List<String> pages, List<String> eventIds) {
    public Changes {
      pages = List.copyOf(pages);
      eventIds = List.copyOf(eventIds);
    }
  }

  public SyncRequested {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(changes, "changes");
  }

  /** A request for {@code reason}, neither full nor a person's nor a webhook's. */
  public static SyncRequested of(String registry, String reason) {
    return new SyncRequested(registry, reason, false, Optional.empty(), Optional.empty());
  }

  /** A request for {@code reason} to read every endpoint in full. */
  public static SyncRequested full(String registry, String reason) {
    return new SyncRequested(registry, reason, true, Optional.empty(), Optional.empty());
  }

  /**
   * A request a person made: {@code actor} (the audit log's actor, {@code user:<name>}) is added to
   * the detail; consumers read {@code registry} and {@code reason} as always.
   *
   * @param reason what asked, for example {@code dashboard}
   */
  public static SyncRequested byPerson(String registry, String reason, String actor) {
    return new SyncRequested(registry, reason, false, Optional.of(actor), Optional.empty());
  }

  /** A request of the Notion webhook, carrying what it saw change. */
  public static SyncRequested byWebhook(
      String registry, String reason, List<String> pages, List<String> eventIds) {
    return new SyncRequested(
        registry, reason, false, Optional.empty(), Optional.of(new Changes(pages, eventIds)));
  }

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }

  @Override
  public String detailJson() {
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("registry", registry);
    detail.put("reason", reason);
    if (full) {
      detail.put("full", true);
    }
    actor.ifPresent(a -> detail.put("actor", a));
    changes.ifPresent(
        c -> {
          c.pages().forEach(detail.putArray("pages")::add);
          c.eventIds().forEach(detail.putArray("event_ids")::add);
        });
    return detail.toString();
  }

  /**
   * Reads a {@code SyncRequested} detail.
   *
   * @throws MalformedEventException naming the field at fault
   */
  public static SyncRequested parse(String detailJson) {
    return read(Detail.of(DETAIL_TYPE, detailJson));
  }

  /** {@link #parse(String)}, of the detail Lambda's {@code ScheduledEvent} hands over. */
  public static SyncRequested parse(Map<String, ?> detail) {
    return read(Detail.of(DETAIL_TYPE, detail));
  }

  private static SyncRequested read(Detail detail) {
    Optional<List<String>> pages = detail.optionalTexts("pages");
    Optional<List<String>> eventIds = detail.optionalTexts("event_ids");
    Optional<Changes> changes =
        pages.isEmpty() && eventIds.isEmpty()
            ? Optional.empty()
            : Optional.of(new Changes(pages.orElse(List.of()), eventIds.orElse(List.of())));
    return new SyncRequested(
        detail.text("registry"),
        detail.optionalText("reason").orElse(UNSPECIFIED),
        detail.flag("full"),
        detail.optionalText("actor"),
        changes);
  }
}
