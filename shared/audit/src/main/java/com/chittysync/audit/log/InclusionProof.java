package com.chittysync.audit.log;

import java.util.HexFormat;
import java.util.List;

/**
 * An RFC 6962 / RFC 9162 inclusion proof.
 *
 * @param seq the entry's sequence number (its leaf index)
 * @param treeSize the size of the tree it is proved in
 * @param leafHash the entry's leaf hash
 * @param path the sibling hashes from the leaf up
 */
public record InclusionProof(long seq, long treeSize, byte[] leafHash, List<byte[]> path) {
  public InclusionProof {
    path = List.copyOf(path);
  }

  /** The leaf hash in hex. */
  public String leafHashHex() {
    return HexFormat.of().formatHex(leafHash);
  }

  /** The path in hex. */
  public List<String> pathHex() {
    return path.stream().map(HexFormat.of()::formatHex).toList();
  }
}
