package com.chittysync.emulators.lambda;

import com.chittysync.emulators.lambda.InvocationResult.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one emulated execution environment: invocations waiting for the runtime, those it is
 * running, when its init finished, and whether it failed.
 */
final class RuntimeState {
  /** What the runtime posted to {@code /init/error}. */
  record InitError(Optional<String> errorType, String body) {}

  /** What became of an answer the runtime posted. */
  enum Answer {
    ACCEPTED,
    UNKNOWN_REQUEST,
    ALREADY_ANSWERED
  }

  private final BlockingQueue<PendingInvocation> queue = new LinkedBlockingQueue<>();
  private final Map<String, PendingInvocation> byId = new ConcurrentHashMap<>();
  private final AtomicLong initDoneNanos = new AtomicLong(-1);
  private volatile InitError initError;
  private volatile boolean closed;

  /** Queues an event whose deadline is {@code timeout} after it is queued. */
  PendingInvocation enqueue(String eventJson, Duration timeout) {
    if (closed) {
      throw new IllegalStateException("the Runtime API emulator is closed");
    }
    PendingInvocation invocation =
        new PendingInvocation(eventJson, System.currentTimeMillis() + timeout.toMillis());
    byId.put(invocation.requestId(), invocation);
    InitError failed = initError;
    if (failed != null) {
      // The environment is dead: Lambda would not hand it another event.
      invocation.answer(Outcome.INIT_ERROR, failed.body(), failed.errorType(), -1);
    } else {
      queue.add(invocation);
    }
    return invocation;
  }

  /**
   * The next invocation for the runtime, waiting for one to be queued; the first call marks init
   * done. Empty when the emulator closes while waiting.
   */
  Optional<PendingInvocation> next() throws InterruptedException {
    initDoneNanos.compareAndSet(-1, System.nanoTime());
    while (!closed) {
      PendingInvocation invocation = queue.poll(100, TimeUnit.MILLISECONDS);
      if (invocation != null) {
        invocation.delivered();
        return Optional.of(invocation);
      }
    }
    return Optional.empty();
  }

  /** Records the runtime's response or error for {@code requestId}. */
  Answer answer(String requestId, Outcome outcome, String body, Optional<String> errorType) {
    PendingInvocation invocation = byId.get(requestId);
    if (invocation == null) {
      return Answer.UNKNOWN_REQUEST;
    }
    return invocation.answer(outcome, body, errorType, initDoneNanos.get())
        ? Answer.ACCEPTED
        : Answer.ALREADY_ANSWERED;
  }

  /** The runtime failed its init: every invocation not yet answered ends with that error. */
  void initFailed(Optional<String> errorType, String body) {
    initError = new InitError(errorType, body);
    List<PendingInvocation> open = new ArrayList<>(byId.values());
    queue.clear();
    for (PendingInvocation invocation : open) {
      invocation.answer(Outcome.INIT_ERROR, body, errorType, initDoneNanos.get());
    }
  }

  /** When the runtime first asked for an invocation; {@code -1} when it has not yet. */
  long initDoneNanos() {
    return initDoneNanos.get();
  }

  Optional<InitError> initError() {
    return Optional.ofNullable(initError);
  }

  /** Stops handing out invocations; those not answered fail. */
  void close() {
    closed = true;
    for (PendingInvocation invocation : byId.values()) {
      invocation.result().completeExceptionally(new IllegalStateException("emulator closed"));
    }
  }
}
