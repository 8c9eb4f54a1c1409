package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle frontier of a log: the roots of the perfect subtrees that make up {@code [0, size)},
 * largest first (one per set bit of {@code size}). It is all a log writer needs to append a leaf
 * and compute the new root in O(log n) without rescanning earlier leaves.
 *
 * <p>Immutable: {@link #append(byte[])} returns a new range (copying at most 64 hashes).
 */
public final class CompactRange {
  private static final CompactRange EMPTY = new CompactRange(0, new byte[0][]);

  private final long size;
  private final byte[][] hashes;

  private CompactRange(long size, byte[][] hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  /** The frontier of the empty tree. */
  public static CompactRange empty() {
    return EMPTY;
  }

  /**
   * Restores a frontier from its serialized form: {@code size} and {@link Long#bitCount(long)
   * bitCount(size)} 32-byte hashes, largest subtree first (as returned by {@link #hashes()}).
   *
   * @throws AuditException {@link Reason#INVALID_ARGUMENT} if the count or a length is wrong
   */
  public static CompactRange of(long size, List<byte[]> hashes) {
    if (size < 0) {
      throw new AuditException(Reason.INVALID_ARGUMENT, "size must not be negative: " + size);
    }
    if (hashes.size() != Long.bitCount(size)) {
      throw new AuditException(
          Reason.INVALID_ARGUMENT,
          "a frontier of size "
              + size
              + " has "
              + Long.bitCount(size)
              + " hashes, got "
              + hashes.size());
    }
    byte[][] copy = new byte[hashes.size()][];
    for (int i = 0; i < copy.length; i++) {
      Merkle.requireHash(hashes.get(i), "frontier hash " + i);
      copy[i] = hashes.get(i).clone();
    }
    return new CompactRange(size, copy);
  }

  /**
   * The frontier of the first {@code size} leaves of {@code source}: O(log n) subtree lookups,
   * which is how a log resumes appending from stored nodes.
   */
  public static CompactRange of(long size, LeafSource source) {
    if (size < 0) {
      throw new AuditException(Reason.INVALID_ARGUMENT, "size must not be negative: " + size);
    }
    List<byte[]> hashes = new ArrayList<>();
    for (long a = 0; a < size; ) {
      long width = Long.highestOneBit(size - a);
      hashes.add(source.subtreeHash(a, a + width));
      a += width;
    }
    return of(size, hashes);
  }

  /** The number of leaves covered. */
  public long size() {
    return size;
  }

  /** The frontier hashes, largest subtree first (fresh copies): the serialized form. */
  public List<byte[]> hashes() {
    List<byte[]> out = new ArrayList<>(hashes.length);
    for (byte[] h : hashes) {
      out.add(h.clone());
    }
    return out;
  }

  /** The range with one more leaf, whose RFC 6962 leaf hash (32 bytes) is given. O(log n). */
  public CompactRange append(byte[] leafHash) {
    return append(leafHash, null);
  }

  /** Receives the interior nodes that appending completes, so a store can keep them for proofs. */
  @FunctionalInterface
  public interface NodeSink {
    /**
     * The perfect subtree of height {@code level} (≥ 1) covering leaves {@code [index << level,
     * (index + 1) << level)} now has hash {@code hash}.
     */
    void node(int level, long index, byte[] hash);
  }

  /**
   * Like {@link #append(byte[])}, and tells {@code sink} (if not null) of every perfect subtree the
   * new leaf completes, smallest first.
   */
  public CompactRange append(byte[] leafHash, NodeSink sink) {
    Merkle.requireHash(leafHash, "leaf hash");
    if (size == Long.MAX_VALUE) {
      throw new AuditException(Reason.INVALID_ARGUMENT, "tree is full");
    }
    int merges = Long.numberOfTrailingZeros(~size); // trailing one bits of size
    int keep = hashes.length - merges;
    byte[][] next = Arrays.copyOf(hashes, keep + 1);
    byte[] h = leafHash.clone();
    for (int i = hashes.length - 1; i >= keep; i--) {
      h = Merkle.nodeHash(hashes[i], h);
      if (sink != null) {
        int level = hashes.length - i;
        sink.node(level, (size + 1 - (1L << level)) >>> level, h);
      }
    }
    next[keep] = h;
    return new CompactRange(size + 1, next);
  }

  /** The range after appending every leaf hash in order. */
  public CompactRange appendAll(List<byte[]> leafHashes) {
    CompactRange r = this;
    for (byte[] h : leafHashes) {
      r = r.append(h);
    }
    return r;
  }

  /** {@code MTH(D[size])}: the frontier folded from the right. O(log n). */
  public byte[] root() {
    if (hashes.length == 0) {
      return Merkle.emptyRoot();
    }
    byte[] acc = hashes[hashes.length - 1];
    for (int i = hashes.length - 2; i >= 0; i--) {
      acc = Merkle.nodeHash(hashes[i], acc);
    }
    return acc.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CompactRange other) || other.size != size) {
      return false;
    }
    for (int i = 0; i < hashes.length; i++) {
      if (!MessageDigest.isEqual(hashes[i], other.hashes[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.deepHashCode(hashes);
  }

  @Override
  public String toString() {
    return "CompactRange[size=" + size + ", root=" + HexFormat.of().formatHex(root()) + "]";
  }
}
