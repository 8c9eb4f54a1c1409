package com.chittysync.sync.config;

import com.chittysync.audit.Note;
import com.chittysync.audit.NoteSigner;
import com.chittysync.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Signs a config file, so that {@link ConfigSignatureCheck} can tell it is the file an operator
 * approved.
 *
 * <p>The signature of {@code FILE} is {@code FILE.sig}: a C2SP signed note (c2sp.org/signed-note)
 * whose text is exactly two lines,
 *
 * <pre>
 * chittysync-config/v1
 * sha256 &lt;64 lowercase hex digits: SHA-256 of the file's bytes&gt;
 * </pre>
 *
 * (each ending in a newline), followed by a blank line and one signature line per key, {@code —
 * <key name> base64(key ID || Ed25519 signature of the text)}. Signing covers the file's exact
 * bytes, so any change, even to whitespace or comments, needs a new signature.
 */
public final class ConfigSigner {
  /** The first line of the signed text: what the note is about and the format version. */
  public static final String HEADER = "chittysync-config/v1";

  private ConfigSigner() {}

  /**
   * Writes {@code FILE.sig} for {@code file}, signed with {@code key}, replacing any earlier one.
   *
   * @return the path of the signature file
   * @throws ConfigException when the file cannot be read or the signature written
   */
  public static Path sign(Path file, NoteSigner key) {
    Objects.requireNonNull(key, "key");
    byte[] content = ConfigFile.read(file);
    Note note = Note.of(noteText(content)).signedBy(key);
    Path signature = signaturePath(file);
    Path temporary = signature.resolveSibling(signature.getFileName() + ".tmp");
    try {
      Files.write(temporary, note.toBytes());
      try {
        Files.move(
            temporary,
            signature,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, signature, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot write " + signature + ": " + e.getMessage());
    }
    return signature;
  }

  /** The note text that signs {@code content}: the header line and its SHA-256. */
  public static String noteText(byte[] content) {
    return HEADER + "\nsha256 " + sha256Hex(content) + "\n";
  }

  /** Where the signature of {@code file} is: {@code FILE.sig} next to it. */
  public static Path signaturePath(Path file) {
    return file.resolveSibling(file.getFileName() + ".sig");
  }

  static String sha256Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
