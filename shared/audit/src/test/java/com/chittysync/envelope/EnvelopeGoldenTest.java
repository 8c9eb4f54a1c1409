package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.KEY_ID;
import static com.chittysync.envelope.Envelopes.SEED;
import static com.chittysync.envelope.Envelopes.T0;
import static com.chittysync.envelope.Envelopes.json;
import static com.chittysync.envelope.Envelopes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.Ed25519Crypto;
import com.chittysync.audit.NoteSigner;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fixed inputs give a fixed envelope, and the bytes signed are exactly {@code
 * chittysync-envelope/v1\n} + JCS, checked against a hand-built string and the JDK's own Ed25519
 * (independent of BouncyCastle, which signs).
 */
class EnvelopeGoldenTest {
  /** 18 bytes 0x00..0x11. */
  private static final String NONCE = "AAECAwQFBgcICQoLDA0ODxAR";

  private static final String PAYLOAD =
      "{\"registry\":\"people\",\"op\":\"upsert\",\"id\":7,\"name\":\"Zoë \\\"Z\\\"\",\"tags\":[]}";

  private static final String GOLDEN_WITH_EXPIRY =
      "{\"payload\":{\"registry\":\"people\",\"op\":\"upsert\",\"id\":7,\"name\":\"Zoë \\\"Z\\\"\",\"tags\":[]},"
          + "\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAR\",\"issued_at\":\"2026-01-02T03:04:05Z\","
          + "\"expires_at\":\"2026-01-02T03:09:05Z\","
          + "\"key_id\":\"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\","
          + "\"signature\":\"-6sIB_Jo1BLRL0xqbWyqF5b0EWIg2qUYv0RQnTJtrLI26rngk_pt9en_Id-e4Pr9oftqXxI35cOsdpi7HAE4Dw\"}";

  private static final String GOLDEN_WITHOUT_EXPIRY =
      "{\"payload\":{\"registry\":\"people\",\"op\":\"upsert\",\"id\":7,\"name\":\"Zoë \\\"Z\\\"\",\"tags\":[]},"
          + "\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAR\",\"issued_at\":\"2026-01-02T03:04:05Z\","
          + "\"key_id\":\"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\","
          + "\"signature\":\"iqUYnRC6uIUFWFKTem49TyRJdlmL6X5o_EepNuiaQ9iS-2n-CuR7iFlcTo6rIy7d91dsTdD0qNK9qHMdbpXbDg\"}";

  private static final String SIGNED_WITH_EXPIRY =
      "chittysync-envelope/v1\n"
          + "{\"expires_at\":\"2026-01-02T03:09:05Z\","
          + "\"issued_at\":\"2026-01-02T03:04:05Z\","
          + "\"key_id\":\""
          + KEY_ID
          + "\","
          + "\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAR\","
          + "\"payload\":{\"id\":7,\"name\":\"Zoë \\\"Z\\\"\",\"op\":\"upsert\","
          + "\"registry\":\"people\",\"tags\":[]}}";

  private static final String SIGNED_WITHOUT_EXPIRY =
      "chittysync-envelope/v1\n"
          + "{\"issued_at\":\"2026-01-02T03:04:05Z\","
          + "\"key_id\":\""
          + KEY_ID
          + "\","
          + "\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAR\","
          + "\"payload\":{\"id\":7,\"name\":\"Zoë \\\"Z\\\"\",\"op\":\"upsert\","
          + "\"registry\":\"people\",\"tags\":[]}}";

  @Test
  void fixedSeedTimeAndNonceGiveAFixedEnvelope() {
    EnvelopeSigner signer = EnvelopeSigner.fromSeed(SEED);
    assertThat(signer.keyId()).isEqualTo(KEY_ID);
    Envelope with = signer.sign(json(PAYLOAD), NONCE, T0, Optional.of(T0.plusSeconds(300)));
    Envelope without = signer.sign(json(PAYLOAD), NONCE, T0, Optional.empty());
    assertThat(with.toJson()).isEqualTo(GOLDEN_WITH_EXPIRY);
    assertThat(without.toJson()).isEqualTo(GOLDEN_WITHOUT_EXPIRY);
  }

  @Test
  void aNoteSignerWithTheSameSeedSignsTheSameEnvelope() {
    NoteSigner note = NoteSigner.parse(NoteSigner.fromSeed("engine.example", SEED).privateKey());
    EnvelopeSigner signer = new EnvelopeSigner(note);
    assertThat(signer.keyId()).isEqualTo(note.publicKeyHex()).isEqualTo(KEY_ID);
    assertThat(signer.sign(json(PAYLOAD), NONCE, T0, Optional.of(T0.plusSeconds(300))).toJson())
        .isEqualTo(GOLDEN_WITH_EXPIRY);
    assertThat(signer.toString()).doesNotContain(HexFormat.of().formatHex(SEED));
  }

  @Test
  void signedBytesAreTheContextLineFollowedByJcs() {
    assertThat(new String(Envelope.parse(utf8(GOLDEN_WITH_EXPIRY)).signedBytes(), UTF8))
        .isEqualTo(SIGNED_WITH_EXPIRY);
    assertThat(new String(Envelope.parse(utf8(GOLDEN_WITHOUT_EXPIRY)).signedBytes(), UTF8))
        .isEqualTo(SIGNED_WITHOUT_EXPIRY);
  }

  @Test
  void goldenSignaturesVerifyOverTheHandBuiltBytesWithTheJdksEd25519() throws Exception {
    for (String[] c :
        new String[][] {
          {GOLDEN_WITH_EXPIRY, SIGNED_WITH_EXPIRY}, {GOLDEN_WITHOUT_EXPIRY, SIGNED_WITHOUT_EXPIRY}
        }) {
      byte[] signature = Envelope.parse(utf8(c[0])).signatureBytes();
      byte[] message = c[1].getBytes(StandardCharsets.UTF_8);
      assertThat(jdkVerify(HexFormat.of().parseHex(KEY_ID), message, signature)).isTrue();
      assertThat(Ed25519Crypto.verify(HexFormat.of().parseHex(KEY_ID), message, signature))
          .isTrue();
      message[message.length - 2] ^= 1;
      assertThat(jdkVerify(HexFormat.of().parseHex(KEY_ID), message, signature)).isFalse();
    }
  }

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  /** RFC 8032 verification by the JDK's SunEC provider. */
  private static boolean jdkVerify(byte[] publicKey, byte[] message, byte[] signature)
      throws Exception {
    byte[] le = publicKey.clone();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7F;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    PublicKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new EdECPublicKeySpec(
                    NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(signature);
  }
}
