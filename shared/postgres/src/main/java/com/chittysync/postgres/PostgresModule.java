package com.chittysync.postgres;

import com.chittysync.connect.EndpointType;
import com.chittysync.core.config.SecretResolver;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;

/** Contributes the {@code postgres} endpoint type to a component that syncs registries. */
@Module
public final class PostgresModule {
  private PostgresModule() {}

  @Provides
  @IntoSet
  static EndpointType postgres(SecretResolver secrets) {
    return new PostgresEndpointType(secrets);
  }
}
