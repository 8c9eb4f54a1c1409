package com.chittysync.intake;

import com.chittysync.aws.EventPublisher;
import com.chittysync.pipeline.events.SyncRequested;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Puts {@code SyncRequested} events on the ChittySync event bus ({@value #BUS_SETTING}), source
 * {@value #SOURCE}, detail type {@value #DETAIL_TYPE}. Any refused entry makes {@link #publish}
 * fail, so the webhook answers 5xx and Notion delivers again (see {@link EventPublisher}).
 */
public final class SyncRequestPublisher implements AutoCloseable {
  /** The setting naming the event bus (name or ARN). */
  public static final String BUS_SETTING = EventPublisher.BUS_SETTING;

  /** The events' source. */
  public static final String SOURCE = EventPublisher.SOURCE;

  /** The events' detail type. */
  public static final String DETAIL_TYPE = SyncRequested.DETAIL_TYPE;

  private final EventPublisher events;

  /** A publisher to {@code bus} whose client {@code clientFactory} builds on first use. */
  public SyncRequestPublisher(String bus, Supplier<EventBridgeClient> clientFactory) {
    this(new EventPublisher(bus, clientFactory));
  }

  /** A publisher through {@code events}. */
  public SyncRequestPublisher(EventPublisher events) {
    this.events = events;
  }

  /** The bus's name or ARN. */
  public String bus() {
    return events.bus();
  }

  /**
   * Publishes {@code requests}, ten to a call.
   *
   * @throws com.chittysync.core.ChittySyncException {@code internal} naming the refused registries
   *     and EventBridge's error codes when any entry was refused or EventBridge could not be
   *     reached
   */
  public void publish(List<SyncRequested> requests) {
    events.publish(requests.stream().map(SyncRequested::toEvent).toList());
  }

  @Override
  public void close() {
    events.close();
  }
}
