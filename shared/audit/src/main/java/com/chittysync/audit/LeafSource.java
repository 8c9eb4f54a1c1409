package com.chittysync.audit;

import java.util.List;

/**
 * Where Merkle proof generation gets its hashes from: the leaf hashes of a log by index and,
 * optionally, a fast path for the hash of a perfect (complete, aligned) subtree.
 *
 * <p>Only {@link #leafHash(long)} is required; the default {@link #subtreeHash(long, long)}
 * recomputes a subtree from its leaves, which costs O(width). A store that keeps interior node
 * hashes (tiles, a node table, {@link InMemoryMerkleTree}) should override it so that proofs on a
 * large log cost O(log n) lookups: proof generation in {@link Merkle} only ever asks for perfect
 * subtrees, at most about 2&middot;log2(n) of them.
 */
@FunctionalInterface
public interface LeafSource {

  /**
   * The RFC 6962 leaf hash ({@code SHA256(0x00 || data)}, 32 bytes) of the leaf at {@code index}.
   */
  byte[] leafHash(long index);

  /**
   * {@code MTH(D[start:end])} of a perfect subtree: {@code end - start} is a power of two and
   * {@code start} is a multiple of it. Callers guarantee that shape; implementations may rely on
   * it.
   */
  default byte[] subtreeHash(long start, long end) {
    long width = end - start;
    if (width == 1) {
      return leafHash(start);
    }
    long mid = start + (width >>> 1);
    return Merkle.nodeHash(subtreeHash(start, mid), subtreeHash(mid, end));
  }

  /** A source over an in-memory list of 32-byte leaf hashes (not copied; do not mutate it). */
  static LeafSource of(List<byte[]> leafHashes) {
    return index -> leafHashes.get(Math.toIntExact(index));
  }
}
