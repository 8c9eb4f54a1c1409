package com.chittysync.cli;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditSettings;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.sheets.SheetsEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import com.chittysync.sync.state.jdbc.JdbcRunLog;
import java.time.Clock;
import java.util.Set;

/**
 * What the CLI's commands share, built lazily from the environment: a command that needs no
 * database never opens one.
 */
final class CliContext implements AutoCloseable {
  private final Environment env;
  private Database database;

  CliContext(Environment env) {
    this.env = env;
  }

  /** A context over the process environment. */
  static CliContext load() {
    return new CliContext(CliEnvironment.load());
  }

  Environment env() {
    return env;
  }

  Database database() {
    if (database == null) {
      database = Database.open(DatabaseSettings.from(env));
    }
    return database;
  }

  ReviewQueue reviewQueue() {
    return new JdbcReviewQueue(database());
  }

  RunLog runLog() {
    return new JdbcRunLog(database());
  }

  AuditLog auditLog() {
    return new AuditLog(database(), Clock.systemUTC());
  }

  SyncService syncService() {
    SecretResolver secrets = CliEnvironment.resolver();
    return new SyncService(
        env,
        database(),
        auditLog(),
        CliEnvironment.clock(),
        Set.of(
            new PostgresEndpointType(secrets),
            new NotionEndpointType(secrets),
            new SheetsEndpointType(secrets)));
  }

  AuditSettings auditSettings() {
    return AuditSettings.from(env);
  }

  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }
}
