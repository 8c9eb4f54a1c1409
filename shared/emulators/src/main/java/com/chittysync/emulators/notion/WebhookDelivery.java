package com.chittysync.emulators.notion;

import java.time.Instant;

/**
 * One delivery attempt the emulator made.
 *
 * @param type the event type, or {@code verification} for the one-time handshake
 * @param eventId the event id (null for the handshake)
 * @param status the receiver's HTTP status, or -1 when the attempt failed (timeout, refused)
 */
public record WebhookDelivery(
    String subscriptionId,
    String eventId,
    String type,
    String entityId,
    int attempt,
    int status,
    String body,
    String signature,
    Instant at) {

  /** Whether the receiver acknowledged the attempt with a 2xx. */
  public boolean acknowledged() {
    return status >= 200 && status < 300;
  }
}
