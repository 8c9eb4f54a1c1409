package com.chittysync.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random checks: proofs for random (index, size) and (size1, size2) up to 500 leaves match a
 * direct transcription of RFC 6962 section 2.1, verify, and stop verifying when any single byte of
 * the proof (or the leaf, the sizes, or a root) changes.
 */
class MerklePropertyTest {
  private static final int MAX_LEAVES = 500;
  private static final long SEED = 0x6962_9162L;

  private final List<byte[]> leaves = randomLeafHashes(new Random(SEED), MAX_LEAVES);
  private final InMemoryMerkleTree tree = InMemoryMerkleTree.of(leaves);
  private final LeafSource plain = LeafSource.of(leaves);

  @Test
  void randomInclusionProofsVerifyAndEveryFlippedByteFails() {
    Random rnd = new Random(SEED + 1);
    for (int iter = 0; iter < 250; iter++) {
      int size = 1 + rnd.nextInt(MAX_LEAVES);
      int index = rnd.nextInt(size);
      byte[] root = Merkle.root(size, tree);
      assertThat(root).isEqualTo(referenceMth(leaves.subList(0, size)));

      List<byte[]> proof = Merkle.inclusionProof(index, size, tree);
      assertThat(proof)
          .as("index %d size %d", index, size)
          .containsExactlyElementsOf(referencePath(index, leaves.subList(0, size)));
      assertThat(Merkle.inclusionProof(index, size, plain)).containsExactlyElementsOf(proof);

      byte[] leaf = leaves.get(index);
      assertThatCode(() -> Merkle.verifyInclusion(index, size, leaf, proof, root))
          .doesNotThrowAnyException();

      for (int e = 0; e < proof.size(); e++) {
        for (int b = 0; b < Merkle.HASH_SIZE; b++) {
          List<byte[]> tampered = flip(proof, e, b);
          assertThatThrownBy(() -> Merkle.verifyInclusion(index, size, leaf, tampered, root))
              .isInstanceOf(AuditException.class);
        }
      }
      int b = rnd.nextInt(Merkle.HASH_SIZE);
      assertThatThrownBy(() -> Merkle.verifyInclusion(index, size, flip(leaf, b), proof, root))
          .isInstanceOf(AuditException.class);
      assertThatThrownBy(() -> Merkle.verifyInclusion(index, size, leaf, proof, flip(root, b)))
          .isInstanceOf(AuditException.class);
      if (size > 1) {
        int other = (index + 1 + rnd.nextInt(size - 1)) % size;
        assertThatThrownBy(() -> Merkle.verifyInclusion(other, size, leaf, proof, root))
            .isInstanceOf(AuditException.class);
      }
      // Note: the same proof may also verify for another tree size whose path has the same shape
      // (e.g. index 0 in sizes 3 and 4); the size is authenticated by the signed checkpoint.
    }
  }

  @Test
  void randomConsistencyProofsVerifyAndEveryFlippedByteFails() {
    Random rnd = new Random(SEED + 2);
    for (int iter = 0; iter < 250; iter++) {
      int size2 = 1 + rnd.nextInt(MAX_LEAVES);
      int size1 = 1 + rnd.nextInt(size2);
      byte[] root1 = Merkle.root(size1, tree);
      byte[] root2 = Merkle.root(size2, tree);

      List<byte[]> proof = Merkle.consistencyProof(size1, size2, tree);
      assertThat(proof)
          .as("%d -> %d", size1, size2)
          .containsExactlyElementsOf(referenceProof(size1, leaves.subList(0, size2)));
      assertThat(Merkle.consistencyProof(size1, size2, plain)).containsExactlyElementsOf(proof);
      assertThatCode(() -> Merkle.verifyConsistency(size1, size2, proof, root1, root2))
          .doesNotThrowAnyException();

      for (int e = 0; e < proof.size(); e++) {
        for (int b = 0; b < Merkle.HASH_SIZE; b++) {
          List<byte[]> tampered = flip(proof, e, b);
          assertThatThrownBy(() -> Merkle.verifyConsistency(size1, size2, tampered, root1, root2))
              .isInstanceOf(AuditException.class);
        }
      }
      int b = rnd.nextInt(Merkle.HASH_SIZE);
      assertThatThrownBy(() -> Merkle.verifyConsistency(size1, size2, proof, flip(root1, b), root2))
          .isInstanceOf(AuditException.class);
      assertThatThrownBy(() -> Merkle.verifyConsistency(size1, size2, proof, root1, flip(root2, b)))
          .isInstanceOf(AuditException.class);
      if (size1 < size2) {
        List<byte[]> shorter = proof.subList(0, proof.size() - 1);
        assertThatThrownBy(() -> Merkle.verifyConsistency(size1, size2, shorter, root1, root2))
            .isInstanceOf(AuditException.class);
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(root2);
        assertThatThrownBy(() -> Merkle.verifyConsistency(size1, size2, longer, root1, root2))
            .isInstanceOf(AuditException.class);
      }
    }
  }

  // --- RFC 6962 section 2.1, transcribed literally (slow, obviously correct) ---

  static byte[] referenceMth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return Merkle.emptyRoot();
    }
    if (n == 1) {
      return d.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return Merkle.nodeHash(referenceMth(d.subList(0, k)), referenceMth(d.subList(k, n)));
  }

  static List<byte[]> referencePath(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (n == 1) {
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      out.addAll(referencePath(m, d.subList(0, k)));
      out.add(referenceMth(d.subList(k, n)));
    } else {
      out.addAll(referencePath(m - k, d.subList(k, n)));
      out.add(referenceMth(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> referenceProof(int m, List<byte[]> d) {
    return referenceSubproof(m, d, true);
  }

  private static List<byte[]> referenceSubproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(referenceMth(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(referenceSubproof(m, d.subList(0, k), b));
      out.add(referenceMth(d.subList(k, n)));
    } else {
      out.addAll(referenceSubproof(m - k, d.subList(k, n), false));
      out.add(referenceMth(d.subList(0, k)));
    }
    return out;
  }

  // --- helpers ---

  static List<byte[]> randomLeafHashes(Random rnd, int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[rnd.nextInt(40)];
      rnd.nextBytes(data);
      out.add(Merkle.leafHash(data));
    }
    return out;
  }

  private static List<byte[]> flip(List<byte[]> proof, int element, int bit) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.set(element, flip(proof.get(element), bit));
    return copy;
  }

  private static byte[] flip(byte[] hash, int byteIndex) {
    byte[] copy = hash.clone();
    copy[byteIndex] ^= 0x01;
    return copy;
  }
}
