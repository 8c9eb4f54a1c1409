package com.chittysync.cli;

import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The state database a command's component opened, if it opened one: closing the command closes it,
 * and a command that never asked for the database neither opens nor closes one.
 */
@Singleton
final class OpenedDatabase implements AutoCloseable {
  private Database database;

  @Inject
  OpenedDatabase() {}

  /** Opens the database over {@code settings} and remembers it for {@link #close}. */
  Database open(DatabaseSettings settings) {
    database = Database.open(settings);
    return database;
  }

  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }
}
