package com.chittysync.intake;

import com.chittysync.aws.LazyClient;
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
 * Puts {@code SyncRequested} events on the ChittySync event bus ({@value #BUS_SETTING}), source
 * {@value #SOURCE}, detail type {@value #DETAIL_TYPE}.
 *
 * <p>PutEvents takes at most 10 entries a call and may accept some while refusing others, with a
 * 200. Every refusal is therefore checked, and any makes {@link #publish} fail loudly: the webhook
 * then answers 5xx and Notion delivers again. Entries of the same call that were accepted are not
 * withdrawn, so a retry may request the same sync twice; syncs are idempotent, lost requests are
 * not recoverable.
 */
public final class SyncRequestPublisher implements AutoCloseable {
  /** The setting naming the event bus (name or ARN). */
  public static final String BUS_SETTING = "CHITTYSYNC_EVENT_BUS";

  /** The events' source. */
  public static final String SOURCE = "chittysync";

  /** The events' detail type. */
  public static final String DETAIL_TYPE = "SyncRequested";

  /** PutEvents' limit of entries per call. */
  static final int MAX_BATCH = 10;

  private final String bus;
  private final LazyClient<EventBridgeClient> client;

  /** A publisher to {@code bus} whose client {@code clientFactory} builds on first use. */
  public SyncRequestPublisher(String bus, Supplier<EventBridgeClient> clientFactory) {
    if (bus == null || bus.isBlank()) {
      throw new ConfigException(BUS_SETTING + ": required (the EventBridge bus for sync requests)");
    }
    this.bus = bus.strip();
    this.client = new LazyClient<>(clientFactory);
  }

  /** The bus's name or ARN. */
  public String bus() {
    return bus;
  }

  /**
   * Publishes {@code requests}, ten to a call.
   *
   * @throws ChittySyncException {@code internal} naming the refused registries and EventBridge's
   *     error codes when any entry was refused or EventBridge could not be reached
   */
  public void publish(List<SyncRequest> requests) {
    for (int from = 0; from < requests.size(); from += MAX_BATCH) {
      List<SyncRequest> batch = requests.subList(from, Math.min(requests.size(), from + MAX_BATCH));
      List<PutEventsRequestEntry> entries = new ArrayList<>(batch.size());
      for (SyncRequest request : batch) {
        entries.add(
            PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source(SOURCE)
                .detailType(DETAIL_TYPE)
                .detail(request.detailJson())
                .build());
      }
      PutEventsResponse response;
      try {
        response = client.get().putEvents(b -> b.entries(entries));
      } catch (SdkException e) {
        throw new ChittySyncException(
            ErrorCode.INTERNAL,
            "cannot put SyncRequested events on bus '" + bus + "': " + describe(e),
            e);
      }
      check(batch, response);
    }
  }

  private void check(List<SyncRequest> batch, PutEventsResponse response) {
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
            batch.get(i).registry()
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
            + " SyncRequested events on bus '"
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
