package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable Merkle tree held in memory with every perfect-subtree hash precomputed, so {@link
 * #subtreeHash(long, long)} is an array lookup and proofs cost O(log n). Memory is about 64 bytes
 * per leaf (a million leaves take 64 MiB). Intended for tests, tools and small logs; a database-
 * backed log implements {@link LeafSource} over its stored nodes instead.
 *
 * <p>Level {@code k} stores the hashes of the {@code size >> k} complete subtrees of width {@code
 * 2^k}, contiguously, 32 bytes each.
 */
public final class InMemoryMerkleTree implements LeafSource {
  private static final int MAX_LEAVES = Integer.MAX_VALUE / Merkle.HASH_SIZE;

  private final long size;
  private final byte[][] levels;
  private final byte[] root;

  private InMemoryMerkleTree(long size, byte[][] levels) {
    this.size = size;
    this.levels = levels;
    this.root = Merkle.root(size, this);
  }

  /** Builds the tree over the given 32-byte leaf hashes (copied). O(n) hashing. */
  public static InMemoryMerkleTree of(List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (n > MAX_LEAVES) {
      throw new AuditException(Reason.INVALID_ARGUMENT, "too many leaves for memory: " + n);
    }
    byte[] level0 = new byte[n * Merkle.HASH_SIZE];
    for (int i = 0; i < n; i++) {
      byte[] h = leafHashes.get(i);
      Merkle.requireHash(h, "leaf hash " + i);
      System.arraycopy(h, 0, level0, i * Merkle.HASH_SIZE, Merkle.HASH_SIZE);
    }
    return build(n, level0);
  }

  /**
   * Builds the tree over {@code concatenatedLeafHashes}, a multiple of 32 bytes (the array is
   * copied).
   */
  public static InMemoryMerkleTree ofConcatenated(byte[] concatenatedLeafHashes) {
    if (concatenatedLeafHashes.length % Merkle.HASH_SIZE != 0) {
      throw new AuditException(
          Reason.INVALID_ARGUMENT, "concatenated leaf hashes must be a multiple of 32 bytes");
    }
    return build(concatenatedLeafHashes.length / Merkle.HASH_SIZE, concatenatedLeafHashes.clone());
  }

  private static InMemoryMerkleTree build(int n, byte[] level0) {
    int depth = n <= 1 ? 1 : 64 - Long.numberOfLeadingZeros(n);
    byte[][] levels = new byte[depth][];
    levels[0] = level0;
    for (int k = 1; k < depth; k++) {
      byte[] below = levels[k - 1];
      int count = (n >>> k);
      byte[] level = new byte[count * Merkle.HASH_SIZE];
      for (int i = 0; i < count; i++) {
        int left = 2 * i * Merkle.HASH_SIZE;
        Sha256.nodeInto(
            (byte) 0x01, below, left, left + Merkle.HASH_SIZE, level, i * Merkle.HASH_SIZE);
      }
      levels[k] = level;
    }
    return new InMemoryMerkleTree(n, levels);
  }

  /** The number of leaves. */
  public long size() {
    return size;
  }

  /** {@code MTH(D[size])}. */
  public byte[] root() {
    return root.clone();
  }

  @Override
  public byte[] leafHash(long index) {
    if (index < 0 || index >= size) {
      throw new AuditException(
          Reason.INDEX_OUT_OF_RANGE, "leaf index " + index + " is not below tree size " + size);
    }
    int off = (int) index * Merkle.HASH_SIZE;
    return Arrays.copyOfRange(levels[0], off, off + Merkle.HASH_SIZE);
  }

  @Override
  public byte[] subtreeHash(long start, long end) {
    long width = end - start;
    if (width <= 0 || Long.bitCount(width) != 1 || start % width != 0 || start < 0 || end > size) {
      throw new AuditException(
          Reason.INVALID_ARGUMENT,
          "[" + start + ", " + end + ") is not a perfect subtree of a tree of size " + size);
    }
    int level = Long.numberOfTrailingZeros(width);
    int off = (int) (start >>> level) * Merkle.HASH_SIZE;
    return Arrays.copyOfRange(levels[level], off, off + Merkle.HASH_SIZE);
  }
}
