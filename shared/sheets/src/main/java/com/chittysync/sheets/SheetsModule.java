package com.chittysync.sheets;

import com.chittysync.connect.EndpointType;
import com.chittysync.core.config.SecretResolver;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;

/** Contributes the {@code sheets} endpoint type to a component that syncs registries. */
@Module
public final class SheetsModule {
  private SheetsModule() {}

  @Provides
  @IntoSet
  static EndpointType sheets(SecretResolver secrets) {
    return new SheetsEndpointType(secrets);
  }
}
