package com.chittysync.functions.health;

import com.chittysync.core.health.HealthCheck;
import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;

/** The checks only the health function makes: the pipeline's dead-letter queues. */
@Module
abstract class HealthFunctionModule {
  private HealthFunctionModule() {}

  @Binds
  @IntoSet
  abstract HealthCheck deadLetterQueues(DeadLetterQueuesCheck check);
}
