package com.chittysync.sync.endpoint;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;

/**
 * What endpoints may use from their surroundings.
 *
 * @param env settings and secret references (tokens, other databases' URLs)
 * @param stateDatabase the state database; a {@code postgres} endpoint without its own {@code url}
 *     lives there
 */
public record EndpointContext(Environment env, Database stateDatabase) {}
