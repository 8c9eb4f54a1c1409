package com.chittysync.emulators.lambda;

import com.chittysync.emulators.lambda.InvocationResult.Outcome;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** One queued or running invocation: its event, its identifiers, and the answer to come. */
final class PendingInvocation {
  private final String requestId = UUID.randomUUID().toString();
  private final String traceId = newTraceId();
  private final byte[] event;
  private final long deadlineEpochMillis;
  private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
  private final AtomicBoolean answered = new AtomicBoolean();
  private volatile long deliveredNanos = -1;

  PendingInvocation(String eventJson, long deadlineEpochMillis) {
    this.event = eventJson.getBytes(StandardCharsets.UTF_8);
    this.deadlineEpochMillis = deadlineEpochMillis;
  }

  String requestId() {
    return requestId;
  }

  String traceId() {
    return traceId;
  }

  byte[] event() {
    return event;
  }

  long deadlineEpochMillis() {
    return deadlineEpochMillis;
  }

  CompletableFuture<InvocationResult> result() {
    return result;
  }

  /** Marks it handed to the runtime now. */
  void delivered() {
    deliveredNanos = System.nanoTime();
  }

  /**
   * Records the runtime's answer, once.
   *
   * @return {@code false} when it was already answered (a second answer is refused)
   */
  boolean answer(Outcome outcome, String body, Optional<String> errorType, long initDoneNanos) {
    if (!answered.compareAndSet(false, true)) {
      return false;
    }
    result.complete(
        new InvocationResult(
            requestId, outcome, body, errorType, initDoneNanos, deliveredNanos, System.nanoTime()));
    return true;
  }

  /** An X-Ray trace header as Lambda passes it: {@code Root=1-<epoch hex>-<96 bits>;...}. */
  private static String newTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format(
        "Root=1-%08x-%024x;Parent=%016x;Sampled=0",
        System.currentTimeMillis() / 1000, new BigInteger(96, random), random.nextLong());
  }
}
