package com.chittysync.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.config.ConfigException;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SessionKeyTest {
  private static final byte[] BYTES = new byte[32];

  static {
    for (int i = 0; i < BYTES.length; i++) {
      BYTES[i] = (byte) (i * 7 + 3);
    }
  }

  @Test
  void hexBase64AndBase64UrlOfTheSameBytesAreTheSameKey() {
    String mac =
        Base64.getEncoder()
            .encodeToString(SessionKey.parse(HexFormat.of().formatHex(BYTES)).mac("t", "m"));
    assertThat(
            Base64.getEncoder()
                .encodeToString(
                    SessionKey.parse(Base64.getEncoder().encodeToString(BYTES)).mac("t", "m")))
        .isEqualTo(mac);
    assertThat(
            Base64.getEncoder()
                .encodeToString(
                    SessionKey.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES))
                        .mac("t", "m")))
        .isEqualTo(mac);
  }

  @Test
  void aShortKeyIsRefusedNamingTheSettingButNotTheValue() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SessionKey.parse(shortKey))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("CHITTYSYNC_SESSION_KEY: holds 16 bytes, needs at least 32")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> SessionKey.parse("not a key!"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("CHITTYSYNC_SESSION_KEY: not base64 or hex")
        .hasMessageNotContaining("not a key!");
  }

  @Test
  void theKeyNeverShowsInToString() {
    assertThat(SessionKey.parse(SessionKey.generateEncoded())).hasToString("SessionKey[****]");
  }
}
