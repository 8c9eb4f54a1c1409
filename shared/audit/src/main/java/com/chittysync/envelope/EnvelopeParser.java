package com.chittysync.envelope;

import static com.chittysync.envelope.Envelope.EXPIRES_AT;
import static com.chittysync.envelope.Envelope.ISSUED_AT;
import static com.chittysync.envelope.Envelope.KEY_ID;
import static com.chittysync.envelope.Envelope.MAX_NONCE_BYTES;
import static com.chittysync.envelope.Envelope.MIN_NONCE_BYTES;
import static com.chittysync.envelope.Envelope.NONCE;
import static com.chittysync.envelope.Envelope.PAYLOAD;
import static com.chittysync.envelope.Envelope.SIGNATURE;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Ed25519Crypto;
import com.chittysync.audit.Jcs;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads untrusted envelope text into an {@link Envelope}, checking every bound; each failure is an
 * {@link EnvelopeException} {@link EnvelopeFailure#MALFORMED} saying what is wrong.
 */
final class EnvelopeParser {
  private static final Set<String> MEMBERS =
      Set.of(PAYLOAD, NONCE, ISSUED_AT, EXPIRES_AT, KEY_ID, SIGNATURE);
  private static final Pattern KEY_ID_FORMAT = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
  private static final Pattern TIME =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,9}))?Z");
  private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private EnvelopeParser() {}

  /**
   * Parses an envelope strictly, as {@link Envelope#parse} documents.
   *
   * @throws EnvelopeException {@link EnvelopeFailure#MALFORMED}, saying what is wrong
   */
  static Envelope parse(byte[] json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = Jcs.parseStrict(json);
    } catch (AuditException e) {
      throw malformed("envelope is not I-JSON: " + firstLine(e.getMessage()));
    }
    if (!root.isObject()) {
      throw malformed("envelope must be a JSON object, got " + describe(root));
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MEMBERS.contains(name)) {
        throw malformed("unknown member " + quote(name));
      }
    }
    if (!root.has(PAYLOAD)) {
      throw malformed("missing member \"payload\"");
    }
    String nonce = requiredString(root, NONCE);
    String issuedAt = requiredString(root, ISSUED_AT);
    String expiresAt = root.has(EXPIRES_AT) ? requiredString(root, EXPIRES_AT) : null;
    String keyId = requiredString(root, KEY_ID);
    String signature = requiredString(root, SIGNATURE);
    requireNonce(nonce);
    requireKeyId(keyId);
    byte[] sig = decodeBase64Url(SIGNATURE, signature);
    if (sig.length != Ed25519Crypto.SIGNATURE_SIZE) {
      throw malformed(
          "signature must decode to "
              + Ed25519Crypto.SIGNATURE_SIZE
              + " bytes (Ed25519), got "
              + sig.length);
    }
    return new Envelope(
        new EnvelopeSigningInput(root.get(PAYLOAD), nonce, issuedAt, expiresAt, keyId),
        signature,
        sig);
  }

  /**
   * Checks that {@code nonce} is unpadded base64url of {@value Envelope#MIN_NONCE_BYTES} to {@value
   * Envelope#MAX_NONCE_BYTES} bytes.
   */
  static void requireNonce(String nonce) {
    byte[] bytes = decodeBase64Url(NONCE, nonce);
    if (bytes.length < MIN_NONCE_BYTES || bytes.length > MAX_NONCE_BYTES) {
      throw malformed(
          "nonce must decode to "
              + MIN_NONCE_BYTES
              + " to "
              + MAX_NONCE_BYTES
              + " bytes, got "
              + bytes.length);
    }
  }

  /** Checks that {@code keyId} is 64 lowercase hex digits. */
  static void requireKeyId(String keyId) {
    if (!KEY_ID_FORMAT.matcher(keyId).matches()) {
      throw malformed("key_id must be 64 lowercase hex digits (an Ed25519 public key)");
    }
  }

  /** The unpadded base64url form of {@code bytes}. */
  static String encodeBase64Url(byte[] bytes) {
    return URL_ENCODER.encodeToString(bytes);
  }

  /** Formats {@code instant} as an RFC 3339 UTC time ending in {@code Z}. */
  static String formatTime(Instant instant) {
    String text = instant.toString();
    // Instant.toString is RFC 3339 for years 0000-9999 only; parse it back to make sure.
    parseTime("time", text);
    return text;
  }

  /** Parses the RFC 3339 UTC time {@code text} of {@code member}. */
  static Instant parseTime(String member, String text) {
    Matcher m = TIME.matcher(text);
    if (!m.matches()) {
      throw malformed(
          member
              + " must be an RFC 3339 UTC time ending in Z, like 2026-01-02T03:04:05Z, got "
              + quote(text));
    }
    try {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      String fraction = m.group(7) == null ? "" : m.group(7);
      int nanos =
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      LocalTime time =
          LocalTime.of(
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)),
              nanos);
      return LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw malformed(member + " is not a valid date and time: " + quote(text));
    }
  }

  /** One line of {@code message}: parser messages may quote the input over several lines. */
  static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static EnvelopeException malformed(String message) {
    return new EnvelopeException(EnvelopeFailure.MALFORMED, message);
  }

  private static String requiredString(JsonNode root, String member) {
    JsonNode value = root.get(member);
    if (value == null) {
      throw malformed("missing member " + quote(member));
    }
    if (!value.isTextual()) {
      throw malformed("member " + quote(member) + " must be a string, got " + describe(value));
    }
    return value.textValue();
  }

  /** Decodes canonical unpadded base64url: no padding, no other characters, zero spare bits. */
  private static byte[] decodeBase64Url(String member, String text) {
    if (!BASE64URL.matcher(text).matches()) {
      throw malformed(member + " must be unpadded base64url (A-Z a-z 0-9 - _, no '=')");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw malformed(member + " is not valid base64url");
    }
    if (!URL_ENCODER.encodeToString(bytes).equals(text)) {
      throw malformed(member + " is not canonical base64url (non-zero trailing bits)");
    }
    return bytes;
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }

  /** {@code s} in double quotes, cut to a sensible length: it comes from the untrusted input. */
  private static String quote(String s) {
    String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    StringBuilder out = new StringBuilder("\"");
    shown
        .codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7F || cp == '"' || cp == '\\') {
                out.append(String.format("\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.append('"').toString();
  }
}
