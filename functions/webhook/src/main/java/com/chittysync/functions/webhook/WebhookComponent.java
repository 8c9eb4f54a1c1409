package com.chittysync.functions.webhook;

import com.chittysync.aws.AwsModule;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.intake.NotionWebhookService;
import com.chittysync.store.StoreModule;
import dagger.BindsInstance;
import dagger.Component;
import java.util.Map;
import javax.inject.Singleton;

/**
 * Everything the webhook function needs: configuration, Secrets Manager (settings and the
 * verification token), the state database (de-duplication) and EventBridge. Deliberately nothing
 * else: no Sheets, no sync engine; the syncs it requests run elsewhere.
 */
@Singleton
@Component(modules = {ConfigModule.class, AwsModule.class, StoreModule.class, WebhookModule.class})
public interface WebhookComponent {
  /** The intake service. */
  NotionWebhookService notionWebhookService();

  /** Builds the component over environment {@code env}. */
  static WebhookComponent create(Map<String, String> env) {
    return DaggerWebhookComponent.factory().create(env);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    WebhookComponent create(@BindsInstance @RawEnvironment Map<String, String> env);
  }
}
