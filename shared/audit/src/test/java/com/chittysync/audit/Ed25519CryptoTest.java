package com.chittysync.audit;

import static com.chittysync.audit.ReferenceData.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Ed25519CryptoTest {
  private static final JsonNode RFC8032 = ReferenceData.json("ed25519/rfc8032.json");

  @Test
  void rfc8032VectorsDerivePublicKeysAndSignaturesExactly() {
    JsonNode vectors = RFC8032.get("vectors");
    assertThat(vectors).hasSize(5);
    for (JsonNode v : vectors) {
      String name = v.get("name").asText();
      byte[] seed = hex(v.get("secretKey"));
      byte[] pub = hex(v.get("publicKey"));
      byte[] msg = hex(v.get("message"));
      byte[] sig = hex(v.get("signature"));
      assertThat(msg).as(name).hasSize(v.get("messageLength").asInt());

      assertThat(hex(Ed25519Crypto.publicKey(seed))).as(name).isEqualTo(hex(pub));
      assertThat(hex(Ed25519Crypto.sign(seed, msg))).as(name).isEqualTo(hex(sig));
      assertThat(hex(Ed25519Crypto.sign(seed, pub, msg))).as(name).isEqualTo(hex(sig));
      assertThat(Ed25519Crypto.verify(pub, msg, sig)).as(name).isTrue();
      assertThat(Ed25519Crypto.isValidPublicKey(pub)).as(name).isTrue();
    }
  }

  @Test
  void rfc8032NegativeChecksDoNotVerify() {
    JsonNode checks = RFC8032.get("negativeChecks");
    assertThat(checks).hasSize(3);
    for (JsonNode c : checks) {
      assertThat(c.get("valid").asBoolean()).isFalse();
      assertThat(
              Ed25519Crypto.verify(
                  hex(c.get("publicKey")), hex(c.get("message")), hex(c.get("signature"))))
          .as(c.get("desc").asText())
          .isFalse();
    }
  }

  @Test
  void everyFlippedSignatureBitFailsVerification() {
    JsonNode v = RFC8032.get("vectors").get(2);
    byte[] pub = hex(v.get("publicKey"));
    byte[] msg = hex(v.get("message"));
    byte[] sig = hex(v.get("signature"));
    for (int bit = 0; bit < sig.length * 8; bit++) {
      byte[] bad = sig.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(Ed25519Crypto.verify(pub, msg, bad)).as("bit %d", bit).isFalse();
    }
  }

  @Test
  void malformedInputsVerifyAsFalse() {
    JsonNode v = RFC8032.get("vectors").get(0);
    byte[] pub = hex(v.get("publicKey"));
    byte[] sig = hex(v.get("signature"));
    assertThat(Ed25519Crypto.verify(new byte[31], new byte[0], sig)).isFalse();
    assertThat(Ed25519Crypto.verify(pub, new byte[0], new byte[63])).isFalse();
    assertThat(Ed25519Crypto.verify(null, new byte[0], sig)).isFalse();
    assertThat(Ed25519Crypto.verify(pub, null, sig)).isFalse();
  }

  @Test
  void generatedKeysSignAndVerify() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 5; i++) {
      byte[] seed = Ed25519Crypto.generateSeed(random);
      byte[] pub = Ed25519Crypto.publicKey(seed);
      byte[] msg = ("message " + i).getBytes();
      byte[] sig = Ed25519Crypto.sign(seed, msg);
      assertThat(Ed25519Crypto.verify(pub, msg, sig)).isTrue();
      assertThat(Ed25519Crypto.verify(pub, "other".getBytes(), sig)).isFalse();
    }
  }
}
