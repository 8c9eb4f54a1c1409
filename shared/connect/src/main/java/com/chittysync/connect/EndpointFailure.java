package com.chittysync.connect;

import java.time.Duration;
import java.util.Optional;

/**
 * The failure contract of {@link Endpoint#fetch} and {@link Endpoint#apply}, as types the engine
 * and the pipeline branch on (in the manner of Kafka Connect's {@code RetriableException}).
 *
 * <ul>
 *   <li>{@link Unavailable}: the service could not be reached, was overloaded or rate-limited the
 *       endpoint past its own retries. Nothing is wrong with the registry: the run fails, the
 *       journal keeps what was applied, and the same sync retried later completes it.
 *   <li>{@link CredentialsRefused}: the service refused the endpoint's credentials (a revoked
 *       token, a service account without access). Retrying cannot help until an operator fixes the
 *       credentials; the error says which setting to look at.
 *   <li>Anything else thrown is a defect or a config problem and fails the run. A problem with one
 *       op (a value the service refuses, a missing parent) is never thrown: {@link Endpoint#apply}
 *       reports it as that op's {@link OpResult} and the other ops go on; a record {@link
 *       Endpoint#fetch} cannot read is a {@link RecordProblem}, quarantined.
 * </ul>
 *
 * <p>A connector whose client has its own exception type (with the service's status code, say)
 * makes the right subclasses of it implement these interfaces; one without uses {@link
 * EndpointUnavailableException} and {@link CredentialsRefusedException}.
 */
public sealed interface EndpointFailure
    permits EndpointFailure.Unavailable, EndpointFailure.CredentialsRefused {

  /** Retry later: the service is unreachable, overloaded or rate-limiting. */
  non-sealed interface Unavailable extends EndpointFailure {
    /** How long the service asked to be left alone, when it said. */
    default Optional<Duration> retryAfter() {
      return Optional.empty();
    }
  }

  /** The credentials were refused: an operator must fix them before a retry can succeed. */
  non-sealed interface CredentialsRefused extends EndpointFailure {}
}
