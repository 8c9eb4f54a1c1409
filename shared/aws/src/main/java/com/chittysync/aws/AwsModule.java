package com.chittysync.aws;

import com.chittysync.core.config.RawEnvironment;
import com.chittysync.core.config.SecretResolver;
import dagger.Module;
import dagger.Provides;
import java.util.Map;
import javax.inject.Singleton;

/** Provides AWS client configuration and resolves secret references through Secrets Manager. */
@Module
public final class AwsModule {
  private AwsModule() {}

  @Provides
  @Singleton
  static AwsClientConfig awsClientConfig(@RawEnvironment Map<String, String> env) {
    return new AwsClientConfig(env);
  }

  @Provides
  @Singleton
  static SecretResolver secretResolver(AwsClientConfig config) {
    return new SecretsManagerResolver(config);
  }
}
