package com.chittysync.functions.schedule;

import com.chittysync.aws.AwsModule;
import com.chittysync.core.TimeModule;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.schedule.ScheduleModule;
import com.chittysync.schedule.Scheduler;
import com.chittysync.store.StoreModule;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/**
 * The schedule function's wiring: configuration, the state database (the registry rows) and the
 * bus. Deliberately nothing else: endpoint types are known by name only, so no connector, no audit
 * log and no engine; the syncs it requests run elsewhere.
 */
@Singleton
@Component(
    modules = {
      ConfigModule.class,
      AwsModule.class,
      StoreModule.class,
      TimeModule.class,
      ScheduleModule.class
    })
public interface ScheduleComponent {
  /** The service the handler calls. */
  Scheduler scheduler();

  /** Builds the component over environment {@code env}. */
  static ScheduleComponent create(Map<String, String> env) {
    return DaggerScheduleComponent.factory().create(env);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    ScheduleComponent create(@BindsInstance @RawEnvironment Map<String, String> env);
  }
}
