package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A C2SP tlog-proof ({@code c2sp.org/tlog-proof@v1}): an offline-verifiable proof that an entry is
 * in a log, with the log's signed checkpoint and any witness cosignatures. Text form:
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * [extra &lt;base64&gt;]
 * index &lt;decimal&gt;
 * &lt;base64 hash&gt;      (zero or more: the RFC 6962 inclusion path, leaf's sibling first)
 *
 * &lt;the signed checkpoint note, verbatim&gt;
 * </pre>
 *
 * @param index the entry's zero-based index in the log
 * @param path the inclusion proof's hashes
 * @param extra opaque, unauthenticated extra data, if any
 * @param checkpoint the signed note (checkpoint body, blank line, signature lines)
 */
public record TlogProof(long index, List<byte[]> path, Optional<byte[]> extra, String checkpoint) {
  /** The first line. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  /** The most text {@link #parse} reads: a path is at most 64 hashes, notes are small. */
  public static final int MAX_CHARS = 64 * 1024;

  /** Validates and copies. */
  public TlogProof {
    if (index < 0) {
      throw new AuditException(Reason.INVALID_ARGUMENT, "index must not be negative");
    }
    path = List.copyOf(path);
    for (byte[] h : path) {
      if (h.length != Merkle.HASH_SIZE) {
        throw new AuditException(Reason.WRONG_PROOF_LENGTH, "every proof hash must be 32 bytes");
      }
    }
    Objects.requireNonNull(extra, "extra");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }

  /** The proof's text. */
  public String format() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    extra.ifPresent(
        e -> sb.append("extra ").append(Base64.getEncoder().encodeToString(e)).append('\n'));
    sb.append("index ").append(index).append('\n');
    for (byte[] h : path) {
      sb.append(Base64.getEncoder().encodeToString(h)).append('\n');
    }
    return sb.append('\n').append(checkpoint).toString();
  }

  /**
   * Parses a proof's text strictly (CRLF line ends are not accepted).
   *
   * @throws AuditException {@link Reason#MALFORMED_NOTE} naming what is wrong
   */
  public static TlogProof parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_CHARS) {
      throw bad("a proof is at most " + MAX_CHARS + " characters");
    }
    int blank = text.indexOf("\n\n");
    if (blank < 0) {
      throw bad("no blank line between the inclusion proof and the checkpoint");
    }
    String[] lines = text.substring(0, blank).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw bad("the first line must be " + HEADER);
    }
    int i = 1;
    Optional<byte[]> extra = Optional.empty();
    if (i < lines.length && lines[i].startsWith("extra ")) {
      extra =
          Optional.of(
              NoteFormat.decodeBase64Strict(
                  lines[i].substring("extra ".length()), Reason.MALFORMED_NOTE, "extra data"));
      i++;
    }
    if (i >= lines.length || !lines[i].startsWith("index ")) {
      throw bad("the line after the header must be 'index <n>'");
    }
    String n = lines[i].substring("index ".length());
    if (n.isEmpty()
        || n.length() > 19
        || !n.chars().allMatch(c -> c >= '0' && c <= '9')
        || (n.length() > 1 && n.charAt(0) == '0')) {
      throw bad("the index must be a decimal without sign or leading zeros, got '" + n + "'");
    }
    long index;
    try {
      index = Long.parseLong(n);
    } catch (NumberFormatException e) {
      throw bad("the index " + n + " is too large");
    }
    List<byte[]> path = new ArrayList<>();
    for (i++; i < lines.length; i++) {
      if (path.size() == 64) {
        throw bad("an inclusion proof has at most 64 hashes");
      }
      byte[] h =
          NoteFormat.decodeBase64Strict(
              lines[i], Reason.MALFORMED_NOTE, "proof hash " + (path.size() + 1));
      if (h.length != Merkle.HASH_SIZE) {
        throw bad("proof hash " + (path.size() + 1) + " is not 32 bytes");
      }
      path.add(h);
    }
    return new TlogProof(index, path, extra, text.substring(blank + 2));
  }

  /** The checkpoint note, parsed (format only). */
  public Note note() {
    return Note.parse(checkpoint.getBytes(StandardCharsets.UTF_8), 256);
  }

  /**
   * Verifies that the entry with leaf hash {@code leafHash} is at {@link #index()} in the tree the
   * checkpoint commits to, that the log signed the checkpoint, and that {@code policy}'s witnesses
   * cosigned it.
   *
   * @return the verified checkpoint
   * @throws AuditException naming what failed: the log signature, a witness, the quorum, or the
   *     inclusion path
   */
  public Checkpoint verify(byte[] leafHash, NoteVerifier logKey, WitnessPolicy policy) {
    Checkpoint c = policy.verify(note(), logKey);
    Merkle.verifyInclusion(index, c.size(), leafHash, path, c.rootHash());
    return c;
  }

  private static AuditException bad(String why) {
    return new AuditException(Reason.MALFORMED_NOTE, "tlog-proof: " + why);
  }
}
