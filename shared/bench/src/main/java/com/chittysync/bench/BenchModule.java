package com.chittysync.bench;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.SecretResolver;
import dagger.Module;
import dagger.Provides;

/** What a bench's component needs beyond the shared modules: no secret store. */
@Module
final class BenchModule {
  private BenchModule() {}

  /** Benches run against emulators and a scratch database: nothing they read is a secret. */
  @Provides
  static SecretResolver noSecrets() {
    return reference -> {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          "cannot resolve " + reference + ": no secret store is configured here");
    };
  }
}
