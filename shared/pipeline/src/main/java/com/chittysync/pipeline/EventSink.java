package com.chittysync.pipeline;

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
  void publish(List<EventPublisher.Event> events);
}
