package com.chittysync.cli;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditModule;
import com.chittysync.audit.log.AuditSettings;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.RunLog;
import dagger.BindsInstance;
import dagger.Component;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * A command's wiring over the CLI's configuration. Nothing is built before it is asked for: a
 * command that needs no database never opens one.
 */
@Singleton
@Component(modules = {CliDatabaseModule.class, CliEngineModule.class, AuditModule.class})
interface CliComponent {
  Environment environment();

  Database database();

  AuditLog auditLog();

  AuditSettings auditSettings();

  ReviewQueue reviewQueue();

  RunLog runLog();

  SyncService syncService();

  /** What to close when the command ends. */
  OpenedDatabase openedDatabase();

  /** Builds the component over the CLI's configuration (see {@link CliEnvironment}). */
  static CliComponent create() {
    return DaggerCliComponent.factory()
        .create(CliEnvironment.load(), CliEnvironment.resolver(), CliEnvironment.clock());
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    /**
     * @param engineClock what the sync engine takes for now
     */
    CliComponent create(
        @BindsInstance Environment env,
        @BindsInstance SecretResolver secrets,
        @BindsInstance Clock engineClock);
  }
}
