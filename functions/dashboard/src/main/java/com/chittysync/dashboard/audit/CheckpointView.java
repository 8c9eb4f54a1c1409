package com.chittysync.dashboard.audit;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.Cosignature;
import com.chittysync.audit.Note;
import com.chittysync.audit.NoteSignature;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.audit.log.StoredCheckpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The latest checkpoint as the audit pages show it: the signed note verbatim, what its body says,
 * and each signature line. Nothing here is verified: the browser does that, with the keys.
 *
 * @param note the signed note exactly as the log serves it
 * @param rootHex the root hash in hex
 * @param rootBase64 the root hash in base64, as in the note
 * @param logSignatures the signature lines that are not cosignatures (by the log's key, when known)
 * @param cosignatures the witnesses' cosignature lines
 * @param logKey the log's verifier key the dashboard knows, if any
 * @param witnessKeys how many witness keys the dashboard knows
 */
public record CheckpointView(
    String note,
    String origin,
    long size,
    String rootHex,
    String rootBase64,
    List<Line> logSignatures,
    List<Line> cosignatures,
    Optional<String> logKey,
    int witnessKeys) {

  /**
   * One signature line.
   *
   * @param name the key name
   * @param keyId the key ID in hex
   * @param line the line as it is in the note
   * @param time when a witness cosigned (cosignatures only)
   * @param knownKey whether the dashboard has this key, so the browser can check the line
   */
  public record Line(
      String name, String keyId, String line, Optional<Instant> time, boolean knownKey) {}

  /** The view of {@code stored}, marking the lines whose keys {@code keys} has. */
  public static CheckpointView of(StoredCheckpoint stored, AuditKeys keys) {
    Note note = stored.parsedNote();
    Checkpoint body = Checkpoint.parse(note.text());
    List<Line> log = new ArrayList<>();
    List<Line> witnesses = new ArrayList<>();
    for (NoteSignature s : note.signatures()) {
      String line = s.toLine().stripTrailing();
      boolean isLog =
          keys.logKey().map(k -> k.name().equals(s.name()) && k.keyId() == s.keyId()).orElse(false);
      Optional<Cosignature> cosig = isLog ? Optional.empty() : cosignature(s);
      if (cosig.isPresent()) {
        witnesses.add(
            new Line(
                s.name(),
                s.keyIdHex(),
                line,
                Optional.of(Instant.ofEpochSecond(cosig.get().timestamp())),
                keys.witness(s.name(), s.keyId()).isPresent()));
      } else {
        log.add(new Line(s.name(), s.keyIdHex(), line, Optional.empty(), isLog));
      }
    }
    return new CheckpointView(
        stored.note(),
        body.origin(),
        body.size(),
        HexFormat.of().formatHex(body.rootHash()),
        Base64.getEncoder().encodeToString(body.rootHash()),
        log,
        witnesses,
        keys.logKey().map(NoteVerifier::verifierKey),
        keys.witnesses().size());
  }

  private static Optional<Cosignature> cosignature(NoteSignature s) {
    try {
      return Optional.of(Cosignature.fromNoteSignature(s));
    } catch (AuditException e) {
      return Optional.empty(); // a log signature (64 bytes), or another kind of line
    }
  }

  /** Whether the dashboard knows the log's key (else the browser cannot check the signature). */
  public boolean logKeyKnown() {
    return logKey.isPresent();
  }
}
