package com.chittysync.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.CompactRange;
import com.chittysync.audit.InMemoryMerkleTree;
import com.chittysync.audit.Jcs;
import com.chittysync.audit.Merkle;
import com.chittysync.audit.Note;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.testkit.PgBouncer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private AuditLogFixture f;

  @BeforeEach
  void open() {
    f = new AuditLogFixture();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private List<byte[]> storedLeaves() {
    List<byte[]> leaves = new ArrayList<>();
    f.log.entries(0, Long.MAX_VALUE, (seq, entry, leaf) -> leaves.add(leaf));
    return leaves;
  }

  @Test
  void entriesAreCanonicalJsonWithSeqTimeTypeActorAndBody() throws Exception {
    f.append(3);
    List<byte[]> entries = new ArrayList<>();
    f.log.entries(
        0,
        3,
        (seq, entry, leaf) -> {
          entries.add(entry);
          assertThat(leaf).isEqualTo(Merkle.leafHash(entry));
        });
    assertThat(entries).hasSize(3);
    for (int i = 0; i < 3; i++) {
      byte[] entry = entries.get(i);
      assertThat(Jcs.canonicalize(entry)).isEqualTo(entry);
      JsonNode json = Json.mapper().readTree(entry);
      assertThat(json.get("seq").asLong()).isEqualTo(i);
      assertThat(json.get("type").asText()).isEqualTo("operator.note");
      assertThat(json.get("actor").asText()).isEqualTo("test");
      assertThat(json.get("time").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(json.at("/body/n").asInt()).isEqualTo(i);
    }
  }

  @Test
  void anEntryOverTheSizeLimitIsRefusedAndNothingIsAppended() {
    f.append(2);
    AuditRecord huge =
        new AuditRecord(
            "sync.op",
            "engine",
            Json.mapper().createObjectNode().put("text", "x".repeat(AuditLog.MAX_ENTRY_BYTES)));
    assertThatThrownBy(() -> f.log.append(List.of(AuditLogFixture.record(2), huge)))
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_TOO_LARGE))
        .hasMessageContaining("over the audit log's limit of 1048576 bytes per entry");
    assertThat(f.log.head().size()).isEqualTo(2);
  }

  @Test
  void headRootEqualsTheRfc6962RootOfTheLeaves() {
    for (int batch : new int[] {1, 2, 13, 100, 31}) {
      f.append(batch);
    }
    List<byte[]> leaves = storedLeaves();
    assertThat(leaves).hasSize(147);
    AuditLog.Head head = f.log.head();
    assertThat(head.size()).isEqualTo(147);
    assertThat(head.root()).isEqualTo(Merkle.root(leaves));
    for (long size : new long[] {1, 16, 17, 100, 147}) {
      assertThat(f.log.root(size))
          .as("root at %d", size)
          .isEqualTo(Merkle.root(leaves.subList(0, (int) size)));
    }
  }

  @Test
  void proofsFromStoredNodesEqualProofsFromAllLeaves() {
    f.append(300);
    List<byte[]> leaves = storedLeaves();
    InMemoryMerkleTree tree = InMemoryMerkleTree.of(leaves);
    Random random = new Random(42);
    for (int i = 0; i < 60; i++) {
      long size = 1 + random.nextInt(300);
      long seq = random.nextInt((int) size);
      InclusionProof proof = f.log.prove(seq, size);
      assertThat(proof.path())
          .usingElementComparator(Arrays::compare)
          .containsExactlyElementsOf(Merkle.inclusionProof(seq, size, tree));
      Merkle.verifyInclusion(
          seq,
          size,
          leaves.get((int) seq),
          proof.path(),
          Merkle.root(leaves.subList(0, (int) size)));
      long from = 1 + random.nextInt((int) size);
      ConsistencyProof consistency = f.log.consistency(from, size);
      Merkle.verifyConsistency(
          from,
          size,
          consistency.path(),
          Merkle.root(leaves.subList(0, (int) from)),
          Merkle.root(leaves.subList(0, (int) size)));
    }
  }

  @Test
  void outOfRangeProofRequestsAreRefusedClearly() {
    f.append(5);
    assertThatThrownBy(() -> f.log.prove(5, 5))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("seq 5 is not in a tree of size 5");
    assertThatThrownBy(() -> f.log.prove(0, 6))
        .hasMessage("tree size 6 is outside the log, which has 5 entries");
    assertThatThrownBy(() -> f.log.consistency(0, 5)).hasMessageContaining("1 <= from <= to");
  }

  @Test
  void concurrentAppendersGetGaplessOrderedSequenceNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<List<AppendedEntry>>> futures = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      futures.add(
          pool.submit(
              () -> {
                List<AppendedEntry> mine = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                  mine.addAll(f.append(1 + i % 3));
                }
                return mine;
              }));
    }
    Set<Long> seqs = new HashSet<>();
    for (Future<List<AppendedEntry>> future : futures) {
      for (AppendedEntry e : future.get()) {
        assertThat(seqs.add(e.seq())).as("seq %d handed out twice", e.seq()).isTrue();
      }
    }
    pool.shutdown();
    long expected = 6 * (7 * 1 + 7 * 2 + 6 * 3);
    assertThat(seqs).hasSize((int) expected);
    assertThat(seqs.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isEqualTo(expected - 1);
    assertThat(f.verify().ok()).isTrue();
  }

  @Test
  void concurrentAppendsThroughPgBouncerStayGapless() throws Exception {
    try (AuditLogFixture pooled = new AuditLogFixture(db -> db.pooledEnv(PgBouncer.shared()))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 15; i++) {
                    pooled.append(2);
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      pool.shutdown();
      assertThat(pooled.log.head().size()).isEqualTo(120);
      pooled.checkpointer.checkpoint();
      assertThat(pooled.verify().ok()).as(pooled.verify().summary()).isTrue();
    }
  }

  @Test
  void anAppendThatRollsBackLeavesNoTrace() {
    f.append(3);
    assertThatThrownBy(
            () ->
                f.database.inTransaction(
                    c -> {
                      f.log.append(c, List.of(AuditLogFixture.record(99)));
                      throw new IllegalStateException("the change this entry records failed");
                    }))
        .hasMessageContaining("failed");
    assertThat(f.log.head().size()).isEqualTo(3);
    assertThat(f.append(1).get(0).seq()).isEqualTo(3);
    assertThat(f.verify().ok()).isTrue();
  }

  @Test
  void checkpointIsASignedC2spNoteOverTheCurrentTree() {
    f.append(10);
    StoredCheckpoint cp = f.checkpointer.checkpoint();
    Note note = Note.parse(cp.note());
    Checkpoint body = Checkpoint.fromNote(note.verify(List.of(f.signer.verifier())));
    assertThat(body.origin()).isEqualTo("test.example/log");
    assertThat(body.size()).isEqualTo(10);
    assertThat(body.rootHash()).isEqualTo(f.log.head().root());
    assertThat(new String(body.toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "test.example/log\n10\n" + Base64.getEncoder().encodeToString(body.rootHash()) + "\n");
  }

  @Test
  void checkpointingAnUnchangedLogReturnsTheSameCheckpoint() {
    f.append(4);
    StoredCheckpoint first = f.checkpointer.checkpoint();
    StoredCheckpoint again = f.checkpointer.checkpoint();
    assertThat(again.note()).isEqualTo(first.note());
    assertThat(f.log.checkpoints()).hasSize(1);
  }

  @Test
  void logRefusesToSignACheckpointInconsistentWithTheLastOne() {
    f.append(20);
    f.checkpointer.checkpoint();
    f.append(5);
    // Rewrite history consistently in entries, leaves, nodes and head, as an attacker with database
    // access could: the new tree is self-consistent but not an extension of the signed one.
    byte[] forged = AuditEntries.canonical(3, Instant.now(), AuditLogFixture.record(-1));
    f.sql(
        "UPDATE chittysync.audit_entries SET entry = '\\x"
            + HexFormat.of().formatHex(forged)
            + "', leaf_hash = '\\x"
            + HexFormat.of().formatHex(Merkle.leafHash(forged))
            + "' WHERE seq = 3");
    rebuildNodesAndHead();
    assertThatThrownBy(() -> f.checkpointer.checkpoint())
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("refusing to sign a checkpoint: the log is not consistent with checkpoint 20");
    assertThat(f.log.checkpoints()).hasSize(1);
  }

  /** Recomputes nodes and head from the stored leaves, as a thorough forger would. */
  void rebuildNodesAndHead() {
    List<byte[]> leaves = storedLeaves();
    f.sql("DELETE FROM chittysync.audit_nodes");
    CompactRange range = CompactRange.empty();
    StringBuilder inserts = new StringBuilder();
    for (byte[] leaf : leaves) {
      range =
          range.append(
              leaf,
              (level, index, hash) -> {
                if (StoredTree.isStoredLevel(level)) {
                  inserts
                      .append("INSERT INTO chittysync.audit_nodes VALUES (")
                      .append(level)
                      .append(',')
                      .append(index)
                      .append(", '\\x")
                      .append(HexFormat.of().formatHex(hash))
                      .append("');");
                }
              });
    }
    if (inserts.length() > 0) {
      f.sql(inserts.toString());
    }
    StringBuilder frontier = new StringBuilder("ARRAY[");
    List<byte[]> hashes = range.hashes();
    for (int i = 0; i < hashes.size(); i++) {
      frontier
          .append(i == 0 ? "" : ",")
          .append("'\\x")
          .append(HexFormat.of().formatHex(hashes.get(i)))
          .append("'::bytea");
    }
    frontier.append("]::bytea[]");
    f.sql(
        "UPDATE chittysync.audit_head SET frontier = "
            + frontier
            + ", root_hash = '\\x"
            + HexFormat.of().formatHex(range.root())
            + "'");
  }
}
