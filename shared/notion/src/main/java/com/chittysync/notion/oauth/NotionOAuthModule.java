package com.chittysync.notion.oauth;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import java.time.Duration;

/** Provides the Notion OAuth start and callback routes to a function that serves them. */
@Module
public final class NotionOAuthModule {
  private NotionOAuthModule() {}

  @Provides
  static OAuthStart start(Environment env, Database database, Clock clock) {
    return new OAuthStart(NotionOAuth.from(env), new OAuthSpent(database), clock);
  }

  @Provides
  static OAuthCallback callback(
      Environment env, AwsClientConfig aws, Database database, Clock clock) {
    return new OAuthCallback(
        NotionOAuth.from(env),
        new NotionTokenStore(
            aws.secretsManager(Duration.ofSeconds(10)), NotionTokenStore.secretId(env, null)),
        new OAuthSpent(database),
        clock);
  }
}
