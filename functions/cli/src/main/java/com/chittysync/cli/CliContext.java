package com.chittysync.cli;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditSettings;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.RunLog;

/**
 * What the CLI's commands share, built lazily by their {@link CliComponent}: a command that needs
 * no database never opens one.
 */
final class CliContext implements AutoCloseable {
  private final CliComponent component;

  CliContext(CliComponent component) {
    this.component = component;
  }

  /** A context over the process environment. */
  static CliContext load() {
    return new CliContext(CliComponent.create());
  }

  Environment env() {
    return component.environment();
  }

  Database database() {
    return component.database();
  }

  ReviewQueue reviewQueue() {
    return component.reviewQueue();
  }

  RunLog runLog() {
    return component.runLog();
  }

  AuditLog auditLog() {
    return component.auditLog();
  }

  SyncService syncService() {
    return component.syncService();
  }

  AuditSettings auditSettings() {
    return component.auditSettings();
  }

  @Override
  public void close() {
    component.openedDatabase().close();
  }
}
