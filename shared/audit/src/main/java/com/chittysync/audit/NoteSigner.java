package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 note signing key (signature type 0x01, c2sp.org/signed-note), typically a log's key.
 *
 * <p>Private key string (golang.org/x/mod/sumdb/note format): {@code PRIVATE+KEY+<name>+<8 hex key
 * ID>+base64(0x01 || seed32)}. {@link #toString()} never reveals the seed.
 */
public final class NoteSigner {
  private final String name;
  private final byte[] seed;
  private final byte[] publicKey;
  private final Ed25519NoteVerifier verifier;

  private NoteSigner(String name, byte[] seed) {
    this.name = name;
    this.seed = seed;
    this.publicKey = Ed25519Crypto.publicKey(seed);
    this.verifier = Ed25519NoteVerifier.of(name, publicKey);
  }

  /** A new random key named {@code name}, drawn from a fresh {@link SecureRandom}. */
  public static NoteSigner generate(String name) {
    return generate(name, new SecureRandom());
  }

  /** A new random key named {@code name}. */
  public static NoteSigner generate(String name, SecureRandom random) {
    NoteFormat.requireValidName(name, Reason.MALFORMED_KEY);
    return new NoteSigner(name, Ed25519Crypto.generateSeed(random));
  }

  /** The key named {@code name} with the 32-byte Ed25519 {@code seed} (copied). */
  public static NoteSigner fromSeed(String name, byte[] seed) {
    return new NoteSigner(name, NoteFormat.checkedSeed(name, seed));
  }

  /**
   * Parses {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)}.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} if malformed, not type 0x01, or the key ID
   *     does not match
   */
  public static NoteSigner parse(String privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    if (!privateKey.startsWith(NoteFormat.PRIVATE_KEY_PREFIX)) {
      throw new AuditException(Reason.MALFORMED_KEY, "private key must start with PRIVATE+KEY+");
    }
    NoteFormat.KeyString k =
        NoteFormat.parseKeyString(
            privateKey.substring(NoteFormat.PRIVATE_KEY_PREFIX.length()), Reason.MALFORMED_KEY);
    byte[] typeAndSeed = k.typeAndKey();
    try {
      if (typeAndSeed[0] != NoteFormat.TYPE_ED25519
          || typeAndSeed.length != 1 + Ed25519Crypto.SEED_SIZE) {
        throw new AuditException(
            Reason.MALFORMED_KEY, "private key is not an Ed25519 (0x01 || 32-byte seed) key");
      }
      NoteSigner signer =
          new NoteSigner(k.name(), Arrays.copyOfRange(typeAndSeed, 1, typeAndSeed.length));
      if (signer.keyId() != k.keyId()) {
        throw new AuditException(
            Reason.MALFORMED_KEY, "private key ID does not match its name and public key");
      }
      return signer;
    } finally {
      Arrays.fill(typeAndSeed, (byte) 0);
    }
  }

  /** The key name. */
  public String name() {
    return name;
  }

  /** The 32-bit key ID, {@code SHA256(name || 0x0A || 0x01 || pub)[:4]}. */
  public int keyId() {
    return verifier.keyId();
  }

  /** The key ID as 8 lowercase hex digits. */
  public String keyIdHex() {
    return verifier.keyIdHex();
  }

  /** The 32-byte public key (a fresh copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The public key as 64 lowercase hex digits. */
  public String publicKeyHex() {
    return HexFormat.of().formatHex(publicKey);
  }

  /** The matching verifier. */
  public Ed25519NoteVerifier verifier() {
    return verifier;
  }

  /** The verifier key string {@code <name>+<hex key ID>+base64(0x01 || pub)}. */
  public String verifierKey() {
    return verifier.verifierKey();
  }

  /** The private key string {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)}. */
  public String privateKey() {
    byte[] typeAndSeed = new byte[1 + seed.length];
    typeAndSeed[0] = NoteFormat.TYPE_ED25519;
    System.arraycopy(seed, 0, typeAndSeed, 1, seed.length);
    try {
      return NoteFormat.PRIVATE_KEY_PREFIX
          + name
          + "+"
          + keyIdHex()
          + "+"
          + Base64.getEncoder().encodeToString(typeAndSeed);
    } finally {
      Arrays.fill(typeAndSeed, (byte) 0);
    }
  }

  /**
   * Signs note text (which must end with a newline and contain no control characters other than
   * newline).
   *
   * @throws AuditException {@link Reason#MALFORMED_NOTE} if the text is not valid note text
   */
  public NoteSignature sign(String text) {
    if (!NoteFormat.isValidText(text)) {
      throw new AuditException(
          Reason.MALFORMED_NOTE,
          "note text must end with a newline and contain no control characters but newline");
    }
    byte[] sig = Ed25519Crypto.sign(seed, publicKey, text.getBytes(StandardCharsets.UTF_8));
    return new NoteSignature(name, keyId(), sig);
  }

  /**
   * Signs arbitrary bytes with this key: for protocols other than notes that share the operator's
   * Ed25519 keys, such as signed write envelopes. The 64-byte Ed25519 signature.
   */
  public byte[] signBytes(byte[] message) {
    return Ed25519Crypto.sign(seed, publicKey, message);
  }

  /**
   * This key as a witness cosigning key (c2sp.org/tlog-cosignature, type 0x04): same name and seed,
   * so one {@code keys generate} output serves a witness too.
   */
  public Cosigner cosigner() {
    return Cosigner.fromSeed(name, seed);
  }

  @Override
  public String toString() {
    return "NoteSigner[" + verifierKey() + "]";
  }
}
