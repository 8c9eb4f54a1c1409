package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.T0;
import static com.chittysync.envelope.Envelopes.b64url;
import static com.chittysync.envelope.Envelopes.members;
import static com.chittysync.envelope.Envelopes.object;
import static com.chittysync.envelope.Envelopes.sign;
import static com.chittysync.envelope.Envelopes.text;
import static com.chittysync.envelope.Envelopes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ErrorCode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Envelope#parse}: what is well formed, and a precise reason for everything that is not. */
class EnvelopeParseTest {
  private static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(byte[] json) {
    return assertThatThrownBy(() -> Envelope.parse(json))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(EnvelopeFailure.MALFORMED);
              assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_REJECTED);
            });
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(String json) {
    return assertMalformed(utf8(json));
  }

  /** A signed envelope with one member replaced by {@code value} (raw JSON). */
  private static String withMember(String member, String rawValue) {
    ObjectNode o = object(sign(members(T0)));
    o.set(member, Envelopes.json(rawValue));
    return new String(text(o), StandardCharsets.UTF_8);
  }

  @Test
  void wellFormedEnvelopeParsesWithAllMembers() {
    ObjectNode m = members(Envelopes.json("{\"b\":[1,2],\"a\":null}"), T0);
    m.put("expires_at", "2026-01-02T03:10:05.250Z");
    Envelope e = Envelope.parse(sign(m));
    assertThat(e.payload()).isEqualTo(Envelopes.json("{\"a\":null,\"b\":[1,2]}"));
    assertThat(e.nonce()).isEqualTo(m.get("nonce").textValue());
    assertThat(e.issuedAt()).isEqualTo(T0);
    assertThat(e.expiresAt()).contains(Instant.parse("2026-01-02T03:10:05.250Z"));
    assertThat(e.validUntil()).isEqualTo(Instant.parse("2026-01-02T03:10:05.250Z"));
    assertThat(e.keyId()).isEqualTo(Envelopes.KEY_ID);
    assertThat(e.signatureBytes()).hasSize(64);
  }

  @Test
  void withoutExpiresAtTheEnvelopeIsValidForFiveMinutes() {
    Envelope e = Envelope.parse(sign(members(T0)));
    assertThat(e.expiresAt()).isEmpty();
    assertThat(e.validUntil()).isEqualTo(T0.plusSeconds(300));
  }

  @Test
  void anyJsonValueIsAPayload() {
    for (String payload : new String[] {"null", "0", "\"s\"", "[]", "true", "{}"}) {
      Envelope e = Envelope.parse(sign(members(Envelopes.json(payload), T0)));
      assertThat(e.payload()).isEqualTo(Envelopes.json(payload));
    }
  }

  @Test
  void parsedEnvelopeRoundTripsThroughToJson() {
    ObjectNode m = members(T0);
    m.put("expires_at", "2026-01-02T03:05:05.000Z");
    Envelope e = Envelope.parse(sign(m));
    Envelope again = Envelope.parse(utf8(e.toJson()));
    assertThat(again).isEqualTo(e);
    assertThat(again.signedBytes()).isEqualTo(e.signedBytes());
    // The time text is kept exactly as sent: it is what was signed.
    assertThat(e.toJson()).contains("\"expires_at\":\"2026-01-02T03:05:05.000Z\"");
    assertThat(e.toJson()).doesNotContain("\n");
  }

  @Test
  void notJsonIsMalformed() {
    assertMalformed("{\"payload\":").hasMessageContaining("not I-JSON: invalid JSON");
    assertMalformed("").hasMessageContaining("envelope is");
    assertMalformed("hello").hasMessageContaining("not I-JSON: invalid JSON");
  }

  @Test
  void trailingContentIsMalformed() {
    assertMalformed(new String(sign(members(T0)), StandardCharsets.UTF_8) + " {}")
        .hasMessageContaining("not I-JSON: invalid JSON");
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] good = sign(members(Envelopes.json("\"__\""), T0));
    String s = new String(good, StandardCharsets.UTF_8);
    int at = s.indexOf("__");
    good[at] = (byte) 0xC3;
    good[at + 1] = (byte) 0x28; // not a continuation byte
    assertMalformed(good).hasMessageContaining("UTF-8");
  }

  @Test
  void byteOrderMarkIsMalformed() {
    assertMalformed("\uFEFF" + new String(sign(members(T0)), StandardCharsets.UTF_8))
        .hasMessageContaining("byte order mark");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"envelope\"", "42", "null", "true"})
  void notAnObjectIsMalformed(String json) {
    assertMalformed(json).hasMessageContaining("must be a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"payload", "nonce", "issued_at", "key_id", "signature"})
  void missingMemberIsMalformed(String member) {
    ObjectNode o = object(sign(members(T0)));
    o.remove(member);
    assertMalformed(text(o)).hasMessage("missing member \"" + member + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nonce", "issued_at", "expires_at", "key_id", "signature"})
  void nonStringMemberIsMalformed(String member) {
    assertMalformed(withMember(member, "12345"))
        .hasMessage("member \"" + member + "\" must be a string, got a number");
    assertMalformed(withMember(member, "null"))
        .hasMessage("member \"" + member + "\" must be a string, got null");
  }

  @Test
  void unknownMemberIsMalformed() {
    assertMalformed(withMember("note", "\"hi\"")).hasMessage("unknown member \"note\"");
  }

  @Test
  void duplicateMemberIsMalformed() {
    String s = new String(sign(members(T0)), StandardCharsets.UTF_8);
    String dup = "{\"key_id\":\"" + Envelopes.OTHER_KEY_ID + "\"," + s.substring(1);
    assertMalformed(dup).hasMessageContaining("not I-JSON").hasMessageContaining("key_id");
  }

  @Test
  void duplicateMemberInsideThePayloadIsMalformed() {
    String s = new String(sign(members(T0)), StandardCharsets.UTF_8);
    String dup = s.replace("\"payload\":{", "\"payload\":{\"id\":1,");
    assertThat(dup).isNotEqualTo(s);
    assertMalformed(dup).hasMessageContaining("not I-JSON");
  }

  @Test
  void paddedBase64IsMalformed() {
    ObjectNode m = members(T0);
    m.put("nonce", Base64.getUrlEncoder().encodeToString(new byte[16])); // ends in "=="
    assertMalformed(sign(m)).hasMessageContaining("nonce must be unpadded base64url");

    ObjectNode o = object(sign(members(T0)));
    o.put("signature", o.get("signature").textValue() + "==");
    assertMalformed(text(o)).hasMessageContaining("signature must be unpadded base64url");
  }

  @Test
  void standardBase64AlphabetIsMalformed() {
    ObjectNode m = members(T0);
    byte[] nonce = new byte[18];
    Arrays.fill(nonce, (byte) 0xFB); // "+/" in the standard alphabet
    m.put("nonce", Base64.getEncoder().withoutPadding().encodeToString(nonce));
    assertThat(m.get("nonce").textValue()).contains("+");
    assertMalformed(sign(m)).hasMessageContaining("nonce must be unpadded base64url");
  }

  @Test
  void nonCanonicalBase64IsMalformed() {
    ObjectNode m = members(T0);
    // 16 zero bytes are "AAAAAAAAAAAAAAAAAAAAAA"; a final 'B' sets spare bits.
    m.put("nonce", "AAAAAAAAAAAAAAAAAAAAAB");
    assertMalformed(sign(m)).hasMessageContaining("not canonical base64url");
  }

  @Test
  void nonceShorterThan16BytesIsMalformed() {
    ObjectNode m = members(T0);
    m.put("nonce", b64url(new byte[15]));
    assertMalformed(sign(m)).hasMessage("nonce must decode to 16 to 64 bytes, got 15");
    m.put("nonce", "");
    assertMalformed(sign(m)).hasMessage("nonce must decode to 16 to 64 bytes, got 0");
  }

  @Test
  void nonceOf16BytesIsEnough() {
    ObjectNode m = members(T0);
    m.put("nonce", Envelopes.randomNonce(16));
    assertThat(Envelope.parse(sign(m)).nonce()).hasSize(22);
  }

  @Test
  void oversizedNonceIsMalformed() {
    ObjectNode m = members(T0);
    m.put("nonce", b64url(new byte[65]));
    assertMalformed(sign(m)).hasMessage("nonce must decode to 16 to 64 bytes, got 65");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "D75A980182B10AB7D54BFED3C964073A0EE172F3DAA62325AF021A68F707511A",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a0",
        "g75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        ""
      })
  void keyIdThatIsNot64LowercaseHexIsMalformed(String keyId) {
    ObjectNode m = members(T0);
    m.put("key_id", keyId);
    assertMalformed(sign(m))
        .hasMessage("key_id must be 64 lowercase hex digits (an Ed25519 public key)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-02T03:04:05+00:00",
        "2026-01-02T03:04:05",
        "2026-01-02t03:04:05z",
        "2026-01-02 03:04:05Z",
        "2026-01-02T03:04Z",
        "2026-1-02T03:04:05Z",
        "2026-01-02T03:04:05.Z",
        "2026-01-02T03:04:05.1234567891Z",
        "+12026-01-02T03:04:05Z",
        "1767323045"
      })
  void timeThatIsNotRfc3339UtcWithZIsMalformed(String time) {
    ObjectNode m = members(T0);
    m.put("issued_at", time);
    assertMalformed(sign(m))
        .hasMessageContaining("issued_at must be an RFC 3339 UTC time ending in Z");
    ObjectNode n = members(T0);
    n.put("expires_at", time);
    assertMalformed(sign(n)).hasMessageContaining("expires_at must be an RFC 3339 UTC time");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:59:60Z"
      })
  void impossibleDateOrTimeIsMalformed(String time) {
    ObjectNode m = members(T0);
    m.put("issued_at", time);
    assertMalformed(sign(m)).hasMessageContaining("issued_at is not a valid date and time");
  }

  @Test
  void fractionalSecondsAreAccepted() {
    ObjectNode m = members(T0);
    m.put("issued_at", "2026-01-02T03:04:05.123456789Z");
    assertThat(Envelope.parse(sign(m)).issuedAt())
        .isEqualTo(Instant.parse("2026-01-02T03:04:05.123456789Z"));
  }

  @Test
  void signatureOfTheWrongLengthIsMalformed() {
    ObjectNode o = object(sign(members(T0)));
    o.put("signature", b64url(new byte[32]));
    assertMalformed(text(o)).hasMessage("signature must decode to 64 bytes (Ed25519), got 32");
  }

  @Test
  void payloadThatIsNotIJsonIsMalformed() {
    String s =
        new String(
            sign(members(Envelopes.json("{\"s\":\"upsert\",\"n\":424242}"), T0)),
            StandardCharsets.UTF_8);
    assertMalformed(s.replace("\"upsert\"", "\"\\ud800\"")).hasMessageContaining("lone surrogate");
    assertMalformed(s.replace(":424242", ":1e400")).hasMessageContaining("payload is not I-JSON");
  }

  @Test
  void messagesQuoteUntrustedTextShortAndEscaped() {
    String longName = "x".repeat(500) + "\u0007";
    assertMalformed(withMember(longName, "1"))
        .hasMessage("unknown member \"" + "x".repeat(64) + "...\"");
    assertMalformed(withMember("a\"b\u0001", "1"))
        .hasMessage("unknown member \"a\\u0022b\\u0001\"");
  }
}
