package com.chittysync.audit.log;

import com.chittysync.audit.Note;
import java.nio.charset.StandardCharsets;

/**
 * A signed checkpoint as the log keeps and serves it.
 *
 * @param size the tree size it commits to
 * @param root the tree's root hash
 * @param note the signed note: checkpoint body, log signature and any witness cosignatures
 */
public record StoredCheckpoint(long size, byte[] root, String note) {
  public StoredCheckpoint {
    root = root.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The note, parsed (allowing more signature lines than the signed-note minimum of 16). */
  public Note parsedNote() {
    return Note.parse(note.getBytes(StandardCharsets.UTF_8), 256);
  }
}
