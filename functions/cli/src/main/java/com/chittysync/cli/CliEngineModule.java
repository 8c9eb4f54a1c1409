package com.chittysync.cli;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.notion.NotionModule;
import com.chittysync.postgres.PostgresModule;
import com.chittysync.sheets.SheetsModule;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncModule;
import com.chittysync.sync.state.jdbc.JdbcStateModule;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;

/**
 * The sync engine as the CLI's commands run it: every connector, the engine's state on the
 * component's database, and the audit log.
 */
@Module(
    includes = {
      PostgresModule.class,
      NotionModule.class,
      SheetsModule.class,
      SyncModule.class,
      JdbcStateModule.class
    })
final class CliEngineModule {
  private CliEngineModule() {}

  /**
   * The audit log stamps entries with the system clock, whatever clock the component's engine
   * reads: a test that moves the engine's time does not move the log's.
   */
  @Provides
  static AuditLog auditLog(Database database) {
    return new AuditLog(database, Clock.systemUTC());
  }
}
