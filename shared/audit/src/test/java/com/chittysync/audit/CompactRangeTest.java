package com.chittysync.audit;

import static com.chittysync.audit.MerkleTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
  private static final JsonNode VECTORS = ReferenceData.json("merkle/rfc6962-vectors.json");

  @Test
  void rootsMatchRfc6962VectorsAtEverySize() {
    List<byte[]> leaves = ReferenceData.hexList(VECTORS.get("leafHashes"));
    CompactRange range = CompactRange.empty();
    for (int size = 0; size <= 8; size++) {
      assertThat(range.size()).isEqualTo(size);
      assertThat(ReferenceData.hex(range.root()))
          .as("size %d", size)
          .isEqualTo(VECTORS.get("rootsByTreeSize").get(Integer.toString(size)).asText());
      if (size < 8) {
        range = range.append(leaves.get(size));
      }
    }
  }

  @Test
  void rootsMatchMerkleRootForEveryRandomSizeUpTo300() {
    List<byte[]> leaves = MerklePropertyTest.randomLeafHashes(new Random(300), 300);
    InMemoryMerkleTree tree = InMemoryMerkleTree.of(leaves);
    CompactRange range = CompactRange.empty();
    for (int size = 1; size <= 300; size++) {
      range = range.append(leaves.get(size - 1));
      byte[] want = MerklePropertyTest.referenceMth(leaves.subList(0, size));
      assertThat(range.root()).as("size %d", size).isEqualTo(want);
      assertThat(Merkle.root(leaves.subList(0, size))).isEqualTo(want);
      assertThat(Merkle.root(size, tree)).isEqualTo(want);
      assertThat(range.hashes()).hasSize(Long.bitCount(size));
    }
  }

  @Test
  void serializedFrontierRestoresAndKeepsAppending() {
    List<byte[]> leaves = MerklePropertyTest.randomLeafHashes(new Random(7), 130);
    CompactRange range = CompactRange.empty();
    for (int size = 0; size < 129; size++) {
      CompactRange restored = CompactRange.of(range.size(), range.hashes());
      assertThat(restored).isEqualTo(range);
      assertThat(restored.root()).isEqualTo(range.root());
      CompactRange next = range.append(leaves.get(size));
      assertThat(restored.append(leaves.get(size))).isEqualTo(next);
      range = next;
    }
  }

  @Test
  void frontierFromLeafSourceMatchesAppendedFrontier() {
    List<byte[]> leaves = MerklePropertyTest.randomLeafHashes(new Random(11), 200);
    InMemoryMerkleTree tree = InMemoryMerkleTree.of(leaves);
    CompactRange range = CompactRange.empty();
    for (int size = 0; size <= 200; size++) {
      assertThat(CompactRange.of(size, tree)).isEqualTo(range);
      assertThat(CompactRange.of(size, LeafSource.of(leaves))).isEqualTo(range);
      if (size < 200) {
        range = range.append(leaves.get(size));
      }
    }
  }

  @Test
  void frontierHoldsOnePerfectSubtreePerSetBitLargestFirst() {
    List<byte[]> leaves = MerklePropertyTest.randomLeafHashes(new Random(13), 13);
    CompactRange range = CompactRange.empty().appendAll(leaves);
    List<byte[]> hashes = range.hashes();
    assertThat(hashes).hasSize(3); // 13 = 8 + 4 + 1
    assertThat(hashes.get(0)).isEqualTo(MerklePropertyTest.referenceMth(leaves.subList(0, 8)));
    assertThat(hashes.get(1)).isEqualTo(MerklePropertyTest.referenceMth(leaves.subList(8, 12)));
    assertThat(hashes.get(2)).isEqualTo(leaves.get(12));
  }

  @Test
  void appendLeavesTheOriginalRangeUnchanged() {
    List<byte[]> leaves = MerklePropertyTest.randomLeafHashes(new Random(17), 4);
    CompactRange three = CompactRange.empty().appendAll(leaves.subList(0, 3));
    byte[] rootBefore = three.root();
    CompactRange four = three.append(leaves.get(3));
    assertThat(three.size()).isEqualTo(3);
    assertThat(three.root()).isEqualTo(rootBefore);
    assertThat(four.size()).isEqualTo(4);
    List<byte[]> exposed = three.hashes();
    exposed.get(0)[0] ^= 1;
    assertThat(three.root()).isEqualTo(rootBefore);
  }

  @Test
  void deserializationRejectsWrongHashCountOrLength() {
    List<byte[]> two = new ArrayList<>(List.of(new byte[32], new byte[32]));
    assertReason(() -> CompactRange.of(4, two), Reason.INVALID_ARGUMENT);
    assertReason(() -> CompactRange.of(-1, List.of()), Reason.INVALID_ARGUMENT);
    assertReason(
        () -> CompactRange.of(3, List.of(new byte[32], new byte[31])), Reason.INVALID_ARGUMENT);
    assertReason(() -> CompactRange.empty().append(new byte[31]), Reason.INVALID_ARGUMENT);
    assertThat(CompactRange.of(3, two).size()).isEqualTo(3);
  }

  @Test
  void appendReportsEveryCompletedPerfectSubtree() {
    Random random = new Random(7);
    List<byte[]> leaves = new ArrayList<>();
    Map<String, byte[]> reported = new HashMap<>();
    CompactRange range = CompactRange.empty();
    for (int i = 0; i < 300; i++) {
      byte[] data = new byte[8];
      random.nextBytes(data);
      byte[] leaf = Merkle.leafHash(data);
      leaves.add(leaf);
      range = range.append(leaf, (level, index, hash) -> reported.put(level + "/" + index, hash));
    }
    InMemoryMerkleTree tree = InMemoryMerkleTree.of(leaves);
    int expected = 0;
    for (int level = 1; (1 << level) <= 300; level++) {
      for (long index = 0; ((index + 1) << level) <= 300; index++) {
        expected++;
        assertThat(reported.get(level + "/" + index))
            .as("node %d/%d", level, index)
            .isEqualTo(tree.subtreeHash(index << level, (index + 1) << level));
      }
    }
    assertThat(reported).hasSize(expected);
  }
}
