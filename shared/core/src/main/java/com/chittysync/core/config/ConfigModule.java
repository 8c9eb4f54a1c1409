package com.chittysync.core.config;

import dagger.Module;
import dagger.Provides;
import java.util.Map;
import javax.inject.Singleton;

/** Provides the {@link Environment}; the component supplies the raw map and a secret resolver. */
@Module
public final class ConfigModule {
  private ConfigModule() {}

  @Provides
  @Singleton
  static Environment environment(@RawEnvironment Map<String, String> raw, SecretResolver resolver) {
    return new Environment(raw, resolver);
  }
}
