package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.KEY_ID;
import static com.chittysync.envelope.Envelopes.members;
import static com.chittysync.envelope.Envelopes.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.TimeModule;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.store.StoreModule;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import dagger.BindsInstance;
import dagger.Component;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;

/** A function's component gets a working verifier from {@link EnvelopeModule}. */
class EnvelopeModuleTest {
  @Singleton
  @Component(
      modules = {ConfigModule.class, StoreModule.class, TimeModule.class, EnvelopeModule.class})
  interface TestComponent {
    EnvelopeVerifier verifier();

    TrustedKeys trustedKeys();

    @Component.Factory
    interface Factory {
      TestComponent create(
          @BindsInstance @RawEnvironment Map<String, String> env,
          @BindsInstance SecretResolver resolver);
    }
  }

  private static TestComponent component(Map<String, String> env) {
    SecretResolver none =
        reference -> {
          throw new AssertionError("no secrets here: " + reference);
        };
    return DaggerEnvelopeModuleTest_TestComponent.factory().create(env, none);
  }

  @Test
  void componentVerifiesEnvelopesAgainstTheDatabase() {
    try (TestDatabase db = TestPostgres.createDatabase()) {
      Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
      Map<String, String> env = new HashMap<>(db.env());
      env.put("ENGINE_PUBKEY_HEX", KEY_ID);
      TestComponent component = component(env);
      assertThat(component.verifier()).isSameAs(component.verifier());
      byte[] envelope = sign(members(Instant.now()));
      assertThat(component.verifier().verify(envelope).keyId()).isEqualTo(KEY_ID);
      assertThatThrownBy(() -> component.verifier().verify(envelope))
          .isInstanceOfSatisfying(
              EnvelopeException.class,
              e -> assertThat(e.failure()).isEqualTo(EnvelopeFailure.REPLAYED_NONCE));
    }
  }

  @Test
  void missingTrustedKeysFailWhenTheVerifierIsFirstNeeded() {
    TestComponent component = component(Map.of());
    assertThatThrownBy(component::verifier)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ENGINE_PUBKEY_HEX: not set");
  }
}
