package com.chittysync.functions.apply;

import com.chittysync.core.config.RawEnvironment;
import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.PipelineFunctionModule;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/** The apply function's wiring: configuration, the state database, the engine and the bus. */
@Singleton
@Component(modules = PipelineFunctionModule.class)
public interface ApplyComponent {
  /** The service the handler calls. */
  ApplyService applyService();

  /** Builds the component over environment {@code env}. */
  static ApplyComponent create(Map<String, String> env) {
    return DaggerApplyComponent.factory().create(env);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    ApplyComponent create(@BindsInstance @RawEnvironment Map<String, String> env);
  }
}
