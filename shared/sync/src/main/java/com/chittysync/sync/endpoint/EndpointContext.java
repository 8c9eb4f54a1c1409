package com.chittysync.sync.endpoint;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.sync.config.SyncConfig;
import com.chittysync.sync.state.SnapshotLookup;
import com.chittysync.sync.state.jdbc.JdbcSnapshotLookup;
import java.util.Optional;

/**
 * What endpoints may use from their surroundings.
 *
 * @param env settings and secret references (tokens, other databases' URLs)
 * @param stateDatabase the state database; a {@code postgres} endpoint without its own {@code url}
 *     lives there
 * @param config the whole config the registry comes from, when known: an endpoint whose values
 *     refer to another registry's records (a Notion relation) finds that registry here
 * @param snapshots what the last syncs recorded of each endpoint's records, when there is a state:
 *     a connector translating keys to its own ids (Notion page ids) looks there before asking
 */
public record EndpointContext(
    Environment env,
    Database stateDatabase,
    Optional<SyncConfig> config,
    Optional<SnapshotLookup> snapshots) {

  /** A context whose snapshots are the state database's, if there is one. */
  public EndpointContext(Environment env, Database stateDatabase, Optional<SyncConfig> config) {
    this(
        env,
        stateDatabase,
        config,
        Optional.ofNullable(stateDatabase).map(JdbcSnapshotLookup::new));
  }

  /** A context without the surrounding config. */
  public EndpointContext(Environment env, Database stateDatabase) {
    this(env, stateDatabase, Optional.empty());
  }
}
