package com.chittysync.core.health;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import java.util.Set;

/**
 * Provides the {@link HealthService} over every {@link HealthCheck} contributed with
 * {@code @IntoSet}.
 */
@Module
public abstract class HealthModule {
  private HealthModule() {}

  @Multibinds
  abstract Set<HealthCheck> healthChecks();

  @Provides
  static HealthService healthService(Set<HealthCheck> checks) {
    return new HealthService(checks, HealthService.DEFAULT_DEADLINE);
  }
}
