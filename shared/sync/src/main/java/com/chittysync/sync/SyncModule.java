package com.chittysync.sync;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.EndpointType;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import java.time.Clock;
import java.util.Set;
import javax.inject.Singleton;

/** Provides the {@link SyncService} to a function's component. */
@Module
public abstract class SyncModule {
  private SyncModule() {}

  /**
   * The endpoint types the component contributes, each connector module with its own
   * {@code @IntoSet} binding ({@code PostgresModule}, {@code NotionModule}, {@code SheetsModule}).
   */
  @Multibinds
  abstract Set<EndpointType> endpointTypes();

  @Provides
  @Singleton
  static SyncService syncService(
      Environment env,
      Database database,
      AuditLog audit,
      Clock clock,
      Set<EndpointType> endpointTypes) {
    return new SyncService(env, database, audit, clock, endpointTypes);
  }
}
