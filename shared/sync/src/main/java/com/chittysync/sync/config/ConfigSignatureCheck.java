package com.chittysync.sync.config;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Ed25519NoteVerifier;
import com.chittysync.audit.Note;
import com.chittysync.audit.NoteSignature;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.core.config.ConfigException;
import com.chittysync.envelope.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a config file carries a signature ({@code FILE.sig}, see {@link ConfigSigner}) by a
 * trusted key and has not changed since it was signed.
 *
 * <p>Signature lines name their key but carry only a key ID, which is derived from the name and the
 * public key; so each line's name is paired with every trusted public key, and the file is accepted
 * when one such key verifies its line. Lines by other keys are ignored.
 */
public final class ConfigSignatureCheck {
  private static final Pattern TEXT =
      Pattern.compile(Pattern.quote(ConfigSigner.HEADER) + "\nsha256 ([0-9a-f]{64})\n");

  private ConfigSignatureCheck() {}

  /** The largest {@code FILE.sig} read: room for dozens of signature lines. */
  static final int MAX_SIGNATURE_BYTES = 16 * 1024;

  /**
   * Verifies {@code file} against {@code FILE.sig}.
   *
   * @param trustedPublicKeysHex the trusted Ed25519 public keys, 64 hex digits each ({@code
   *     ENGINE_PUBKEY_HEX})
   * @throws ConfigException when the signature is missing or malformed, the file changed after
   *     signing, or no trusted key signed it
   */
  public static void verify(Path file, Collection<String> trustedPublicKeysHex) {
    verify(file, ConfigFile.read(file), trustedPublicKeysHex);
  }

  /** Verifies {@code content}, the bytes of {@code file} already read. */
  static void verify(Path file, byte[] content, Collection<String> trustedPublicKeysHex) {
    if (trustedPublicKeysHex.isEmpty()) {
      throw new ConfigException(
          TrustedKeys.ENGINE_PUBKEY_HEX + ": no trusted key to check " + file + " against");
    }
    TrustedKeys trusted = TrustedKeys.parse(String.join(",", trustedPublicKeysHex));
    Path signaturePath = ConfigSigner.signaturePath(file);
    byte[] signature;
    try (InputStream in = Files.newInputStream(signaturePath)) {
      // A signed note of two text lines and a few signatures is a few hundred bytes; a larger
      // file is not one, and reading it whole would let it take the heap.
      signature = in.readNBytes(MAX_SIGNATURE_BYTES + 1);
      if (signature.length > MAX_SIGNATURE_BYTES) {
        throw new ConfigException(
            signaturePath
                + " is over "
                + MAX_SIGNATURE_BYTES
                + " bytes: not a ChittySync config signature");
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          file
              + " is not signed: "
              + signaturePath
              + " not found; sign it with 'chittysync config sign --key KEY "
              + file
              + "'");
    } catch (IOException e) {
      throw new ConfigException("cannot read " + signaturePath + ": " + e.getMessage());
    }

    Note note;
    try {
      note = Note.parse(signature);
    } catch (AuditException e) {
      throw new ConfigException(signaturePath + " is not a signed note: " + e.getMessage());
    }
    Matcher digest = TEXT.matcher(note.text());
    if (!digest.matches()) {
      throw new ConfigException(
          signaturePath
              + " is not a ChittySync config signature (its text must be the lines '"
              + ConfigSigner.HEADER
              + "' and 'sha256 <64 hex digits>')");
    }
    String actual = ConfigSigner.sha256Hex(content);
    if (!digest.group(1).equals(actual)) {
      throw new ConfigException(
          file
              + " was changed after it was signed (signed sha256 "
              + digest.group(1)
              + ", now "
              + actual
              + "); review it and sign it again with 'chittysync config sign --key KEY "
              + file
              + "'");
    }

    List<NoteVerifier> verifiers = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (NoteSignature line : note.signatures()) {
      names.add(line.name() + "+" + line.keyIdHex());
      for (String keyId : trusted.keyIds()) {
        Ed25519NoteVerifier verifier =
            Ed25519NoteVerifier.of(line.name(), trusted.publicKey(keyId).orElseThrow());
        if (verifier.keyId() == line.keyId() && !verifiers.contains(verifier)) {
          verifiers.add(verifier);
        }
      }
    }
    try {
      note.verify(verifiers);
    } catch (AuditException e) {
      throw new ConfigException(
          file
              + " is not signed by a trusted key ("
              + TrustedKeys.ENGINE_PUBKEY_HEX
              + "); "
              + signaturePath
              + " is signed by "
              + String.join(", ", names)
              + (e.reason() == AuditException.Reason.INVALID_SIGNATURE
                  ? " (" + e.getMessage() + ")"
                  : ""));
    }
  }
}
