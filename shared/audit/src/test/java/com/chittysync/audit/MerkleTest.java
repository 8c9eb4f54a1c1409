package com.chittysync.audit;

import static com.chittysync.audit.ReferenceData.hex;
import static com.chittysync.audit.ReferenceData.hexList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MerkleTest {
  private static final JsonNode VECTORS = ReferenceData.json("merkle/rfc6962-vectors.json");
  private static final List<byte[]> LEAF_HASHES = hexList(VECTORS.get("leafHashes"));

  @Test
  void leafHashesMatchRfc6962Vectors() {
    JsonNode leaves = VECTORS.get("leaves");
    assertThat(leaves).hasSize(8);
    for (int i = 0; i < leaves.size(); i++) {
      assertThat(hex(Merkle.leafHash(hex(leaves.get(i))))).isEqualTo(hex(LEAF_HASHES.get(i)));
    }
  }

  @Test
  void nodeHashesByLevelMatchRfc6962Vectors() {
    InMemoryMerkleTree tree = InMemoryMerkleTree.of(LEAF_HASHES);
    LeafSource plain = LeafSource.of(LEAF_HASHES);
    JsonNode levels = VECTORS.get("nodeHashesByLevel");
    assertThat(levels).hasSize(4);
    for (int level = 0; level < levels.size(); level++) {
      JsonNode hashes = levels.get(level);
      long width = 1L << level;
      assertThat(hashes).hasSize((int) (8 / width));
      for (int i = 0; i < hashes.size(); i++) {
        String want = hashes.get(i).asText();
        assertThat(hex(tree.subtreeHash(i * width, (i + 1) * width))).isEqualTo(want);
        assertThat(hex(plain.subtreeHash(i * width, (i + 1) * width))).isEqualTo(want);
      }
    }
    assertThat(hex(Merkle.nodeHash(LEAF_HASHES.get(0), LEAF_HASHES.get(1))))
        .isEqualTo(levels.get(1).get(0).asText());
  }

  @Test
  void emptyTreeRootIsSha256OfEmptyString() {
    String want = VECTORS.get("emptyTreeRoot").asText();
    assertThat(want).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(hex(Merkle.emptyRoot())).isEqualTo(want);
    assertThat(hex(Merkle.root(List.of()))).isEqualTo(want);
    assertThat(hex(Merkle.root(0, LeafSource.of(List.of())))).isEqualTo(want);
    assertThat(hex(InMemoryMerkleTree.of(List.of()).root())).isEqualTo(want);
  }

  @Test
  void rootsMatchRfc6962VectorsForEveryTreeSize() {
    JsonNode roots = VECTORS.get("rootsByTreeSize");
    assertThat(roots).hasSize(9);
    InMemoryMerkleTree full = InMemoryMerkleTree.of(LEAF_HASHES);
    for (int size = 0; size <= 8; size++) {
      String want = roots.get(Integer.toString(size)).asText();
      List<byte[]> prefix = LEAF_HASHES.subList(0, size);
      assertThat(hex(Merkle.root(prefix))).as("size %d", size).isEqualTo(want);
      assertThat(hex(Merkle.root(size, LeafSource.of(LEAF_HASHES)))).isEqualTo(want);
      assertThat(hex(Merkle.root(size, full))).isEqualTo(want);
      assertThat(hex(InMemoryMerkleTree.of(prefix).root())).isEqualTo(want);
    }
  }

  @Test
  void inclusionProofsMatchRfc6962Vectors() {
    assertThat(VECTORS.get("inclusionProofs")).hasSize(8);
    assertThat(VECTORS.get("allInclusionProofs")).hasSize(36);
    InMemoryMerkleTree tree = InMemoryMerkleTree.of(LEAF_HASHES);
    for (String key : List.of("inclusionProofs", "allInclusionProofs")) {
      for (JsonNode v : VECTORS.get(key)) {
        long index = v.get("leafIndex").asLong();
        long size = v.get("treeSize").asLong();
        List<String> want = hexStrings(v.get("path"));
        assertThat(hexes(Merkle.inclusionProof(index, size, LeafSource.of(LEAF_HASHES))))
            .as("%s index %d size %d", key, index, size)
            .isEqualTo(want);
        assertThat(hexes(Merkle.inclusionProof(index, size, tree))).isEqualTo(want);
        assertThat(hex(LEAF_HASHES.get((int) index))).isEqualTo(v.get("leafHash").asText());
        assertThatCode(
                () ->
                    Merkle.verifyInclusion(
                        index,
                        size,
                        hex(v.get("leafHash")),
                        hexList(v.get("path")),
                        hex(v.get("root"))))
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void consistencyProofsMatchRfc6962Vectors() {
    assertThat(VECTORS.get("consistencyProofs")).hasSize(9);
    assertThat(VECTORS.get("allConsistencyProofs")).hasSize(36);
    InMemoryMerkleTree tree = InMemoryMerkleTree.of(LEAF_HASHES);
    for (String key : List.of("consistencyProofs", "allConsistencyProofs")) {
      for (JsonNode v : VECTORS.get(key)) {
        long size1 = v.get("size1").asLong();
        long size2 = v.get("size2").asLong();
        List<String> want = hexStrings(v.get("proof"));
        assertThat(hexes(Merkle.consistencyProof(size1, size2, LeafSource.of(LEAF_HASHES))))
            .as("%s %d -> %d", key, size1, size2)
            .isEqualTo(want);
        assertThat(hexes(Merkle.consistencyProof(size1, size2, tree))).isEqualTo(want);
        assertThatCode(
                () ->
                    Merkle.verifyConsistency(
                        size1,
                        size2,
                        hexList(v.get("proof")),
                        hex(v.get("root1")),
                        hex(v.get("root2"))))
            .doesNotThrowAnyException();
      }
    }
  }

  static Stream<Arguments> inclusionProbes() {
    return probes("inclusion");
  }

  static Stream<Arguments> consistencyProbes() {
    return probes("consistency");
  }

  private static Stream<Arguments> probes(String kind) {
    JsonNode probes = VECTORS.get("probes").get(kind);
    assertThat(probes.size()).isGreaterThan(50);
    return StreamSupport.stream(probes.spliterator(), false)
        .map(p -> Arguments.of(p.get("file").asText(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionProbes")
  void inclusionProbesBehaveAsTransparencyDevExpects(String file, JsonNode probe) {
    ThrowingCallable verify =
        () ->
            Merkle.verifyInclusion(
                ReferenceData.uint64(probe.get("leafIndex")),
                ReferenceData.uint64(probe.get("treeSize")),
                hex(probe.get("leafHash")),
                hexList(probe.get("path")),
                hex(probe.get("root")));
    if (probe.get("wantErr").asBoolean()) {
      assertThatThrownBy(verify).isInstanceOf(AuditException.class);
    } else {
      assertThatCode(verify).doesNotThrowAnyException();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyProbes")
  void consistencyProbesBehaveAsTransparencyDevExpects(String file, JsonNode probe) {
    ThrowingCallable verify =
        () ->
            Merkle.verifyConsistency(
                ReferenceData.uint64(probe.get("size1")),
                ReferenceData.uint64(probe.get("size2")),
                hexList(probe.get("proof")),
                hex(probe.get("root1")),
                hex(probe.get("root2")));
    if (probe.get("wantErr").asBoolean()) {
      assertThatThrownBy(verify).isInstanceOf(AuditException.class);
    } else {
      assertThatCode(verify).doesNotThrowAnyException();
    }
  }

  @Test
  void inclusionEdgeCasesFailWithPreciseReasons() {
    byte[] root8 = Merkle.root(LEAF_HASHES);
    List<byte[]> proof = Merkle.inclusionProof(5, 8, LeafSource.of(LEAF_HASHES));
    byte[] leaf = LEAF_HASHES.get(5);

    assertReason(() -> Merkle.verifyInclusion(8, 8, leaf, proof, root8), Reason.INDEX_OUT_OF_RANGE);
    assertReason(() -> Merkle.verifyInclusion(9, 8, leaf, proof, root8), Reason.INDEX_OUT_OF_RANGE);
    assertReason(
        () -> Merkle.verifyInclusion(-1, 8, leaf, proof, root8), Reason.INDEX_OUT_OF_RANGE);
    assertReason(
        () -> Merkle.verifyInclusion(0, 0, leaf, List.of(), root8), Reason.INDEX_OUT_OF_RANGE);
    assertReason(
        () -> Merkle.verifyInclusion(5, 8, new byte[31], proof, root8), Reason.INVALID_ARGUMENT);
    assertReason(
        () -> Merkle.verifyInclusion(5, 8, leaf, proof, new byte[0]), Reason.INVALID_ARGUMENT);
    assertReason(
        () -> Merkle.verifyInclusion(5, 8, leaf, proof.subList(0, 2), root8),
        Reason.WRONG_PROOF_LENGTH);
    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(root8);
    assertReason(
        () -> Merkle.verifyInclusion(5, 8, leaf, longer, root8), Reason.WRONG_PROOF_LENGTH);
    List<byte[]> shortHash = new ArrayList<>(proof);
    shortHash.set(1, new byte[16]);
    assertReason(
        () -> Merkle.verifyInclusion(5, 8, leaf, shortHash, root8), Reason.WRONG_PROOF_LENGTH);
    assertReason(
        () -> Merkle.verifyInclusion(5, 8, LEAF_HASHES.get(4), proof, root8), Reason.ROOT_MISMATCH);
    assertThatCode(() -> Merkle.verifyInclusion(5, 8, leaf, proof, root8))
        .doesNotThrowAnyException();
  }

  @Test
  void consistencyEdgeCasesFailWithPreciseReasons() {
    byte[] root8 = Merkle.root(LEAF_HASHES);
    byte[] root6 = Merkle.root(LEAF_HASHES.subList(0, 6));
    List<byte[]> proof = Merkle.consistencyProof(6, 8, LeafSource.of(LEAF_HASHES));

    assertReason(
        () -> Merkle.verifyConsistency(8, 6, proof, root8, root6), Reason.INVALID_TREE_SIZES);
    assertReason(
        () -> Merkle.verifyConsistency(0, 8, proof, Merkle.emptyRoot(), root8),
        Reason.INVALID_TREE_SIZES);
    assertReason(
        () -> Merkle.verifyConsistency(0, 0, List.of(), Merkle.emptyRoot(), Merkle.emptyRoot()),
        Reason.INVALID_TREE_SIZES);
    assertReason(
        () -> Merkle.verifyConsistency(8, 8, List.of(root8), root8, root8),
        Reason.WRONG_PROOF_LENGTH);
    assertReason(
        () -> Merkle.verifyConsistency(8, 8, List.of(), root8, root6), Reason.ROOT_MISMATCH);
    assertThatCode(() -> Merkle.verifyConsistency(8, 8, List.of(), root8, root8))
        .doesNotThrowAnyException();
    assertReason(
        () -> Merkle.verifyConsistency(6, 8, List.of(), root6, root8), Reason.WRONG_PROOF_LENGTH);
    assertReason(
        () -> Merkle.verifyConsistency(6, 8, proof.subList(0, 2), root6, root8),
        Reason.WRONG_PROOF_LENGTH);
    assertReason(() -> Merkle.verifyConsistency(6, 8, proof, root8, root8), Reason.ROOT_MISMATCH);
    assertReason(() -> Merkle.verifyConsistency(6, 8, proof, root6, root6), Reason.ROOT_MISMATCH);
    assertReason(
        () -> Merkle.verifyConsistency(6, 8, proof, new byte[31], root8), Reason.INVALID_ARGUMENT);
    assertThatCode(() -> Merkle.verifyConsistency(6, 8, proof, root6, root8))
        .doesNotThrowAnyException();
  }

  @Test
  void proofGenerationRejectsInvalidArguments() {
    LeafSource source = LeafSource.of(LEAF_HASHES);
    assertReason(() -> Merkle.inclusionProof(8, 8, source), Reason.INDEX_OUT_OF_RANGE);
    assertReason(() -> Merkle.inclusionProof(-1, 8, source), Reason.INDEX_OUT_OF_RANGE);
    assertReason(() -> Merkle.inclusionProof(0, 0, source), Reason.INDEX_OUT_OF_RANGE);
    assertReason(() -> Merkle.consistencyProof(0, 8, source), Reason.INVALID_TREE_SIZES);
    assertReason(() -> Merkle.consistencyProof(5, 4, source), Reason.INVALID_TREE_SIZES);
    assertThat(Merkle.consistencyProof(5, 5, source)).isEmpty();
    assertReason(() -> Merkle.inclusionProof(0, 2, i -> new byte[31]), Reason.INVALID_ARGUMENT);
  }

  @Test
  void proofGenerationNeedsOnlyLogarithmicSubtreeLookups() {
    // A virtual 2^40-leaf log: subtree hashes are synthetic, so this only counts lookups.
    AtomicInteger lookups = new AtomicInteger();
    LeafSource counting =
        new LeafSource() {
          @Override
          public byte[] leafHash(long index) {
            throw new AssertionError("proof generation must not touch individual leaves here");
          }

          @Override
          public byte[] subtreeHash(long start, long end) {
            assertThat(Long.bitCount(end - start)).isEqualTo(1);
            assertThat(start % (end - start)).isZero();
            lookups.incrementAndGet();
            return Merkle.leafHash((start + ":" + end).getBytes());
          }
        };
    long size = (1L << 40) - 12345;
    for (long index : new long[] {0, 1, size / 3, size - 2}) {
      lookups.set(0);
      Merkle.inclusionProof(index, size, counting);
      assertThat(lookups.get()).as("lookups for index %d", index).isLessThanOrEqualTo(2 * 41);
    }
    lookups.set(0);
    Merkle.consistencyProof(size / 7, size, counting);
    assertThat(lookups.get()).isLessThanOrEqualTo(2 * 41);
  }

  @Test
  void nodeHashRejectsInputsThatAreNot32Bytes() {
    assertReason(() -> Merkle.nodeHash(new byte[31], new byte[32]), Reason.INVALID_ARGUMENT);
    assertReason(() -> Merkle.nodeHash(new byte[32], new byte[33]), Reason.INVALID_ARGUMENT);
  }

  static void assertReason(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(AuditException.class)
        .extracting(e -> ((AuditException) e).reason())
        .isEqualTo(reason);
  }

  private static List<String> hexStrings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> hexes(List<byte[]> hashes) {
    return hashes.stream().map(ReferenceData::hex).toList();
  }
}
