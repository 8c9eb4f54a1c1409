package com.chittysync.sync;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.store.Database;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import javax.inject.Singleton;

/** Provides the {@link SyncService} to a function's component. */
@Module
public abstract class SyncModule {
  private SyncModule() {}

  /** Endpoint types beyond PostgreSQL that the component contributes (may be none). */
  @dagger.multibindings.Multibinds
  abstract java.util.Set<com.chittysync.sync.endpoint.EndpointType> endpointTypes();

  @Provides
  @Singleton
  static SyncService syncService(
      Environment env,
      Database database,
      AuditLog audit,
      Clock clock,
      SecretResolver secrets,
      java.util.Set<com.chittysync.sync.endpoint.EndpointType> endpointTypes) {
    return new SyncService(env, database, audit, clock, secrets, endpointTypes);
  }
}
