package com.chittysync.bench;

import com.chittysync.core.TimeModule;
import com.chittysync.core.config.Environment;
import com.chittysync.notion.NotionModule;
import com.chittysync.postgres.PostgresModule;
import com.chittysync.sheets.SheetsModule;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncModule;
import com.chittysync.sync.SyncService;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/** A bench's sync engine, wired as the functions wire theirs, over its scratch database. */
@Singleton
@Component(
    modules = {
      BenchModule.class,
      TimeModule.class,
      PostgresModule.class,
      NotionModule.class,
      SheetsModule.class,
      SyncModule.class
    })
interface BenchComponent {
  SyncService syncService();

  /** Builds the component over settings {@code env} and {@code database}. */
  static BenchComponent create(Map<String, String> env, Database database) {
    return DaggerBenchComponent.factory().create(Environment.of(env), database);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    BenchComponent create(@BindsInstance Environment env, @BindsInstance Database database);
  }
}
