package com.chittysync.envelope;

import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * Provides {@link TrustedKeys} (from {@code ENGINE_PUBKEY_HEX}), the {@link PostgresNonceStore} as
 * the {@link NonceStore}, and the {@link EnvelopeVerifier}. Needs {@link Environment} ({@code
 * ConfigModule}), {@link Database} ({@code StoreModule}) and {@link Clock} ({@code TimeModule}).
 */
@Module
public final class EnvelopeModule {
  private EnvelopeModule() {}

  /** The trusted keys; a malformed {@code ENGINE_PUBKEY_HEX} fails here, when first needed. */
  @Provides
  @Singleton
  static TrustedKeys trustedKeys(Environment env) {
    return TrustedKeys.from(env);
  }

  /** Nonces in the state database, single-use across containers. */
  @Provides
  @Singleton
  static NonceStore nonceStore(Database database) {
    return new PostgresNonceStore(database);
  }

  /** The full verifier. */
  @Provides
  @Singleton
  static EnvelopeVerifier envelopeVerifier(TrustedKeys keys, NonceStore nonces, Clock clock) {
    return new EnvelopeVerifier(keys, nonces, clock);
  }
}
