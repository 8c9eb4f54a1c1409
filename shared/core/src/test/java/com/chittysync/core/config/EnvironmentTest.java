package com.chittysync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
  private final List<SecretReference> lookups = new ArrayList<>();
  private final SecretResolver resolver =
      reference -> {
        lookups.add(reference);
        if (reference.secretId().equals("missing")) {
          throw new ChittySyncException(
              ErrorCode.SECRET_UNRESOLVED, "secret 'missing' does not exist");
        }
        return "resolved:" + reference.secretId() + "#" + reference.field();
      };

  @Test
  void plainSettingsPassThrough() {
    Environment env = new Environment(Map.of("A", "plain"), resolver);
    assertThat(env.get("A")).contains("plain");
    assertThat(env.get("B")).isEmpty();
    assertThat(env.get("B", "fallback")).isEqualTo("fallback");
    assertThat(lookups).isEmpty();
  }

  @Test
  void referencesAreResolvedOnceAndCached() {
    Environment env = new Environment(Map.of("DATABASE_URL", "secretsmanager:db#url"), resolver);
    assertThat(env.get("DATABASE_URL")).contains("resolved:db#url");
    assertThat(env.get("DATABASE_URL")).contains("resolved:db#url");
    assertThat(lookups).containsExactly(new SecretReference("db", "url"));
  }

  @Test
  void unresolvableReferenceNamesTheSetting() {
    Environment env = new Environment(Map.of("TOKEN", "secretsmanager:missing"), resolver);
    assertThatThrownBy(() -> env.get("TOKEN"))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("TOKEN: secret 'missing' does not exist")
        .extracting(e -> ((ChittySyncException) e).code())
        .isEqualTo(ErrorCode.SECRET_UNRESOLVED);
  }

  @Test
  void malformedReferenceIsAConfigError() {
    Environment env = new Environment(Map.of("TOKEN", "secretsmanager:"), resolver);
    assertThatThrownBy(() -> env.get("TOKEN"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TOKEN: malformed secret reference");
  }

  @Test
  void integersAreRangeChecked() {
    Environment env = new Environment(Map.of("N", "7", "BIG", "1000", "WORD", "seven"), resolver);
    assertThat(env.getInt("N", 1, 1, 10)).isEqualTo(7);
    assertThat(env.getInt("UNSET", 3, 1, 10)).isEqualTo(3);
    assertThatThrownBy(() -> env.getInt("BIG", 1, 1, 10))
        .isInstanceOf(ConfigException.class)
        .hasMessage("BIG: must be between 1 and 10, got 1000");
    assertThatThrownBy(() -> env.getInt("WORD", 1, 1, 10))
        .isInstanceOf(ConfigException.class)
        .hasMessage("WORD: must be a whole number, got 'seven'");
  }

  @Test
  void booleansAcceptOnlyTrueOrFalse() {
    Environment env = new Environment(Map.of("T", "TRUE", "F", "false", "X", "yes"), resolver);
    assertThat(env.getBoolean("T", false)).isTrue();
    assertThat(env.getBoolean("F", true)).isFalse();
    assertThatThrownBy(() -> env.getBoolean("X", false)).isInstanceOf(ConfigException.class);
  }

  @Test
  void secretsNeverPrintTheirValue() {
    Environment env = new Environment(Map.of("PASSWORD", "hunter2"), resolver);
    Secret secret = env.secret("PASSWORD").orElseThrow();
    assertThat(secret.toString()).doesNotContain("hunter2");
    assertThat(String.valueOf(List.of(secret))).doesNotContain("hunter2");
    assertThat(secret.reveal()).isEqualTo("hunter2");
  }

  @Test
  void environmentWithoutStoreRefusesReferencesClearly() {
    Environment env = Environment.of(Map.of("X", "secretsmanager:abc"));
    assertThatThrownBy(() -> env.get("X"))
        .isInstanceOf(ChittySyncException.class)
        .hasMessageContaining("X: cannot resolve secretsmanager:abc");
  }
}
