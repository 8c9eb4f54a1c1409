package com.chittysync.functions.schedule;

import com.chittysync.core.config.RawEnvironment;
import com.chittysync.pipeline.PipelineFunctionModule;
import com.chittysync.pipeline.Scheduler;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/** The schedule function's wiring: configuration, the state database, the engine and the bus. */
@Singleton
@Component(modules = PipelineFunctionModule.class)
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
