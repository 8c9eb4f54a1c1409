package com.chittysync.pipeline;

import com.chittysync.audit.log.AuditModule;
import com.chittysync.aws.AwsModule;
import com.chittysync.core.TimeModule;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.notion.NotionModule;
import com.chittysync.postgres.PostgresModule;
import com.chittysync.sheets.SheetsModule;
import com.chittysync.store.StoreModule;
import com.chittysync.sync.SyncModule;
import dagger.Module;

/**
 * Everything a pipeline function that syncs (diff, apply) is wired from: configuration, the state
 * database, the audit log, the engine with every endpoint type a config may name, and the bus.
 */
@Module(
    includes = {
      ConfigModule.class,
      AwsModule.class,
      StoreModule.class,
      TimeModule.class,
      AuditModule.class,
      SyncModule.class,
      PipelineModule.class,
      PostgresModule.class,
      NotionModule.class,
      SheetsModule.class
    })
public abstract class PipelineFunctionModule {
  private PipelineFunctionModule() {}
}
