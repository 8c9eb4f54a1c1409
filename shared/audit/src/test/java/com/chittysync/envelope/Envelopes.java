package com.chittysync.envelope;

import com.chittysync.audit.Ed25519Crypto;
import com.chittysync.audit.Jcs;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Test keys and a hand-rolled envelope maker that signs any member set, well formed or not, the way
 * the format defines it (independently of {@link Envelope} and {@link EnvelopeSigner}).
 */
final class Envelopes {
  /** RFC 8032 section 7.1 TEST 1 secret key. */
  static final byte[] SEED =
      HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

  /** Its public key, the key_id of the envelopes it signs. */
  static final String KEY_ID = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  /** RFC 8032 section 7.1 TEST 2 secret key: a second key. */
  static final byte[] OTHER_SEED =
      HexFormat.of().parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");

  static final String OTHER_KEY_ID =
      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private Envelopes() {}

  static EnvelopeSigner signer() {
    return EnvelopeSigner.fromSeed(SEED);
  }

  static EnvelopeSigner otherSigner() {
    return EnvelopeSigner.fromSeed(OTHER_SEED);
  }

  /** Keys trusting {@link #KEY_ID} only. */
  static TrustedKeys trusted() {
    return TrustedKeys.of(KEY_ID);
  }

  static String b64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String randomNonce(int bytes) {
    byte[] nonce = new byte[bytes];
    RANDOM.nextBytes(nonce);
    return b64url(nonce);
  }

  /** The members of a fresh envelope: payload, a random 18-byte nonce, issued_at, key_id. */
  static ObjectNode members(JsonNode payload, Instant issuedAt) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.set("payload", payload);
    o.put("nonce", randomNonce(18));
    o.put("issued_at", issuedAt.toString());
    o.put("key_id", KEY_ID);
    return o;
  }

  static ObjectNode members(Instant issuedAt) {
    return members(json("{\"op\":\"upsert\",\"id\":42}"), issuedAt);
  }

  /**
   * Adds the signature by {@code seed} over {@code chittysync-envelope/v1\n} + JCS(members), and
   * returns the envelope text.
   */
  static byte[] signWith(byte[] seed, ObjectNode members) {
    ObjectNode unsigned = members.deepCopy();
    unsigned.remove("signature");
    byte[] jcs = Jcs.canonicalize(unsigned);
    byte[] signed = concat("chittysync-envelope/v1\n".getBytes(StandardCharsets.UTF_8), jcs);
    ObjectNode out = unsigned.deepCopy();
    out.put("signature", b64url(Ed25519Crypto.sign(seed, signed)));
    return text(out);
  }

  static byte[] sign(ObjectNode members) {
    return signWith(SEED, members);
  }

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(byte[] text) {
    return (ObjectNode) json(new String(text, StandardCharsets.UTF_8));
  }

  static byte[] text(JsonNode node) {
    try {
      return PLAIN.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
