package com.chittysync.functions.dashboard;

import com.chittysync.audit.log.AuditModule;
import com.chittysync.aws.AwsModule;
import com.chittysync.core.TimeModule;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.dashboard.Dashboard;
import com.chittysync.dashboard.DashboardModule;
import com.chittysync.dashboard.ops.DashboardOpsModule;
import com.chittysync.dashboard.ops.LocalOverrides;
import com.chittysync.notion.NotionModule;
import com.chittysync.postgres.PostgresModule;
import com.chittysync.sheets.SheetsModule;
import com.chittysync.store.StoreModule;
import com.chittysync.sync.SyncModule;
import com.chittysync.sync.state.jdbc.JdbcStateModule;
import com.chittysync.web.auth.WebAuthModule;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/**
 * The dashboard function's wiring: configuration, the state database, the audit log, the
 * authentication seam, the pipeline's bus and queues, and the pages.
 */
@Singleton
@Component(
    modules = {
      ConfigModule.class,
      AwsModule.class,
      StoreModule.class,
      TimeModule.class,
      AuditModule.class,
      JdbcStateModule.class,
      WebAuthModule.class,
      PostgresModule.class,
      NotionModule.class,
      SheetsModule.class,
      SyncModule.class,
      DashboardModule.class,
      DashboardOpsModule.class
    })
public interface DashboardComponent {
  /** The dashboard. */
  Dashboard dashboard();

  /** Builds the component over environment {@code env}. */
  static DashboardComponent create(Map<String, String> env) {
    return create(env, LocalOverrides.none());
  }

  /** Builds the component over {@code env}, with {@code local} in place of cloud services. */
  static DashboardComponent create(Map<String, String> env, LocalOverrides local) {
    return DaggerDashboardComponent.factory().create(env, local);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    DashboardComponent create(
        @BindsInstance @RawEnvironment Map<String, String> env,
        @BindsInstance LocalOverrides local);
  }
}
