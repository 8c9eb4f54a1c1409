package com.chittysync.pipeline.events;

import com.chittysync.aws.EventPublisher;
import java.util.List;

/**
 * Where the pipeline's services put their events: the EventBridge bus when deployed, an in-process
 * queue when the pipeline runs locally (the demo).
 */
@FunctionalInterface
public interface EventSink {
  /**
   * Puts {@code events}, all or fail.
   *
   * @throws com.chittysync.core.ChittySyncException when any event could not be put
   */
  void publish(List<? extends PipelineEvent> events);

  /** The sink that puts events on the bus through {@code publisher}. */
  static EventSink to(EventPublisher publisher) {
    return events -> publisher.publish(events.stream().map(PipelineEvent::toEvent).toList());
  }
}
