package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.KEY_ID;
import static com.chittysync.envelope.Envelopes.OTHER_KEY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ENGINE_PUBKEY_HEX}: what is accepted, and config errors that name the setting. */
class TrustedKeysTest {
  /** y = 2 is not the y coordinate of any point on edwards25519. */
  private static final String NOT_A_POINT = "02" + "0".repeat(62);

  private static TrustedKeys from(String value) {
    return TrustedKeys.from(Environment.of(Map.of("ENGINE_PUBKEY_HEX", value)));
  }

  @Test
  void oneKeyIsTrusted() {
    TrustedKeys keys = from(KEY_ID);
    assertThat(keys.contains(KEY_ID)).isTrue();
    assertThat(keys.contains(OTHER_KEY_ID)).isFalse();
    assertThat(keys.publicKey(KEY_ID)).hasValueSatisfying(k -> assertThat(k).hasSize(32));
    assertThat(keys.publicKey(OTHER_KEY_ID)).isEmpty();
  }

  @Test
  void severalKeysAreCommaSeparatedWithOptionalSpaces() {
    TrustedKeys keys = from(" " + KEY_ID + " , " + OTHER_KEY_ID + " ");
    assertThat(keys.keyIds()).containsExactly(KEY_ID, OTHER_KEY_ID);
  }

  @Test
  void upperCaseKeysAreNormalisedToTheLowerCaseKeyId() {
    TrustedKeys keys = from(KEY_ID.toUpperCase(Locale.ROOT));
    assertThat(keys.contains(KEY_ID)).isTrue();
  }

  @Test
  void publicKeyIsACopy() {
    TrustedKeys keys = from(KEY_ID);
    keys.publicKey(KEY_ID).orElseThrow()[0] ^= 1;
    assertThat(HexFormat.of().formatHex(keys.publicKey(KEY_ID).orElseThrow())).isEqualTo(KEY_ID);
  }

  @Test
  void missingSettingIsAConfigErrorNamingIt() {
    for (Map<String, String> env :
        List.of(Map.<String, String>of(), Map.of("ENGINE_PUBKEY_HEX", "  "))) {
      assertThatThrownBy(() -> TrustedKeys.from(Environment.of(env)))
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
          .hasMessageStartingWith("ENGINE_PUBKEY_HEX: not set");
    }
  }

  @Test
  void malformedEntriesAreNamedByPositionWithoutTheirValue() {
    String bad = "abc123";
    assertThatThrownBy(() -> from(KEY_ID + "," + bad + ",," + NOT_A_POINT))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "ENGINE_PUBKEY_HEX: entry 2 of 4 must be 64 hex digits (an Ed25519 public"
                            + " key), got 6 characters",
                        "ENGINE_PUBKEY_HEX: entry 3 of 4 is empty",
                        "ENGINE_PUBKEY_HEX: entry 4 of 4 is not a valid Ed25519 public key (not a"
                            + " point on the curve)"))
        .message()
        .doesNotContain(bad)
        .doesNotContain(NOT_A_POINT);
  }

  @Test
  void nonHexCharactersAreCalledOut() {
    assertThatThrownBy(() -> from("z".repeat(64)))
        .hasMessage(
            "ENGINE_PUBKEY_HEX: entry 1 of 1 must be 64 hex digits (an Ed25519 public key), got 64"
                + " characters including non-hex ones");
  }

  @Test
  void trailingCommaIsAnEmptyEntry() {
    assertThatThrownBy(() -> from(KEY_ID + ","))
        .hasMessage("ENGINE_PUBKEY_HEX: entry 2 of 2 is empty");
  }
}
