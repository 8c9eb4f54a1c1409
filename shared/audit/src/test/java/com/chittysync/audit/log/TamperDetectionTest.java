package com.chittysync.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.Merkle;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of tampering with the stored log is caught by verify, which names the first bad seq.
 */
class TamperDetectionTest {
  private AuditLogFixture f;

  @BeforeEach
  void logWithCheckpoints() {
    f = new AuditLogFixture();
    f.append(40);
    f.checkpointer.checkpoint();
    f.append(25);
    f.checkpointer.checkpoint();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static String hex(byte[] b) {
    return "'\\x" + HexFormat.of().formatHex(b) + "'";
  }

  @Test
  void untouchedLogVerifies() {
    VerificationReport report = f.verify();
    assertThat(report.ok()).as(report.summary()).isTrue();
    assertThat(report.entries()).isEqualTo(65);
    assertThat(report.checkpoints()).isEqualTo(2);
  }

  @Test
  void editedEntryIsCaughtAtItsSeq() {
    f.sql(
        "UPDATE chittysync.audit_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '\"n\":7', '\"n\":8'), 'UTF8') WHERE seq = 7");
    VerificationReport report = f.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).hasValue(7);
    assertThat(report.failure()).contains("entry 7 does not hash to its stored leaf hash");
  }

  @Test
  void editedEntryWithRecomputedLeafHashIsCaughtByTheCheckpoint() {
    byte[] forged = AuditEntries.canonical(21, Instant.now(), AuditLogFixture.record(-5));
    f.sql(
        "UPDATE chittysync.audit_entries SET entry = "
            + hex(forged)
            + ", leaf_hash = "
            + hex(Merkle.leafHash(forged))
            + " WHERE seq = 21");
    VerificationReport report = f.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.failure()).startsWith("checkpoint 40 does not match the entries");
    // The stored interior node covering entries 16..31 still holds the original hash.
    assertThat(report.firstBadSeq()).hasValue(16);
    assertThat(report.failure()).contains("between 16 and 31");
  }

  @Test
  void deletedEntryIsCaughtAtItsSeq() {
    f.sql("DELETE FROM chittysync.audit_entries WHERE seq = 12");
    VerificationReport report = f.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).hasValue(12);
    assertThat(report.failure()).isEqualTo("entry 12 is missing (the next stored entry is 13)");
  }

  @Test
  void deletedTailIsCaught() {
    f.sql("DELETE FROM chittysync.audit_entries WHERE seq >= 60");
    VerificationReport report = f.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).hasValue(60);
    assertThat(report.failure())
        .contains("checkpoint 65 is signed but the log has only 60 entries");
  }

  @Test
  void insertedEntryIsCaught() {
    byte[] extra = AuditEntries.canonical(65, Instant.now(), AuditLogFixture.record(65));
    f.sql(
        "INSERT INTO chittysync.audit_entries (seq, entry, leaf_hash, type) VALUES (65, "
            + hex(extra)
            + ", "
            + hex(Merkle.leafHash(extra))
            + ", 'operator.note')");
    VerificationReport report = f.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).hasValue(65);
    assertThat(report.failure()).contains("the log head says 65 entries, 66 are stored");
  }

  @Test
  void reorderedEntriesAreCaughtAtTheFirstMovedSeq() {
    f.sql("UPDATE chittysync.audit_entries SET seq = 1000000 WHERE seq = 30");
    f.sql("UPDATE chittysync.audit_entries SET seq = 30 WHERE seq = 31");
    f.sql("UPDATE chittysync.audit_entries SET seq = 31 WHERE seq = 1000000");
    VerificationReport report = f.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).hasValue(30);
    assertThat(report.failure()).contains("entry 30 says it is seq 31");
  }

  @Test
  void forgedCheckpointSignatureIsCaught() {
    f.sql(
        "UPDATE chittysync.audit_checkpoints SET note = replace(note, E'\\n40\\n', E'\\n39\\n') WHERE tree_size = 40");
    VerificationReport report = f.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.failure()).startsWith("checkpoint 40:");
  }

  @Test
  void deletedCheckpointDoesNotHideTamperingBeforeTheNext() {
    f.sql("DELETE FROM chittysync.audit_checkpoints WHERE tree_size = 40");
    assertThat(f.verify().ok()).isTrue();
    f.sql(
        "UPDATE chittysync.audit_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '\"n\":3', '\"n\":4'), 'UTF8') WHERE seq = 3");
    assertThat(f.verify().firstBadSeq()).hasValue(3);
  }
}
