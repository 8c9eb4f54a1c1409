package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.T0;
import static com.chittysync.envelope.Envelopes.json;
import static com.chittysync.envelope.Envelopes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.Ed25519Crypto;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link EnvelopeSigner}: fresh nonces, the expiry it writes, and the limits it refuses. */
class EnvelopeSignerTest {
  private final EnvelopeSigner signer = Envelopes.signer();

  @Test
  void signedEnvelopeParsesAndItsSignatureVerifies() {
    Envelope e = signer.sign(json("{\"b\":1,\"a\":2}"), T0, Optional.of(Duration.ofSeconds(90)));
    Envelope parsed = Envelope.parse(utf8(e.toJson()));
    assertThat(parsed).isEqualTo(e);
    assertThat(parsed.issuedAt()).isEqualTo(T0);
    assertThat(parsed.expiresAt()).contains(T0.plusSeconds(90));
    assertThat(parsed.keyId()).isEqualTo(Envelopes.KEY_ID);
    assertThat(
            Ed25519Crypto.verify(
                HexFormat.of().parseHex(parsed.keyId()),
                parsed.signedBytes(),
                parsed.signatureBytes()))
        .isTrue();
  }

  @Test
  void withoutTtlThereIsNoExpiresAtMember() {
    Envelope e = signer.sign(json("1"), T0, Optional.empty());
    assertThat(e.expiresAt()).isEmpty();
    assertThat(e.toJson()).doesNotContain("expires_at");
    assertThat(e.validUntil()).isEqualTo(T0.plus(Envelope.DEFAULT_LIFETIME));
  }

  @Test
  void everyEnvelopeGetsAFreshEighteenByteNonce() {
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String nonce = signer.sign(json("{}"), T0, Optional.empty()).nonce();
      assertThat(Base64.getUrlDecoder().decode(nonce)).hasSize(EnvelopeSigner.NONCE_BYTES);
      assertThat(nonce).hasSize(24).doesNotContain("=");
      nonces.add(nonce);
    }
    assertThat(nonces).hasSize(1000);
  }

  @Test
  void ttlLongerThanFifteenMinutesOrNegativeIsRefused() {
    assertThat(signer.sign(json("{}"), T0, Optional.of(Duration.ofMinutes(15))).expiresAt())
        .contains(T0.plus(Duration.ofMinutes(15)));
    assertThatThrownBy(
            () -> signer.sign(json("{}"), T0, Optional.of(Duration.ofMinutes(15).plusSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl must be between 0 and PT15M");
    assertThatThrownBy(() -> signer.sign(json("{}"), T0, Optional.of(Duration.ofSeconds(-1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badNonceOrTimeIsRefused() {
    assertThatThrownBy(() -> signer.sign(json("{}"), "short", T0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
    Instant farFuture = Instant.parse("+10000-01-01T00:00:00Z");
    assertThatThrownBy(() -> signer.sign(json("{}"), farFuture, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payloadThatIsNotIJsonIsRefused() {
    ObjectNode payload = (ObjectNode) json("{}");
    payload.put("s", "\ud800");
    assertThatThrownBy(() -> signer.sign(payload, T0, Optional.empty()))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.failure()).isEqualTo(EnvelopeFailure.MALFORMED))
        .hasMessageContaining("lone surrogate");
  }

  @Test
  void signingDoesNotShareThePayloadTree() {
    ObjectNode payload = (ObjectNode) json("{\"a\":1}");
    Envelope e = signer.sign(payload, T0, Optional.empty());
    payload.put("a", 2);
    ((ObjectNode) e.payload()).put("x", 1);
    assertThat(e.payload()).isEqualTo(json("{\"a\":1}"));
    assertThat(Envelope.parse(utf8(e.toJson()))).isEqualTo(e);
  }

  @Test
  void payloadTextIsParsedStrictly() {
    JsonNode ok = EnvelopeSigner.parsePayload(utf8(" {\"a\": [1, 2.5, null]} \n"));
    assertThat(ok).isEqualTo(json("{\"a\":[1,2.5,null]}"));
    assertThat(EnvelopeSigner.parsePayload(utf8("\"just a string\"")).textValue())
        .isEqualTo("just a string");
    for (String bad : new String[] {"", "{", "{\"a\":1,\"a\":2}", "1 2", "{'a':1}"}) {
      assertThatThrownBy(() -> EnvelopeSigner.parsePayload(utf8(bad)))
          .isInstanceOfSatisfying(
              ChittySyncException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT))
          .hasMessageStartingWith("payload is ");
    }
  }

  @Test
  void toStringDoesNotRevealTheKey() {
    assertThat(signer.toString())
        .isEqualTo("EnvelopeSigner[key_id=" + Envelopes.KEY_ID + "]")
        .doesNotContain(HexFormat.of().formatHex(Envelopes.SEED));
  }
}
