package com.chittysync.sync.endpoint;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.sync.config.SyncConfig;
import java.util.Optional;

/**
 * What endpoints may use from their surroundings.
 *
 * @param env settings and secret references (tokens, other databases' URLs)
 * @param stateDatabase the state database; a {@code postgres} endpoint without its own {@code url}
 *     lives there
 * @param config the whole config the registry comes from, when known: an endpoint whose values
 *     refer to another registry's records (a Notion relation) finds that registry here
 */
public record EndpointContext(
    Environment env, Database stateDatabase, Optional<SyncConfig> config) {

  /** A context without the surrounding config. */
  public EndpointContext(Environment env, Database stateDatabase) {
    this(env, stateDatabase, Optional.empty());
  }
}
