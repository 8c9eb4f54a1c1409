package com.chittysync.functions.health;

import com.chittysync.aws.AwsModule;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.core.health.HealthModule;
import com.chittysync.core.health.HealthService;
import com.chittysync.store.StoreModule;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/**
 * Everything the health function needs: configuration, secret references, the state database and
 * its checks, and the pipeline's dead-letter queues. Deliberately nothing else: no Notion, Sheets
 * or EventBridge clients.
 */
@Singleton
@Component(
    modules = {
      ConfigModule.class,
      AwsModule.class,
      StoreModule.class,
      HealthModule.class,
      HealthFunctionModule.class
    })
public interface HealthComponent {
  /** The service that runs the checks. */
  HealthService healthService();

  /** Builds the component over environment {@code env}. */
  static HealthComponent create(Map<String, String> env) {
    return DaggerHealthComponent.factory().create(env);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    HealthComponent create(@BindsInstance @RawEnvironment Map<String, String> env);
  }
}
