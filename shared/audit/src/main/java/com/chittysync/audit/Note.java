package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A C2SP signed note: UTF-8 text ending in a newline, a blank line, then one or more signature
 * lines ({@code — <name> base64(keyID || sig)}). The text is separated from the signatures by the
 * <em>last</em> blank line, so the text itself may contain blank lines.
 *
 * <p>{@link #parse(byte[])} only checks the format; {@link #verify(Collection)} applies the trust
 * rules: lines whose (name, key ID) match no trusted verifier are ignored, a trusted key whose
 * signature fails rejects the whole note, and at least one trusted key must verify.
 *
 * @param text the signed text, including its final newline
 * @param signatures the signature lines, in order (may be empty only while building a note)
 */
public record Note(String text, List<NoteSignature> signatures) {
  /**
   * Default maximum number of signature lines accepted by {@link #parse}: the spec requires
   * accepting at least 16 and recommends a limit.
   */
  public static final int DEFAULT_MAX_SIGNATURES = 16;

  /** Validates and copies. */
  public Note {
    if (!NoteFormat.isValidText(text)) {
      throw new AuditException(
          Reason.MALFORMED_NOTE,
          "note text must be non-empty, end with a newline and contain no control characters"
              + " other than newline");
    }
    signatures = List.copyOf(signatures);
  }

  /** An unsigned note with {@code text}; add signatures with {@link #withSignature}. */
  public static Note of(String text) {
    return new Note(text, List.of());
  }

  /** This note with {@code signature} appended. */
  public Note withSignature(NoteSignature signature) {
    List<NoteSignature> all = new ArrayList<>(signatures);
    all.add(Objects.requireNonNull(signature, "signature"));
    return new Note(text, all);
  }

  /** This note with a signature by {@code signer} appended. */
  public Note signedBy(NoteSigner signer) {
    return withSignature(signer.sign(text));
  }

  /** This note with {@code cosignature} appended. */
  public Note withCosignature(Cosignature cosignature) {
    return withSignature(cosignature.toNoteSignature());
  }

  /** The UTF-8 bytes of {@link #text()}: what Ed25519 note signatures cover. */
  public byte[] textBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The wire form: text, blank line, signature lines.
   *
   * @throws AuditException {@link Reason#MALFORMED_NOTE} if there are no signatures
   */
  public String format() {
    if (signatures.isEmpty()) {
      throw new AuditException(Reason.MALFORMED_NOTE, "a signed note needs at least one signature");
    }
    StringBuilder sb = new StringBuilder(text).append('\n');
    for (NoteSignature s : signatures) {
      sb.append(s.toLine());
    }
    return sb.toString();
  }

  /** {@link #format()} as UTF-8 bytes. */
  public byte[] toBytes() {
    return format().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a signed note, accepting up to {@link #DEFAULT_MAX_SIGNATURES} signature lines. */
  public static Note parse(byte[] note) {
    return parse(note, DEFAULT_MAX_SIGNATURES);
  }

  /** Parses a signed note given as text. */
  public static Note parse(String note) {
    return parse(note.getBytes(StandardCharsets.UTF_8), DEFAULT_MAX_SIGNATURES);
  }

  /**
   * Parses a signed note (format only; no signature is checked).
   *
   * @param maxSignatures the most signature lines accepted, at least 16
   * @throws AuditException {@link Reason#MALFORMED_NOTE} for any format violation, {@link
   *     Reason#TOO_MANY_SIGNATURES} above {@code maxSignatures}
   */
  public static Note parse(byte[] note, int maxSignatures) {
    Objects.requireNonNull(note, "note");
    if (maxSignatures < DEFAULT_MAX_SIGNATURES) {
      throw new AuditException(
          Reason.INVALID_ARGUMENT, "verifiers must accept at least 16 signatures");
    }
    String s = StrictUtf8.decode(note, Reason.MALFORMED_NOTE, "note is not valid UTF-8");
    if (NoteFormat.hasForbiddenControl(s)) {
      throw new AuditException(
          Reason.MALFORMED_NOTE, "note contains a control character other than newline");
    }
    int split = s.lastIndexOf("\n\n");
    if (split < 0) {
      throw new AuditException(
          Reason.MALFORMED_NOTE, "note has no blank line between text and signatures");
    }
    String text = s.substring(0, split + 1);
    String sigs = s.substring(split + 2);
    if (sigs.isEmpty() || sigs.charAt(sigs.length() - 1) != '\n') {
      throw new AuditException(
          Reason.MALFORMED_NOTE, "note must end with at least one newline-terminated signature");
    }
    String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
    if (lines.length > maxSignatures) {
      throw new AuditException(
          Reason.TOO_MANY_SIGNATURES,
          "note has " + lines.length + " signatures; at most " + maxSignatures + " are accepted");
    }
    List<NoteSignature> parsed = new ArrayList<>(lines.length);
    for (String line : lines) {
      parsed.add(NoteSignature.parseLine(line));
    }
    return new Note(text, parsed);
  }

  /**
   * Parses and verifies a signed note in one step.
   *
   * @see #parse(byte[])
   * @see #verify(Collection)
   */
  public static VerifiedNote open(byte[] note, Collection<? extends NoteVerifier> verifiers) {
    return parse(note).verify(verifiers);
  }

  /**
   * Applies the signed-note trust rules with {@code verifiers} as the trusted keys.
   *
   * @return the note and the distinct trusted keys whose signatures verified
   * @throws AuditException {@link Reason#INVALID_SIGNATURE} if a line matching a trusted key fails,
   *     {@link Reason#NO_TRUSTED_SIGNATURE} if no trusted key signed, {@link
   *     Reason#INVALID_ARGUMENT} if two different trusted keys share a name and key ID
   */
  public VerifiedNote verify(Collection<? extends NoteVerifier> verifiers) {
    Map<String, NoteVerifier> byId = index(verifiers);
    byte[] msg = textBytes();
    Set<NoteVerifier> verified = new LinkedHashSet<>();
    for (NoteSignature sig : signatures) {
      NoteVerifier v = byId.get(idOf(sig.name(), sig.keyId()));
      if (v == null) {
        continue; // unknown (name, key ID): ignored, even if the name or the ID alone matches
      }
      if (!v.verify(msg, sig.signature())) {
        throw new AuditException(
            Reason.INVALID_SIGNATURE,
            "signature by trusted key " + v.name() + "+" + v.keyIdHex() + " does not verify");
      }
      verified.add(v);
    }
    if (verified.isEmpty()) {
      throw new AuditException(
          Reason.NO_TRUSTED_SIGNATURE, "note has no verified signature from a trusted key");
    }
    return new VerifiedNote(this, List.copyOf(verified));
  }

  static Map<String, NoteVerifier> index(Collection<? extends NoteVerifier> verifiers) {
    Map<String, NoteVerifier> byId = new HashMap<>();
    for (NoteVerifier v : verifiers) {
      NoteVerifier prior = byId.putIfAbsent(idOf(v.name(), v.keyId()), v);
      if (prior != null && !prior.sameKey(v)) {
        throw new AuditException(
            Reason.INVALID_ARGUMENT,
            "two different trusted keys share name and key ID " + v.name() + "+" + v.keyIdHex());
      }
    }
    return byId;
  }

  static String idOf(String name, int keyId) {
    return name + "+" + NoteFormat.keyIdHex(keyId);
  }
}
