package com.chittysync.audit.log;

import java.util.HexFormat;

/**
 * An entry the log now holds.
 *
 * @param seq its sequence number
 * @param leafHash its RFC 6962 leaf hash, {@code SHA256(0x00 || entry bytes)}
 */
public record AppendedEntry(long seq, byte[] leafHash) {
  public AppendedEntry {
    leafHash = leafHash.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  /** The leaf hash in lower-case hex. */
  public String leafHashHex() {
    return HexFormat.of().formatHex(leafHash);
  }
}
