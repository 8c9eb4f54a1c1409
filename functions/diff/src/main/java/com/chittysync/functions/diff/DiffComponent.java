package com.chittysync.functions.diff;

import com.chittysync.audit.log.AuditModule;
import com.chittysync.aws.AwsModule;
import com.chittysync.core.TimeModule;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.pipeline.DiffService;
import com.chittysync.pipeline.PipelineModule;
import com.chittysync.store.StoreModule;
import com.chittysync.sync.SyncModule;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/** The diff function's wiring: configuration, the state database, the engine and the bus. */
@Singleton
@Component(
    modules = {
      ConfigModule.class,
      AwsModule.class,
      StoreModule.class,
      TimeModule.class,
      AuditModule.class,
      SyncModule.class,
      PipelineModule.class,
      com.chittysync.notion.NotionModule.class,
      com.chittysync.sheets.SheetsModule.class
    })
public interface DiffComponent {
  /** The service the handler calls. */
  DiffService diffService();

  /** Builds the component over environment {@code env}. */
  static DiffComponent create(Map<String, String> env) {
    return DaggerDiffComponent.factory().create(env);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    DiffComponent create(@BindsInstance @RawEnvironment Map<String, String> env);
  }
}
