package com.chittysync.audit.log;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON forms of proofs and exported entries that the CLI prints and the API serves. */
public final class AuditJson {
  private AuditJson() {}

  /** {@code {"seq", "tree_size", "leaf_hash", "proof": [hex...]}}. */
  public static ObjectNode inclusion(InclusionProof proof) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("seq", proof.seq());
    json.put("tree_size", proof.treeSize());
    json.put("leaf_hash", proof.leafHashHex());
    proof.pathHex().forEach(json.putArray("proof")::add);
    return json;
  }

  /** {@code {"from", "to", "proof": [hex...]}}. */
  public static ObjectNode consistency(ConsistencyProof proof) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("from", proof.from());
    json.put("to", proof.to());
    proof.pathHex().forEach(json.putArray("proof")::add);
    return json;
  }

  /**
   * One export line, {@code {"seq":N,"entry":<entry>}}; the entry's stored bytes are copied, not
   * re-serialised, so the line holds exactly the object whose canonical bytes were hashed.
   */
  public static void writeExportLine(OutputStream out, long seq, byte[] entry) {
    try {
      out.write(("{\"seq\":" + seq + ",\"entry\":").getBytes(StandardCharsets.UTF_8));
      out.write(entry);
      out.write('}');
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
