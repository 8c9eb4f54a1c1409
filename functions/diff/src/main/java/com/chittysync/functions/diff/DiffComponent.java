package com.chittysync.functions.diff;

import com.chittysync.core.config.RawEnvironment;
import com.chittysync.pipeline.DiffService;
import com.chittysync.pipeline.PipelineFunctionModule;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/** The diff function's wiring: configuration, the state database, the engine and the bus. */
@Singleton
@Component(modules = PipelineFunctionModule.class)
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
