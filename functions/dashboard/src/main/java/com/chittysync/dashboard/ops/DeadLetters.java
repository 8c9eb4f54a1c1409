package com.chittysync.dashboard.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's dead-letter queues, as the dashboard shows and redrives them. Reading never takes
 * a message out of a queue for longer than the read itself.
 */
public interface DeadLetters {
  /**
   * One event waiting in a dead-letter queue.
   *
   * @param queue the queue's name
   * @param messageId the queue's id for it
   * @param type the event's type (SyncRequested, PlanReady, ...)
   * @param body the event as it was sent (bounded)
   * @param receiveCount how many times it was received before it was dead-lettered
   */
  record Letter(
      String queue,
      String messageId,
      String registry,
      String type,
      String body,
      int receiveCount,
      Instant sentAt) {}

  /** What a redrive did: moved back to their source queue, and those it could not move. */
  record Redrive(int moved, int failed) {}

  /** Events waiting, by registry (a bounded look: at most a few hundred per queue). */
  Map<String, Integer> countsByRegistry();

  /** The events of {@code registry} waiting, at most {@code limit}. */
  List<Letter> list(String registry, int limit);

  /** Sends {@code registry}'s waiting events back to the queues they came from. */
  Redrive redrive(String registry);

  /** Whether dead-letter queues are configured here at all. */
  boolean configured();

  /** No queues: nothing waits, nothing to redrive (local runs without a pipeline). */
  DeadLetters NONE =
      new DeadLetters() {
        @Override
        public Map<String, Integer> countsByRegistry() {
          return Map.of();
        }

        @Override
        public List<Letter> list(String registry, int limit) {
          return List.of();
        }

        @Override
        public Redrive redrive(String registry) {
          return new Redrive(0, 0);
        }

        @Override
        public boolean configured() {
          return false;
        }
      };
}
