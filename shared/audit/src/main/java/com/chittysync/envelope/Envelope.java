package com.chittysync.envelope;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Ed25519Crypto;
import com.chittysync.audit.Jcs;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, well-formed signed envelope; immutable. Well-formed is not verified: {@link
 * EnvelopeVerifier} checks the key, signature, time window and nonce.
 *
 * <p>Wire form: {@code {"payload": <any JSON>, "nonce": "<base64url>", "issued_at": "<RFC 3339
 * UTC>", "expires_at": "<RFC 3339 UTC>" (optional), "key_id": "<64 lowercase hex>", "signature":
 * "<base64url>"}}. The signature covers {@link #signedBytes()}: the UTF-8 bytes of {@value
 * #SIGNATURE_CONTEXT_TEXT} plus a newline, followed by the RFC 8785 (JCS) form of the envelope
 * without {@code signature}.
 */
// Not a record: the time members must be re-signed byte for byte as they were sent (an RFC 3339
// time has many spellings of one instant, e.g. "...:00Z" and "...:00.000Z"), so their text is kept
// next to the parsed Instant, and the payload tree is copied on the way out to stay immutable.
public final class Envelope {
  /** The signing context line, without its newline. */
  public static final String SIGNATURE_CONTEXT_TEXT = "chittysync-envelope/v1";

  /** What the signed bytes start with: {@code chittysync-envelope/v1\n}. */
  public static final String SIGNATURE_CONTEXT = SIGNATURE_CONTEXT_TEXT + "\n";

  /** Fewest random bytes a nonce may carry. */
  public static final int MIN_NONCE_BYTES = 16;

  /** Most bytes a nonce may carry (it is stored until the envelope expires). */
  public static final int MAX_NONCE_BYTES = 64;

  /** How long an envelope without {@code expires_at} is valid after {@code issued_at}. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  /** The longest {@code expires_at - issued_at} allowed. */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

  static final String PAYLOAD = "payload";
  static final String NONCE = "nonce";
  static final String ISSUED_AT = "issued_at";
  static final String EXPIRES_AT = "expires_at";
  static final String KEY_ID = "key_id";
  static final String SIGNATURE = "signature";

  private static final Set<String> MEMBERS =
      Set.of(PAYLOAD, NONCE, ISSUED_AT, EXPIRES_AT, KEY_ID, SIGNATURE);
  private static final Pattern KEY_ID_FORMAT = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
  private static final Pattern TIME =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,9}))?Z");
  private static final byte[] CONTEXT_BYTES = SIGNATURE_CONTEXT.getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final JsonNode payload;
  private final String nonce;
  private final String issuedAtText;
  private final Instant issuedAt;
  private final String expiresAtText;
  private final Instant expiresAt;
  private final String keyId;
  private final String signature;
  private final byte[] signatureBytes;
  private final byte[] signedBytes;

  private Envelope(
      JsonNode payload,
      String nonce,
      String issuedAtText,
      String expiresAtText,
      String keyId,
      String signature,
      byte[] signatureBytes) {
    this.payload = payload;
    this.nonce = nonce;
    this.issuedAtText = issuedAtText;
    this.issuedAt = parseTime(ISSUED_AT, issuedAtText);
    this.expiresAtText = expiresAtText;
    this.expiresAt = expiresAtText == null ? null : parseTime(EXPIRES_AT, expiresAtText);
    this.keyId = keyId;
    this.signature = signature;
    this.signatureBytes = signatureBytes;
    this.signedBytes = signedBytes(payload, nonce, issuedAtText, expiresAtText, keyId);
  }

  /**
   * Parses an envelope strictly: UTF-8 I-JSON (no duplicate members), a JSON object with exactly
   * the members above and no others, strings where strings are due, times in RFC 3339 UTC ending in
   * {@code Z}, a nonce of unpadded base64url decoding to {@value #MIN_NONCE_BYTES} to {@value
   * #MAX_NONCE_BYTES} bytes, a {@code key_id} of exactly 64 lowercase hex digits and an unpadded
   * base64url signature of 64 bytes.
   *
   * @throws EnvelopeException {@link EnvelopeFailure#MALFORMED}, saying what is wrong
   */
  public static Envelope parse(byte[] json) {
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
    return new Envelope(root.get(PAYLOAD), nonce, issuedAt, expiresAt, keyId, signature, sig);
  }

  /**
   * An envelope from its parts, which must be well formed; for {@link EnvelopeSigner}.
   *
   * @throws EnvelopeException {@link EnvelopeFailure#MALFORMED} if a part is not
   */
  static Envelope of(
      JsonNode payload,
      String nonce,
      String issuedAt,
      String expiresAt,
      String keyId,
      byte[] signature) {
    requireNonce(nonce);
    requireKeyId(keyId);
    if (signature.length != Ed25519Crypto.SIGNATURE_SIZE) {
      throw malformed("signature must be " + Ed25519Crypto.SIGNATURE_SIZE + " bytes");
    }
    return new Envelope(
        payload.deepCopy(),
        nonce,
        issuedAt,
        expiresAt,
        keyId,
        URL_ENCODER.encodeToString(signature),
        signature.clone());
  }

  /**
   * The bytes an envelope with these members is signed over: {@value #SIGNATURE_CONTEXT_TEXT}, a
   * newline, then the JCS form of the object without {@code signature} ({@code expires_at} only
   * when present).
   *
   * @throws EnvelopeException {@link EnvelopeFailure#MALFORMED} if the payload is not I-JSON (a
   *     lone surrogate, a number outside the double range)
   */
  static byte[] signedBytes(
      JsonNode payload, String nonce, String issuedAt, String expiresAt, String keyId) {
    ObjectNode unsigned = JsonNodeFactory.instance.objectNode();
    unsigned.set(PAYLOAD, payload);
    unsigned.put(NONCE, nonce);
    unsigned.put(ISSUED_AT, issuedAt);
    if (expiresAt != null) {
      unsigned.put(EXPIRES_AT, expiresAt);
    }
    unsigned.put(KEY_ID, keyId);
    byte[] jcs;
    try {
      jcs = Jcs.canonicalize(unsigned);
    } catch (AuditException e) {
      throw malformed("payload is not I-JSON: " + e.getMessage());
    }
    byte[] out = Arrays.copyOf(CONTEXT_BYTES, CONTEXT_BYTES.length + jcs.length);
    System.arraycopy(jcs, 0, out, CONTEXT_BYTES.length, jcs.length);
    return out;
  }

  /** The payload (a fresh copy: the envelope stays immutable). */
  public JsonNode payload() {
    return payload.deepCopy();
  }

  /** The payload tree itself, for callers in this package that do not modify it. */
  JsonNode payloadTree() {
    return payload;
  }

  /** The nonce, unpadded base64url as sent. */
  public String nonce() {
    return nonce;
  }

  /** When the envelope was issued. */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** The explicit expiry, if the envelope has an {@code expires_at} member. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * The instant after which the envelope no longer verifies: {@code expires_at}, else {@code
   * issued_at} + {@link #DEFAULT_LIFETIME}.
   */
  public Instant validUntil() {
    return expiresAt != null ? expiresAt : issuedAt.plus(DEFAULT_LIFETIME);
  }

  /** The signer's Ed25519 public key as 64 lowercase hex digits. */
  public String keyId() {
    return keyId;
  }

  /** The signature, unpadded base64url as sent. */
  public String signature() {
    return signature;
  }

  /** The 64 signature bytes (a fresh copy). */
  public byte[] signatureBytes() {
    return signatureBytes.clone();
  }

  byte[] signatureBytesUnsafe() {
    return signatureBytes;
  }

  /**
   * The exact bytes the signature covers: UTF-8 {@code chittysync-envelope/v1\n} followed by the
   * JCS form of this envelope without {@code signature} (a fresh copy).
   */
  public byte[] signedBytes() {
    return signedBytes.clone();
  }

  byte[] signedBytesUnsafe() {
    return signedBytes;
  }

  /**
   * The envelope as one line of JSON, members in the order payload, nonce, issued_at, expires_at
   * (when present), key_id, signature.
   */
  public String toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set(PAYLOAD, payload);
    out.put(NONCE, nonce);
    out.put(ISSUED_AT, issuedAtText);
    if (expiresAtText != null) {
      out.put(EXPIRES_AT, expiresAtText);
    }
    out.put(KEY_ID, keyId);
    out.put(SIGNATURE, signature);
    try {
      return WRITER.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an envelope", e);
    }
  }

  /** Equal when the signed bytes and the signature are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope other
        && Arrays.equals(signedBytes, other.signedBytes)
        && signature.equals(other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(signedBytes) + signature.hashCode();
  }

  /** A short description without the payload. */
  @Override
  public String toString() {
    return "Envelope[key_id="
        + keyId
        + ", nonce="
        + nonce
        + ", issued_at="
        + issuedAtText
        + (expiresAtText == null ? "" : ", expires_at=" + expiresAtText)
        + "]";
  }

  /** Formats {@code instant} as an RFC 3339 UTC time ending in {@code Z}. */
  static String formatTime(Instant instant) {
    String text = instant.toString();
    // Instant.toString is RFC 3339 for years 0000-9999 only; parse it back to make sure.
    parseTime("time", text);
    return text;
  }

  private static Instant parseTime(String member, String text) {
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

  private static void requireNonce(String nonce) {
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

  private static void requireKeyId(String keyId) {
    if (!KEY_ID_FORMAT.matcher(keyId).matches()) {
      throw malformed("key_id must be 64 lowercase hex digits (an Ed25519 public key)");
    }
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

  /** One line of {@code message}: parser messages may quote the input over several lines. */
  static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
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

  private static EnvelopeException malformed(String message) {
    return new EnvelopeException(EnvelopeFailure.MALFORMED, message);
  }
}
