package com.chittysync.audit.log;

import com.chittysync.core.config.Environment;
import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;

/** Provides the audit log's settings; {@link AuditLog} itself is constructor-injected. */
@Module
public final class AuditModule {
  private AuditModule() {}

  @Provides
  @Singleton
  static AuditSettings auditSettings(Environment env) {
    return AuditSettings.from(env);
  }
}
