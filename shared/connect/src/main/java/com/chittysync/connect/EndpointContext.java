package com.chittysync.connect;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
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
 * @param schemas the registry's schema as the engine loads it, when there is an engine: a connector
 *     typing its values by the schema (Sheets) reads it here
 * @param budgets the request budgets of remote accounts, shared through the state database when
 *     there is one, so connectors on one account keep to its limit together
 */
public record EndpointContext(
    Environment env,
    Database stateDatabase,
    Optional<SyncConfig> config,
    Optional<SnapshotLookup> snapshots,
    Optional<SchemaLookup> schemas,
    RequestBudgets budgets) {

  /** A context whose budgets are kept in the state database, or in-process without one. */
  public EndpointContext(
      Environment env,
      Database stateDatabase,
      Optional<SyncConfig> config,
      Optional<SnapshotLookup> snapshots,
      Optional<SchemaLookup> schemas) {
    this(env, stateDatabase, config, snapshots, schemas, RequestBudgets.of(stateDatabase));
  }

  /** A context without schemas. */
  public EndpointContext(
      Environment env,
      Database stateDatabase,
      Optional<SyncConfig> config,
      Optional<SnapshotLookup> snapshots) {
    this(env, stateDatabase, config, snapshots, Optional.empty());
  }

  /**
   * A context without snapshots: the engine, which owns the state, passes its own lookup through
   * the canonical constructor.
   */
  public EndpointContext(Environment env, Database stateDatabase, Optional<SyncConfig> config) {
    this(env, stateDatabase, config, Optional.empty(), Optional.empty());
  }

  /** A context without the surrounding config. */
  public EndpointContext(Environment env, Database stateDatabase) {
    this(env, stateDatabase, Optional.empty());
  }
}
