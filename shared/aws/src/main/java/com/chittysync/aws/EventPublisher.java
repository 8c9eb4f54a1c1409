package com.chittysync.aws;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts ChittySync's events ({@code SyncRequested}, {@code PlanReady}, {@code SyncCompleted}) on the
 * event bus named by {@value #BUS_SETTING}, with source {@value #SOURCE}.
 *
 * <p>PutEvents takes at most 10 entries a call and may accept some while refusing others, with a
 * 200. Every refusal is therefore checked, and any makes {@link #publish} fail loudly, so the
 * caller fails and is retried. Entries of the same call that were accepted are not withdrawn: a
 * retry may publish an event twice. Consumers are idempotent; a lost event is not recoverable.
 */
public final class EventPublisher implements AutoCloseable {
  /** The setting naming the event bus (name or ARN). */
  public static final String BUS_SETTING = "CHITTYSYNC_EVENT_BUS";

  /** The events' source. */
  public static final String SOURCE = "chittysync";

  /** PutEvents' limit of entries per call. */
  static final int MAX_BATCH = 10;

  /**
   * One event.
   *
   * @param detailType {@code SyncRequested}, {@code PlanReady}...
   * @param registry the registry it concerns, for messages
   * @param detailJson the detail, a JSON object
   */
  public record Event(String detailType, String registry, String detailJson) {}

  private final String bus;
  private final LazyClient<EventBridgeClient> client;

  /** A publisher to {@code bus} whose client {@code clientFactory} builds on first use. */
  public EventPublisher(String bus, Supplier<EventBridgeClient> clientFactory) {
    if (bus == null || bus.isBlank()) {
      throw new ConfigException(
          BUS_SETTING + ": required (the EventBridge bus ChittySync's functions talk through)");
    }
    this.bus = bus.strip();
    this.client = new LazyClient<>(clientFactory);
  }

  /** The bus's name or ARN. */
  public String bus() {
    return bus;
  }

  /**
   * Publishes {@code events}, ten to a call; returns the ids EventBridge gave them, in order.
   *
   * @throws ChittySyncException {@code internal} naming the refused events and EventBridge's error
   *     codes when any entry was refused or EventBridge could not be reached
   */
  public List<String> publish(List<Event> events) {
    List<String> ids = new ArrayList<>(events.size());
    for (int from = 0; from < events.size(); from += MAX_BATCH) {
      List<Event> batch = events.subList(from, Math.min(events.size(), from + MAX_BATCH));
      List<PutEventsRequestEntry> entries = new ArrayList<>(batch.size());
      for (Event event : batch) {
        entries.add(
            PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source(SOURCE)
                .detailType(event.detailType())
                .detail(event.detailJson())
                .build());
      }
      PutEventsResponse response;
      try {
        response = client.get().putEvents(b -> b.entries(entries));
      } catch (SdkException e) {
        throw new ChittySyncException(
            ErrorCode.INTERNAL,
            "cannot put "
                + batch.get(0).detailType()
                + " events on bus '"
                + bus
                + "': "
                + describe(e),
            e);
      }
      check(batch, response);
      response.entries().forEach(r -> ids.add(r.eventId()));
    }
    return ids;
  }

  private void check(List<Event> batch, PutEventsResponse response) {
    Integer failedCount = response.failedEntryCount();
    List<PutEventsResultEntry> results = response.entries();
    if ((failedCount == null || failedCount == 0) && results.size() == batch.size()) {
      return;
    }
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
      if (result == null || result.errorCode() != null || result.eventId() == null) {
        refused.add(
            batch.get(i).detailType()
                + " "
                + batch.get(i).registry()
                + (result == null || result.errorCode() == null
                    ? " (no result)"
                    : " (" + result.errorCode() + ": " + result.errorMessage() + ")"));
      }
    }
    throw new ChittySyncException(
        ErrorCode.INTERNAL,
        "EventBridge refused "
            + (failedCount == null ? refused.size() : failedCount)
            + " of "
            + batch.size()
            + " events on bus '"
            + bus
            + "': "
            + String.join(", ", refused));
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      return ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + ")";
    }
    return e.getMessage();
  }

  @Override
  public void close() {
    client.close();
  }
}
