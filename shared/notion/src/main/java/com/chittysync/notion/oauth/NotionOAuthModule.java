package com.chittysync.notion.oauth;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import java.time.Duration;

/** Provides the Notion OAuth callback to a function that serves it. */
@Module
public final class NotionOAuthModule {
  private NotionOAuthModule() {}

  @Provides
  static OAuthCallback callback(Environment env, AwsClientConfig aws, Clock clock) {
    return new OAuthCallback(
        NotionOAuth.from(env),
        new NotionTokenStore(
            aws.secretsManager(Duration.ofSeconds(10)), NotionTokenStore.secretId(env, null)),
        clock);
  }
}
