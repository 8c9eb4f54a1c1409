package com.chittysync.envelope;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Jcs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The members of an envelope that its signature covers, as sent, and the exact bytes signed over
 * them.
 *
 * @param payload the payload tree (not copied: the caller owns it)
 * @param nonce the nonce as sent
 * @param issuedAt the {@code issued_at} text as sent
 * @param expiresAt the {@code expires_at} text as sent, or {@code null} when absent
 * @param keyId the {@code key_id} as sent
 */
// The times stay text: an RFC 3339 time has many spellings of one instant (e.g. "...:00Z" and
// "...:00.000Z"), and the signature covers the spelling that was sent.
record EnvelopeSigningInput(
    JsonNode payload, String nonce, String issuedAt, String expiresAt, String keyId) {
  private static final byte[] CONTEXT_BYTES =
      Envelope.SIGNATURE_CONTEXT.getBytes(StandardCharsets.US_ASCII);

  /**
   * These members as a JSON object, in the order payload, nonce, issued_at, expires_at (when
   * present), key_id. It shares the payload tree.
   */
  ObjectNode toObject() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set(Envelope.PAYLOAD, payload);
    out.put(Envelope.NONCE, nonce);
    out.put(Envelope.ISSUED_AT, issuedAt);
    if (expiresAt != null) {
      out.put(Envelope.EXPIRES_AT, expiresAt);
    }
    out.put(Envelope.KEY_ID, keyId);
    return out;
  }

  /**
   * The bytes an envelope with these members is signed over: {@value
   * Envelope#SIGNATURE_CONTEXT_TEXT}, a newline, then the JCS form of the object without {@code
   * signature} ({@code expires_at} only when present).
   *
   * @throws EnvelopeException {@link EnvelopeFailure#MALFORMED} if the payload is not I-JSON (a
   *     lone surrogate, a number outside the double range)
   */
  byte[] bytes() {
    byte[] jcs;
    try {
      jcs = Jcs.canonicalize(toObject());
    } catch (AuditException e) {
      throw new EnvelopeException(
          EnvelopeFailure.MALFORMED, "payload is not I-JSON: " + e.getMessage());
    }
    byte[] out = Arrays.copyOf(CONTEXT_BYTES, CONTEXT_BYTES.length + jcs.length);
    System.arraycopy(jcs, 0, out, CONTEXT_BYTES.length, jcs.length);
    return out;
  }
}
