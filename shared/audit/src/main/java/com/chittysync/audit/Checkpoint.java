package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint note body: origin line, tree size in decimal, base64 of the 32-byte RFC
 * 6962 root, then optional (NOT RECOMMENDED) extension lines; every line ends with a newline.
 *
 * @param origin the log identity (non-empty, SHOULD be a schema-less URL equal to the log key name)
 * @param size the tree size, non-negative
 * @param rootHash the 32-byte root hash (copied)
 * @param extensions extension lines without newlines, each non-empty
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

  /** Validates and defensively copies. */
  public Checkpoint {
    requireLine(origin, "origin");
    if (size < 0) {
      throw new AuditException(Reason.MALFORMED_CHECKPOINT, "tree size must not be negative");
    }
    Objects.requireNonNull(rootHash, "rootHash");
    if (rootHash.length != Merkle.HASH_SIZE) {
      throw new AuditException(Reason.MALFORMED_CHECKPOINT, "root hash must be 32 bytes");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
    for (String ext : extensions) {
      requireLine(ext, "extension line");
    }
  }

  /** A checkpoint without extension lines. */
  public static Checkpoint of(String origin, long size, byte[] rootHash) {
    return new Checkpoint(origin, size, rootHash, List.of());
  }

  /** The 32-byte root hash (a fresh copy). */
  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note body text, each line (including the last) ending in a newline. */
  public String format() {
    StringBuilder sb =
        new StringBuilder()
            .append(origin)
            .append('\n')
            .append(size)
            .append('\n')
            .append(Base64.getEncoder().encodeToString(rootHash))
            .append('\n');
    for (String ext : extensions) {
      sb.append(ext).append('\n');
    }
    return sb.toString();
  }

  /** {@link #format()} as UTF-8 bytes. */
  public byte[] toBytes() {
    return format().getBytes(StandardCharsets.UTF_8);
  }

  /** An unsigned note carrying this checkpoint; sign it with {@link Note#signedBy}. */
  public Note toNote() {
    return Note.of(format());
  }

  /**
   * Parses a checkpoint body strictly.
   *
   * @throws AuditException {@link Reason#MALFORMED_CHECKPOINT} if there are fewer than three lines,
   *     a line is empty or lacks its newline, the size has leading zeros, a sign or is not a
   *     decimal that fits in a signed 64-bit integer, or the root is not canonical base64 of 32
   *     bytes
   */
  public static Checkpoint parse(String body) {
    Objects.requireNonNull(body, "body");
    if (body.isEmpty() || body.charAt(body.length() - 1) != '\n') {
      throw new AuditException(Reason.MALFORMED_CHECKPOINT, "checkpoint must end with a newline");
    }
    if (!NoteFormat.isValidText(body)) {
      throw new AuditException(
          Reason.MALFORMED_CHECKPOINT, "checkpoint contains control characters or bad Unicode");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new AuditException(
          Reason.MALFORMED_CHECKPOINT, "checkpoint needs origin, size and root hash lines");
    }
    long size = parseSize(lines[1]);
    byte[] root = NoteFormat.decodeBase64Strict(lines[2], Reason.MALFORMED_CHECKPOINT, "root hash");
    return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
  }

  /** Parses the text of a verified note as a checkpoint. */
  public static Checkpoint fromNote(VerifiedNote note) {
    return parse(note.text());
  }

  private static long parseSize(String s) {
    boolean digitsOnly = !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digitsOnly || (s.length() > 1 && s.charAt(0) == '0')) {
      throw new AuditException(
          Reason.MALFORMED_CHECKPOINT,
          "tree size must be a decimal without sign or leading zeros, got '" + s + "'");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new AuditException(
          Reason.MALFORMED_CHECKPOINT, "tree size " + s + " exceeds 2^63-1", e);
    }
  }

  private static void requireLine(String line, String what) {
    Objects.requireNonNull(line, what);
    if (line.isEmpty()
        || line.indexOf('\n') >= 0
        || NoteFormat.hasForbiddenControl(line)
        || !NoteFormat.isWellFormedUtf16(line)) {
      throw new AuditException(
          Reason.MALFORMED_CHECKPOINT,
          what + " must be non-empty, one line, without control characters");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint other
        && other.origin.equals(origin)
        && other.size == size
        && Arrays.equals(other.rootHash, rootHash)
        && other.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
  }

  @Override
  public String toString() {
    return "Checkpoint["
        + origin
        + ", size="
        + size
        + ", root="
        + HexFormat.of().formatHex(rootHash)
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + "]";
  }
}
