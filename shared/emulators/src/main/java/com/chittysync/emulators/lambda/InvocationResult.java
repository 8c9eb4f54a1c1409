package com.chittysync.emulators.lambda;

import java.time.Duration;
import java.util.Optional;

/**
 * What the runtime answered to one invocation, and when.
 *
 * <p>Times are {@link System#nanoTime()} readings of the JVM the emulator runs in, so a caller
 * compares them with its own reading taken just before it started the runtime's process.
 *
 * @param requestId the invocation's {@code Lambda-Runtime-Aws-Request-Id}
 * @param outcome how the invocation ended
 * @param body the response payload ({@link Outcome#RESPONSE}), or the error document the runtime
 *     posted (the others), as sent
 * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header of an error, when sent
 * @param initDoneNanos when the runtime first asked for an invocation ({@code GET .../next}): its
 *     init was done; {@code -1} when it never asked
 * @param deliveredNanos when this invocation was handed to the runtime; {@code -1} when never
 * @param completedNanos when the response or error arrived
 */
public record InvocationResult(
    String requestId,
    Outcome outcome,
    String body,
    Optional<String> errorType,
    long initDoneNanos,
    long deliveredNanos,
    long completedNanos) {

  /** How an invocation ended. */
  public enum Outcome {
    /** The runtime posted a response ({@code POST .../invocation/{id}/response}). */
    RESPONSE,
    /** The runtime posted an invocation error ({@code POST .../invocation/{id}/error}). */
    ERROR,
    /** The runtime posted an init error ({@code POST .../init/error}) before answering. */
    INIT_ERROR
  }

  /** Whether the runtime answered with a response rather than an error. */
  public boolean succeeded() {
    return outcome == Outcome.RESPONSE;
  }

  /** From {@code startNanos} (say, when the runtime's process was started) to its first /next. */
  public Duration initDoneAfter(long startNanos) {
    if (initDoneNanos < 0) {
      throw new IllegalStateException("the runtime never asked for an invocation");
    }
    return Duration.ofNanos(initDoneNanos - startNanos);
  }

  /** From {@code startNanos} to the response or error. */
  public Duration completedAfter(long startNanos) {
    return Duration.ofNanos(completedNanos - startNanos);
  }
}
