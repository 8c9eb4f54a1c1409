package com.chittysync.cli;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;

/**
 * Provides the state {@link Database} of a command, opened on first use: unlike a function's
 * (StoreModule), the CLI's must be closed when the command ends, so it goes through {@link
 * OpenedDatabase}.
 */
@Module
final class CliDatabaseModule {
  private CliDatabaseModule() {}

  @Provides
  @Singleton
  static DatabaseSettings databaseSettings(Environment env) {
    return DatabaseSettings.from(env);
  }

  @Provides
  @Singleton
  static Database database(DatabaseSettings settings, OpenedDatabase opened) {
    return opened.open(settings);
  }
}
