package com.chittysync.dashboard.ops;

import com.chittysync.aws.EventPublisher;
import com.chittysync.pipeline.events.SyncRequested;
import java.util.List;

/**
 * "Sync now": puts the pipeline's {@code SyncRequested} on its bus, as the schedule does, with
 * reason {@value #TRIGGER} (the diff run's trigger) and the actor in the detail. The diff function
 * picks it up like any other request.
 */
public final class EventBridgeSyncRequests implements SyncRequests {
  /** The reason, and so the run's trigger, of a sync the dashboard asked for. */
  public static final String TRIGGER = "dashboard";

  private final EventPublisher bus;

  /** Requests through {@code bus}, the pipeline's bus ({@value EventPublisher#BUS_SETTING}). */
  public EventBridgeSyncRequests(EventPublisher bus) {
    this.bus = bus;
  }

  /**
   * {@inheritDoc}
   *
   * @throws com.chittysync.core.ChittySyncException {@code internal} when EventBridge refused the
   *     event or could not be reached
   */
  @Override
  public String request(String registry, String actor) {
    List<String> ids =
        bus.publish(List.of(SyncRequested.byPerson(registry, TRIGGER, actor).toEvent()));
    return ids.get(0);
  }
}
