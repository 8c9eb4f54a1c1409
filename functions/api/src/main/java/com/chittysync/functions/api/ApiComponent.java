package com.chittysync.functions.api;

import com.chittysync.audit.log.AuditApi;
import com.chittysync.audit.log.AuditModule;
import com.chittysync.aws.AwsModule;
import com.chittysync.core.TimeModule;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.envelope.EnvelopeModule;
import com.chittysync.notion.NotionModule;
import com.chittysync.notion.oauth.NotionOAuthModule;
import com.chittysync.notion.oauth.OAuthCallback;
import com.chittysync.notion.oauth.OAuthStart;
import com.chittysync.postgres.PostgresModule;
import com.chittysync.sheets.SheetsModule;
import com.chittysync.store.StoreModule;
import com.chittysync.sync.SyncModule;
import com.chittysync.sync.api.RecordsApi;
import com.chittysync.web.auth.WebAuthModule;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Lazy;
import java.util.Map;
import javax.inject.Singleton;

/**
 * The API function's wiring: configuration, the state database, the audit log's read API and the
 * authentication seam in front of it.
 */
@Singleton
@Component(
    modules = {
      ConfigModule.class,
      AwsModule.class,
      StoreModule.class,
      TimeModule.class,
      AuditModule.class,
      EnvelopeModule.class,
      PostgresModule.class,
      NotionModule.class,
      NotionOAuthModule.class,
      SheetsModule.class,
      SyncModule.class,
      WebAuthModule.class
    })
public interface ApiComponent {
  /** The audit read API. */
  AuditApi auditApi();

  /**
   * Who may read the audit log. Built with the component (the settings are validated at init);
   * needs no session key or issuer when requests come with API Gateway's verified claims.
   */
  AuditAccess auditAccess();

  /**
   * The write route, built on first use: it needs {@code ENGINE_PUBKEY_HEX} and the sync config,
   * which the read API does not.
   */
  Lazy<RecordsApi> recordsApi();

  /** The Notion OAuth start route, built on first use (it needs the OAuth settings). */
  Lazy<OAuthStart> notionOAuthStart();

  /** The Notion OAuth callback, built on first use (it needs the OAuth settings). */
  Lazy<OAuthCallback> notionOAuthCallback();

  /** Builds the component over environment {@code env}. */
  static ApiComponent create(Map<String, String> env) {
    return DaggerApiComponent.factory().create(env);
  }

  /** Creates the component. */
  @Component.Factory
  interface Factory {
    ApiComponent create(@BindsInstance @RawEnvironment Map<String, String> env);
  }
}
