package com.chittysync.cli;

import com.chittysync.aws.EventPublisher;
import com.chittysync.core.json.Json;
import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.DiffService;
import com.chittysync.pipeline.EventSink;
import com.chittysync.pipeline.PipelineEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The deployed pipeline run in one process: the diff and apply services the functions call, with an
 * in-process queue standing in for the EventBridge bus. Events are handled in the order they were
 * put, as one consumer of each rule would.
 */
final class LocalPipeline implements EventSink {
  private final Deque<EventPublisher.Event> queue = new ArrayDeque<>();
  private DiffService diff;
  private ApplyService apply;

  /** Connects the services that consume the events (they are built with this sink). */
  void consumers(DiffService diff, ApplyService apply) {
    this.diff = diff;
    this.apply = apply;
  }

  @Override
  public synchronized void publish(List<EventPublisher.Event> events) {
    queue.addAll(events);
  }

  /** A {@code SyncRequested} put by a person. */
  void request(String registry, String reason, boolean full) {
    publish(
        List.of(
            new EventPublisher.Event(
                PipelineEvents.SYNC_REQUESTED,
                registry,
                Json.mapper()
                    .createObjectNode()
                    .put("registry", registry)
                    .put("reason", reason)
                    .put("full", full)
                    .toString())));
  }

  /**
   * Delivers events until none is left; returns the {@code SyncCompleted} details.
   *
   * @param progress told what each event led to
   */
  List<JsonNode> drain(Consumer<String> progress) {
    List<JsonNode> completed = new ArrayList<>();
    while (true) {
      EventPublisher.Event event;
      synchronized (this) {
        event = queue.poll();
      }
      if (event == null) {
        return completed;
      }
      JsonNode detail = parse(event.detailJson());
      String registry = detail.path("registry").asText();
      switch (event.detailType()) {
        case PipelineEvents.SYNC_REQUESTED -> {
          DiffService.Outcome outcome =
              diff.onSyncRequested(
                  registry,
                  detail.path("reason").asText("demo"),
                  detail.path("full").asBoolean(false),
                  "demo");
          progress.accept(
              "  SyncRequested "
                  + registry
                  + " → diff: "
                  + outcome.status()
                  + (outcome.ops() > 0 ? ", " + outcome.ops() + " op(s) planned" : ""));
        }
        case PipelineEvents.PLAN_READY -> {
          ApplyService.Outcome outcome =
              apply.onPlanReady(registry, UUID.fromString(detail.path("plan_id").asText()), "demo");
          progress.accept(
              "  PlanReady     "
                  + registry
                  + " → apply: "
                  + outcome.status()
                  + outcome
                      .outcome()
                      .map(
                          o ->
                              ", "
                                  + o.applied()
                                  + " applied, "
                                  + o.stale()
                                  + " stale, "
                                  + o.failed()
                                  + " failed")
                      .orElse(""));
        }
        case PipelineEvents.SYNC_COMPLETED -> completed.add(detail);
        default -> progress.accept("  (ignored " + event.detailType() + ")");
      }
    }
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
