package com.chittysync.audit.log;

import com.chittysync.audit.Jcs;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deployment's key for committing to record data in the audit log ({@code hashes} mode): a
 * commitment is {@code HMAC-SHA256(secret, JCS(context + value))}, so the log proves what changed
 * to whoever holds the data and this key, and reveals nothing to anyone else. The context (the op's
 * plan, number and endpoint, the side and the field) makes every commitment distinct, so equal
 * values in different records or ops cannot be linked either.
 *
 * <p>The key lives in the state store ({@code chittysync.audit_commit_key}), created on first use:
 * every process that appends {@code sync.op} entries already reaches it, and whoever can read it
 * can read the records themselves, so it needs no protection beyond theirs. {@link #toString()}
 * never shows the secret.
 */
public final class CommitKey {
  /** The commitment scheme entries name, so a verifier knows how to recompute them. */
  public static final String SCHEME = "hmac-sha256/v1";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String keyId;
  private final byte[] secret;
  private final ThreadLocal<Mac> mac;

  private CommitKey(byte[] secret) {
    this.secret = secret.clone();
    this.keyId = keyId(secret);
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(this.secret, "HmacSHA256"));
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is unavailable", e);
              }
            });
  }

  /** A key over {@code secret} (32 bytes). */
  public static CommitKey of(byte[] secret) {
    if (secret.length != 32) {
      throw new IllegalArgumentException("a commit key is 32 bytes");
    }
    return new CommitKey(secret);
  }

  /** A public name for the key: it tells which key an entry used without revealing it. */
  static String keyId(byte[] secret) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("chittysync audit commit key id\n".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(secret), 8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** The key's public id, as entries name it in {@code commit_key}. */
  public String keyId() {
    return keyId;
  }

  /**
   * The deployment's key, created (once, whichever process comes first) if the state store has none
   * yet.
   */
  public static CommitKey current(Database database) {
    return database.inTransaction(
        c -> {
          Optional<CommitKey> stored = read(c, null);
          if (stored.isPresent()) {
            return stored.get();
          }
          byte[] fresh = new byte[32];
          RANDOM.nextBytes(fresh);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.audit_commit_key (slot, key_id, secret) VALUES (1, ?, ?)"
                      + " ON CONFLICT (slot) DO NOTHING")) {
            ps.setString(1, keyId(fresh));
            ps.setBytes(2, fresh);
            ps.executeUpdate();
          }
          return read(c, null).orElseThrow();
        });
  }

  /**
   * The key with id {@code keyId}, as named by an entry.
   *
   * @throws ChittySyncException {@code audit.invalid} when this state store holds no such key
   */
  public static CommitKey find(Database database, String keyId) {
    return database
        .withConnection(c -> read(c, keyId))
        .orElseThrow(
            () ->
                new ChittySyncException(
                    ErrorCode.AUDIT_INVALID,
                    "this state store holds no audit commit key '"
                        + keyId
                        + "'; prove the value against the database of the deployment that wrote"
                        + " the entry"));
  }

  private static Optional<CommitKey> read(Connection c, String keyId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT secret FROM chittysync.audit_commit_key"
                + (keyId == null ? " WHERE slot = 1" : " WHERE key_id = ?"))) {
      if (keyId != null) {
        ps.setString(1, keyId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new CommitKey(rs.getBytes(1))) : Optional.empty();
      }
    }
  }

  /**
   * The commitment, in hex, to {@code value} in {@code context}: {@code HMAC-SHA256(secret,
   * JCS(context with "value": value))}. A missing value commits as JSON {@code null}.
   */
  public String commit(ObjectNode context, JsonNode value) {
    ObjectNode message = context.deepCopy();
    message.set("value", value == null ? NullNode.getInstance() : value);
    return HexFormat.of().formatHex(mac.get().doFinal(Jcs.canonicalize(message)));
  }

  /**
   * The commitment to {@code value} in the {@link #opContext(String, String, int, String, String,
   * String) op context} these arguments name: the same bytes as {@code commit(opContext(...),
   * value)}, written straight in canonical member order (endpoint, field, op_no, plan_id, registry,
   * scheme, side, value) instead of through a copied tree, since an apply makes one per field of
   * every record it writes.
   */
  public String commitOp(
      String registry,
      String planId,
      int opNo,
      String endpoint,
      String side,
      String field,
      JsonNode value) {
    StringBuilder out = new StringBuilder(128);
    out.append("{\"endpoint\":");
    Jcs.appendString(endpoint, out);
    if (field != null) {
      out.append(",\"field\":");
      Jcs.appendString(field, out);
    }
    out.append(",\"op_no\":").append(opNo).append(",\"plan_id\":");
    Jcs.appendString(planId, out);
    out.append(",\"registry\":");
    Jcs.appendString(registry, out);
    out.append(",\"scheme\":");
    Jcs.appendString(SCHEME, out);
    out.append(",\"side\":");
    Jcs.appendString(side, out);
    out.append(",\"value\":");
    Jcs.append(value == null ? NullNode.getInstance() : value, out);
    out.append('}');
    return HexFormat.of()
        .formatHex(mac.get().doFinal(out.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Whether {@code commitmentHex} commits to {@code value} in {@code context}, in constant time.
   */
  public boolean opens(String commitmentHex, ObjectNode context, JsonNode value) {
    return MessageDigest.isEqual(
        commit(context, value).getBytes(StandardCharsets.US_ASCII),
        commitmentHex.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The context of a {@code sync.op} commitment: the op ({@code registry}, {@code plan_id}, {@code
   * op_no}, {@code endpoint}, all in the entry's body), the {@code side} ({@code before}, {@code
   * after} or {@code key}) and, except for the key, the {@code field}.
   */
  public static ObjectNode opContext(
      String registry, String planId, int opNo, String endpoint, String side, String field) {
    ObjectNode context = Json.mapper().createObjectNode();
    context.put("scheme", SCHEME);
    context.put("registry", registry);
    context.put("plan_id", planId);
    context.put("op_no", opNo);
    context.put("endpoint", endpoint);
    context.put("side", side);
    if (field != null) {
      context.put("field", field);
    }
    return context;
  }

  /** The same context, read from a {@code sync.op} entry's body. */
  public static ObjectNode opContext(JsonNode body, String side, String field) {
    return opContext(
        body.path("registry").asText(),
        body.path("plan_id").asText(),
        body.path("op_no").asInt(),
        body.path("endpoint").asText(),
        side,
        field);
  }

  @Override
  public String toString() {
    return "CommitKey[" + keyId + "]";
  }
}
