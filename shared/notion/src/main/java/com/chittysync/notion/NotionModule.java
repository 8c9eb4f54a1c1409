package com.chittysync.notion;

import com.chittysync.connect.EndpointType;
import com.chittysync.core.config.SecretResolver;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;

/** Contributes the {@code notion} endpoint type to a component that syncs registries. */
@Module
public final class NotionModule {
  private NotionModule() {}

  @Provides
  @IntoSet
  static EndpointType notion(SecretResolver secrets) {
    return new NotionEndpointType(secrets);
  }
}
