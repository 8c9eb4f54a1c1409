package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** Shared byte-level rules of C2SP signed notes, keys and checkpoints. */
final class NoteFormat {
  /** Signature type byte of plain Ed25519 note signatures (c2sp.org/signed-note). */
  static final byte TYPE_ED25519 = 0x01;

  /** Signature type byte of timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature). */
  static final byte TYPE_COSIGNATURE_V1 = 0x04;

  /** Em dash U+2014 and a space: the start of every signature line. */
  static final String SIGNATURE_PREFIX = "\u2014 ";

  static final String PRIVATE_KEY_PREFIX = "PRIVATE+KEY+";

  private NoteFormat() {}

  /** {@code SHA256(name || 0x0A || type || publicKey)[:4]} as a big-endian int. */
  static int keyId(String name, byte type, byte[] publicKey) {
    byte[] digest =
        Sha256.hashAll(name.getBytes(StandardCharsets.UTF_8), new byte[] {0x0A, type}, publicKey);
    return ((digest[0] & 0xFF) << 24)
        | ((digest[1] & 0xFF) << 16)
        | ((digest[2] & 0xFF) << 8)
        | (digest[3] & 0xFF);
  }

  /** The key ID as 8 lowercase hex digits. */
  static String keyIdHex(int keyId) {
    return HexFormat.of().toHexDigits(keyId);
  }

  /** Whether {@code name} is a valid key name: non-empty, no Unicode space, no '+', no control. */
  static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || !isWellFormedUtf16(name)) {
      return false;
    }
    return name.codePoints()
        .noneMatch(
            cp ->
                cp == '+'
                    || cp < 0x20
                    || cp == 0x7F
                    || cp == 0x85
                    || Character.isWhitespace(cp)
                    || Character.isSpaceChar(cp));
  }

  static String requireValidName(String name, Reason reason) {
    if (!isValidName(name)) {
      throw new AuditException(
          reason, "key name must be non-empty without spaces, '+' or control characters");
    }
    return name;
  }

  /**
   * A copy of {@code seed} after checking {@code name} and the seed length, for the signing keys.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} for an invalid name or seed
   */
  static byte[] checkedSeed(String name, byte[] seed) {
    requireValidName(name, Reason.MALFORMED_KEY);
    Objects.requireNonNull(seed, "seed");
    if (seed.length != Ed25519Crypto.SEED_SIZE) {
      throw new AuditException(Reason.MALFORMED_KEY, "Ed25519 seed must be 32 bytes");
    }
    return seed.clone();
  }

  /**
   * Whether {@code text} is acceptable note text: ends with a newline, well-formed Unicode, and no
   * control characters below U+0020 other than newline.
   */
  static boolean isValidText(String text) {
    if (text == null || text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      return false;
    }
    return isWellFormedUtf16(text) && !hasForbiddenControl(text);
  }

  static boolean hasForbiddenControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        return true;
      }
    }
    return false;
  }

  static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Decodes standard base64, rejecting anything but the one canonical (padded) encoding. */
  static byte[] decodeBase64Strict(String s, Reason reason, String what) {
    byte[] out;
    try {
      out = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new AuditException(reason, what + " is not valid base64", e);
    }
    if (!Base64.getEncoder().encodeToString(out).equals(s)) {
      throw new AuditException(reason, what + " is not canonical padded base64");
    }
    return out;
  }

  /** Parses 8 hex digits (either case) as a key ID. */
  static int parseKeyIdHex(String hex, Reason reason) {
    boolean asciiHex =
        hex.chars()
            .allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    if (hex.length() != 8 || !asciiHex) {
      throw new AuditException(reason, "key ID must be 8 hex digits, got '" + hex + "'");
    }
    return (int) Long.parseLong(hex.toLowerCase(Locale.ROOT), 16);
  }

  /** {@code <name>+<8 hex>+<base64(type || key)>} split on the first two '+' only. */
  record KeyString(String name, int keyId, byte[] typeAndKey) {}

  static KeyString parseKeyString(String s, Reason reason) {
    int p1 = s.indexOf('+');
    int p2 = p1 < 0 ? -1 : s.indexOf('+', p1 + 1);
    if (p1 < 0 || p2 < 0) {
      throw new AuditException(reason, "key must have the form <name>+<hex key ID>+<base64 key>");
    }
    String name = requireValidName(s.substring(0, p1), reason);
    int keyId = parseKeyIdHex(s.substring(p1 + 1, p2), reason);
    byte[] typeAndKey = decodeBase64Strict(s.substring(p2 + 1), reason, "key material");
    if (typeAndKey.length < 2) {
      throw new AuditException(reason, "key material is too short");
    }
    return new KeyString(name, keyId, typeAndKey);
  }

  static String formatKeyString(String name, int keyId, byte type, byte[] key) {
    byte[] typeAndKey = new byte[key.length + 1];
    typeAndKey[0] = type;
    System.arraycopy(key, 0, typeAndKey, 1, key.length);
    return name + "+" + keyIdHex(keyId) + "+" + Base64.getEncoder().encodeToString(typeAndKey);
  }
}
