package com.chittysync.audit;

import java.util.List;

/**
 * A signed note whose signatures passed {@link Note#verify}: safe to act on.
 *
 * @param note the note as parsed
 * @param verifiedBy the distinct trusted keys whose signatures verified (never empty)
 */
public record VerifiedNote(Note note, List<NoteVerifier> verifiedBy) {

  /** Copies the list. */
  public VerifiedNote {
    verifiedBy = List.copyOf(verifiedBy);
  }

  /** The verified text, including its final newline. */
  public String text() {
    return note.text();
  }
}
