package com.chittysync.functions.webhook;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.intake.ConfiguredRouter;
import com.chittysync.intake.DeliveryLog;
import com.chittysync.intake.NotionWebhookService;
import com.chittysync.intake.SyncRequestPublisher;
import com.chittysync.intake.VerificationTokenStore;
import com.chittysync.intake.WebhookHandshakes;
import com.chittysync.store.Database;
import dagger.Module;
import dagger.Provides;
import java.time.Duration;
import javax.inject.Singleton;

/**
 * The webhook's own wiring. Settings are read here, at init, but no client connects until the first
 * delivery, so the SnapStart snapshot holds no credentials or connections.
 */
@Module
public final class WebhookModule {
  /** EventBridge must answer well within Notion's few seconds, or the delivery is retried. */
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

  private WebhookModule() {}

  @Provides
  @Singleton
  static VerificationTokenStore verificationTokenStore(Environment env, AwsClientConfig aws) {
    return VerificationTokenStore.from(env, aws);
  }

  @Provides
  @Singleton
  static SyncRequestPublisher syncRequestPublisher(Environment env, AwsClientConfig aws) {
    return new SyncRequestPublisher(
        env.get(SyncRequestPublisher.BUS_SETTING).orElse(null),
        () -> aws.eventBridge(PUBLISH_TIMEOUT));
  }

  @Provides
  @Singleton
  static NotionWebhookService notionWebhookService(
      Environment env,
      SecretResolver secrets,
      Database database,
      VerificationTokenStore tokens,
      SyncRequestPublisher publisher) {
    return new NotionWebhookService(
        tokens,
        new WebhookHandshakes(database),
        new DeliveryLog(database),
        publisher,
        new ConfiguredRouter(env, secrets));
  }
}
