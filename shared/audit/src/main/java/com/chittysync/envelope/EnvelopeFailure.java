package com.chittysync.envelope;

/**
 * Why an envelope was rejected. The {@link #code()} strings are part of the wire format (CLI
 * output, API error bodies) and never change meaning.
 */
public enum EnvelopeFailure {
  /** Not a well-formed envelope: bad JSON, missing or unknown member, bad encoding, bad window. */
  MALFORMED("malformed"),
  /** {@code key_id} is not one of the trusted keys. */
  UNKNOWN_KEY("unknown_key"),
  /** The signature does not verify under {@code key_id}. */
  BAD_SIGNATURE("bad_signature"),
  /** Now is after the envelope's expiry. */
  EXPIRED("expired"),
  /** {@code issued_at} is more than the allowed clock skew in the future. */
  NOT_YET_VALID("not_yet_valid"),
  /** The nonce was accepted before: the envelope is a replay. */
  REPLAYED_NONCE("replayed_nonce");

  private final String code;

  EnvelopeFailure(String code) {
    this.code = code;
  }

  /** The stable wire code, for example {@code bad_signature}. */
  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }
}
