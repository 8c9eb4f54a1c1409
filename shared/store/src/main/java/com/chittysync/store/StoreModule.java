package com.chittysync.store;

import com.chittysync.core.config.Environment;
import com.chittysync.core.health.HealthCheck;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import javax.inject.Singleton;

/** Provides the state {@link Database} and contributes its health checks. */
@Module
public abstract class StoreModule {
  private StoreModule() {}

  @Provides
  @Singleton
  static DatabaseSettings databaseSettings(Environment env) {
    return DatabaseSettings.from(env);
  }

  @Provides
  @Singleton
  static Database database(DatabaseSettings settings) {
    return Database.open(settings);
  }

  @Binds
  @IntoSet
  abstract HealthCheck databaseCheck(DatabaseHealthCheck check);

  @Binds
  @IntoSet
  abstract HealthCheck migrationsCheck(MigrationsHealthCheck check);
}
