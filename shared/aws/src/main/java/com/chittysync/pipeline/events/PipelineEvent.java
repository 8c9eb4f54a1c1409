package com.chittysync.pipeline.events;

import com.chittysync.aws.EventPublisher;
import java.util.Map;

/**
 * One of the pipeline's events: sync a registry, a plan is ready, a plan was applied. Each is put
 * on the bus with source {@value #SOURCE} and its detail type, which the deployed rules match.
 */
public sealed interface PipelineEvent permits SyncRequested, PlanReady, SyncCompleted {
  /** The events' source on the bus. */
  String SOURCE = EventPublisher.SOURCE;

  /** The event's {@code detail-type}, for example {@code SyncRequested}. */
  String detailType();

  /** The registry it concerns. */
  String registry();

  /** The event's detail, a JSON object, as it travels on the bus. */
  String detailJson();

  /** The event as the publisher puts it. */
  default EventPublisher.Event toEvent() {
    return new EventPublisher.Event(detailType(), registry(), detailJson());
  }

  /**
   * Reads an event of the pipeline from its detail type and detail JSON.
   *
   * @throws MalformedEventException naming the field at fault ({@code detail-type} when it is not
   *     one of the pipeline's)
   */
  static PipelineEvent parse(String detailType, String detailJson) {
    return switch (detailType == null ? "" : detailType) {
      case SyncRequested.DETAIL_TYPE -> SyncRequested.parse(detailJson);
      case PlanReady.DETAIL_TYPE -> PlanReady.parse(detailJson);
      case SyncCompleted.DETAIL_TYPE -> SyncCompleted.parse(detailJson);
      default ->
          throw new MalformedEventException(
              String.valueOf(detailType),
              "detail-type",
              "'" + detailType + "' is not one of the pipeline's events");
    };
  }

  /** {@link #parse(String, String)}, of the detail Lambda's {@code ScheduledEvent} hands over. */
  static PipelineEvent parse(String detailType, Map<String, ?> detail) {
    return switch (detailType == null ? "" : detailType) {
      case SyncRequested.DETAIL_TYPE -> SyncRequested.parse(detail);
      case PlanReady.DETAIL_TYPE -> PlanReady.parse(detail);
      case SyncCompleted.DETAIL_TYPE -> SyncCompleted.parse(detail);
      default ->
          throw new MalformedEventException(
              String.valueOf(detailType),
              "detail-type",
              "'" + detailType + "' is not one of the pipeline's events");
    };
  }
}
