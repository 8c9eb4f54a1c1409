package com.chittysync.schedule;

import com.chittysync.core.config.Environment;
import com.chittysync.pipeline.events.EventBusModule;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.RegistryRows;
import com.chittysync.sync.state.jdbc.JdbcStateModule;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;

/**
 * Provides the {@link Scheduler} to the schedule function's component: the config with endpoint
 * types known by name only ({@link NameOnlyConfig}), the registry rows and the bus. No engine, no
 * connector.
 */
@Module(includes = {EventBusModule.class, JdbcStateModule.class})
public final class ScheduleModule {
  private ScheduleModule() {}

  @Provides
  static Scheduler scheduler(
      Environment env,
      RegistryRows registries,
      EventSink events,
      PendingSyncs pending,
      Clock clock) {
    return new Scheduler(new NameOnlyConfig(env), registries, events, pending, clock);
  }
}
