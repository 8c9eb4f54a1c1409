package com.chittysync.audit.log;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Optional;

/**
 * What a witness remembers between runs: the log it watches (origin and verifier key, pinned at
 * first use) and the last checkpoint it cosigned. Written atomically, so a crash never leaves a
 * half-written state.
 *
 * @param origin the log's origin
 * @param logVerifierKey the log's verifier key
 * @param size the size of the last cosigned checkpoint
 * @param root its root hash
 */
public record WitnessState(String origin, String logVerifierKey, long size, byte[] root) {
  /** Reads the state in {@code file}; empty when the file does not exist yet (first run). */
  public static Optional<WitnessState> load(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode json = Json.mapper().readTree(file.toFile());
      return Optional.of(
          new WitnessState(
              json.get("origin").asText(),
              json.get("log_vkey").asText(),
              json.get("size").asLong(),
              Base64.getDecoder().decode(json.get("root").asText())));
    } catch (IOException | RuntimeException e) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT,
          "witness state file " + file + " is unreadable: " + e.getMessage(),
          e);
    }
  }

  /** Writes this state to {@code file} (temp file, then rename). */
  public void save(Path file) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("origin", origin);
    json.put("log_vkey", logVerifierKey);
    json.put("size", size);
    json.put("root", Base64.getEncoder().encodeToString(root));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".witness", ".tmp");
      Files.writeString(
          temp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ChittySyncException(
          ErrorCode.INTERNAL, "cannot write witness state file " + file + ": " + e.getMessage(), e);
    }
  }
}
