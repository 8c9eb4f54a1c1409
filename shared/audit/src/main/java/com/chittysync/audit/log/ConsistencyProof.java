package com.chittysync.audit.log;

import java.util.HexFormat;
import java.util.List;

/**
 * An RFC 6962 / RFC 9162 consistency proof that the tree of {@code to} entries extends the tree of
 * {@code from} entries.
 *
 * @param from the older tree size
 * @param to the newer tree size
 * @param path the proof hashes
 */
public record ConsistencyProof(long from, long to, List<byte[]> path) {
  public ConsistencyProof {
    path = List.copyOf(path);
  }

  /** The path in hex. */
  public List<String> pathHex() {
    return path.stream().map(HexFormat.of()::formatHex).toList();
  }
}
