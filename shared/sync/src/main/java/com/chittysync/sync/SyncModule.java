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
public final class SyncModule {
  private SyncModule() {}

  @Provides
  @Singleton
  static SyncService syncService(
      Environment env, Database database, AuditLog audit, Clock clock, SecretResolver secrets) {
    return new SyncService(env, database, audit, clock, secrets);
  }
}
