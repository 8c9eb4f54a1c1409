package com.chittysync.cli;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.RegistryRows;
import com.chittysync.sync.state.ReviewQueue;
import dagger.BindsInstance;
import dagger.Component;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * The demo's engine over the database the demo opened and migrated itself, with the environment of
 * its emulators.
 */
@Singleton
@Component(modules = CliEngineModule.class)
interface DemoComponent {
  SyncService syncService();

  AuditLog auditLog();

  ReviewQueue reviewQueue();

  RegistryRows registryRows();

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    DemoComponent create(
        @BindsInstance Environment env,
        @BindsInstance Database database,
        @BindsInstance SecretResolver secrets,
        @BindsInstance Clock clock);
  }
}
