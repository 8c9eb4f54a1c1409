package com.chittysync.connect.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One registry: a canonical table kept identical across its endpoints.
 *
 * @param name the registry's name
 * @param schema where its JSON Schema is: a file path (relative to the config file), an http(s)
 *     URL, or {@code chitty:<name>}
 * @param key the canonical key field; its values are strings
 * @param conflict how conflicting changes to one field are settled
 * @param priority for {@link Conflict#SOURCE_PRIORITY}: endpoint names, highest first
 * @param deletes what a delete at one endpoint does
 * @param deleteGuard if a fetch shows more than this share of known records missing, hold every
 *     delete of that run (0 to 1)
 * @param schedule how often the scheduler syncs it, for example {@code rate(5 minutes)}
 * @param audit how much of a change the audit log records
 * @param auditKeys whether the audit log names record keys or commits to them
 * @param endpoints its endpoints by name, in file order
 */
public record RegistryConfig(
    String name,
    String schema,
    String key,
    Conflict conflict,
    List<String> priority,
    Deletes deletes,
    double deleteGuard,
    Optional<String> schedule,
    AuditDetail audit,
    AuditKeys auditKeys,
    Map<String, EndpointConfig> endpoints) {

  public RegistryConfig {
    priority = List.copyOf(priority);
    endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
  }

  /** A registry whose audit entries name record keys in clear. */
  public RegistryConfig(
      String name,
      String schema,
      String key,
      Conflict conflict,
      List<String> priority,
      Deletes deletes,
      double deleteGuard,
      Optional<String> schedule,
      AuditDetail audit,
      Map<String, EndpointConfig> endpoints) {
    this(
        name,
        schema,
        key,
        conflict,
        priority,
        deletes,
        deleteGuard,
        schedule,
        audit,
        AuditKeys.CLEAR,
        endpoints);
  }

  /** Conflict strategies. */
  public enum Conflict {
    /**
     * The value from the endpoint that changed it last (by its modification time, else first seen).
     */
    LAST_WRITE_WINS("last-write-wins"),
    /** The value from the highest-priority endpoint that changed it. */
    SOURCE_PRIORITY("source-priority"),
    /** A deterministic tie-break: the value with the smallest SHA-256 of its canonical form. */
    CONTENT_HASH("content-hash"),
    /** Held in the conflicts table until a person resolves it. */
    MANUAL("manual");

    private final String wire;

    Conflict(String wire) {
      this.wire = wire;
    }

    /** The config-file spelling. */
    public String wire() {
      return wire;
    }
  }

  /** What a delete at one endpoint does. */
  public enum Deletes {
    /** Delete the record everywhere. */
    PROPAGATE("propagate"),
    /** Hold the delete for a person to approve or reject. */
    HOLD("hold"),
    /** Do not propagate deletes; the record stays elsewhere. */
    IGNORE("ignore");

    private final String wire;

    Deletes(String wire) {
      this.wire = wire;
    }

    /** The config-file spelling. */
    public String wire() {
      return wire;
    }
  }

  /** How much of each change the audit log records. */
  public enum AuditDetail {
    /**
     * Field names and keyed commitments (HMAC-SHA256 under the deployment's commit key) to the
     * before/after values; entries written before commitments hold plain SHA-256 instead.
     */
    HASHES("hashes"),
    /** The values themselves too. */
    VALUES("values");

    private final String wire;

    AuditDetail(String wire) {
      this.wire = wire;
    }

    /** The config-file spelling. */
    public String wire() {
      return wire;
    }
  }

  /** Whether audit entries name the record key in clear or commit to it. */
  public enum AuditKeys {
    /** The key in clear, so anyone can follow one record through the log. */
    CLEAR("clear"),
    /** A keyed commitment to the key, distinct per op, so the log does not reveal it either. */
    COMMIT("commit");

    private final String wire;

    AuditKeys(String wire) {
      this.wire = wire;
    }

    /** The config-file spelling. */
    public String wire() {
      return wire;
    }
  }
}
