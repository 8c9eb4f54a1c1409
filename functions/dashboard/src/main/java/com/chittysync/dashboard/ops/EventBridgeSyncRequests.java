package com.chittysync.dashboard.ops;

import com.chittysync.aws.EventPublisher;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.sync.state.PendingSyncs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "Sync now": puts the pipeline's {@code SyncRequested} on its bus, as the schedule does, with
 * reason {@value #TRIGGER} (the diff run's trigger) and the actor in the detail. The diff function
 * picks it up like any other request. A registry whose sync is already waiting gets no second
 * event: the request joins the waiting one ({@link PendingSyncs}).
 */
public final class EventBridgeSyncRequests implements SyncRequests {
  /** The reason, and so the run's trigger, of a sync the dashboard asked for. */
  public static final String TRIGGER = "dashboard";

  private final EventPublisher bus;
  private final PendingSyncs pending;

  /**
   * Requests through {@code bus}, the pipeline's bus ({@value EventPublisher#BUS_SETTING}), each
   * one published.
   */
  public EventBridgeSyncRequests(EventPublisher bus) {
    this(bus, PendingSyncs.NONE);
  }

  /**
   * Requests through {@code bus}, the pipeline's bus ({@value EventPublisher#BUS_SETTING}), those
   * {@code pending} does not merge into a sync already waiting.
   */
  public EventBridgeSyncRequests(EventPublisher bus, PendingSyncs pending) {
    this.bus = bus;
    this.pending = pending;
  }

  /**
   * {@inheritDoc}
   *
   * @throws com.chittysync.core.ChittySyncException {@code internal} when EventBridge refused the
   *     event or could not be reached
   */
  @Override
  public String request(String registry, String actor) {
    SyncRequested request = SyncRequested.byPerson(registry, TRIGGER, actor);
    List<String> ids = new ArrayList<>();
    pending.request(
        List.of(request),
        r ->
            new PendingSyncs.Request(
                r.registry(), r.reason(), r.full(), r.actor(), Optional.empty(), List.of()),
        published ->
            ids.addAll(bus.publish(published.stream().map(SyncRequested::toEvent).toList())));
    return ids.isEmpty() ? null : ids.get(0);
  }
}
