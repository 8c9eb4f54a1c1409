package com.chittysync.bench.coldstart;

import java.time.Duration;
import java.util.Optional;

/**
 * One measured cold start: from the JVM's process start to its runtime's first {@code /next} (init
 * done) and to its response, and what the function answered.
 *
 * @param init process start to init done; empty when init never finished
 * @param response process start to the response or error; empty when none came
 * @param succeeded whether the function answered with a response, not an error
 * @param answer a short account of the answer: the HTTP status, the status field, or the error
 * @param planId the {@code plan_id} a diff answered with, for the apply that follows
 */
record ColdStart(
    Optional<Duration> init,
    Optional<Duration> response,
    boolean succeeded,
    String answer,
    Optional<String> planId) {

  /** A start that produced no answer at all. */
  static ColdStart failed(Optional<Duration> init, String why) {
    return new ColdStart(init, Optional.empty(), false, why, Optional.empty());
  }
}
