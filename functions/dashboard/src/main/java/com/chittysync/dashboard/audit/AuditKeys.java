package com.chittysync.dashboard.audit;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.CosignatureVerifier;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.audit.log.AuditSettings;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * The keys the audit pages verify with, and hand to the browser: the log's verifier key ({@code
 * CHITTYSYNC_LOG_VKEY}, or the signing key's, as {@link AuditSettings} reads it) and the witnesses'
 * ({@code CHITTYSYNC_WITNESS_VKEYS}: verifier keys separated by commas or white space, as {@code
 * chittysync audit verify --witness} takes them). Read once, validated: a malformed key stops the
 * function at start, naming the setting.
 */
public final class AuditKeys {
  /** The witnesses' verifier keys. */
  public static final String WITNESS_VKEYS = "CHITTYSYNC_WITNESS_VKEYS";

  /** The most witness keys taken: a signed note carries at most a few hundred lines. */
  static final int MAX_WITNESSES = 32;

  private final Optional<NoteVerifier> logKey;
  private final List<CosignatureVerifier> witnesses;

  @Inject
  public AuditKeys(Environment env) {
    this(AuditSettings.from(env).logKey(), witnesses(env));
  }

  public AuditKeys(Optional<NoteVerifier> logKey, List<CosignatureVerifier> witnesses) {
    this.logKey = logKey;
    this.witnesses = List.copyOf(witnesses);
    WitnessPolicy.of(0, this.witnesses); // rejects a witness listed twice
  }

  /** The log's verifier key, if configured. */
  public Optional<NoteVerifier> logKey() {
    return logKey;
  }

  /** The witnesses' keys (cosignature, type 0x04). */
  public List<CosignatureVerifier> witnesses() {
    return witnesses;
  }

  /** The witness of {@code name} and key ID, if known. */
  public Optional<CosignatureVerifier> witness(String name, int keyId) {
    return witnesses.stream().filter(w -> w.name().equals(name) && w.keyId() == keyId).findFirst();
  }

  private static List<CosignatureVerifier> witnesses(Environment env) {
    List<CosignatureVerifier> out = new ArrayList<>();
    Optional<String> raw = env.get(WITNESS_VKEYS);
    if (raw.isEmpty()) {
      return out;
    }
    for (String s : raw.get().strip().split("[,\\s]+")) {
      if (s.isEmpty()) {
        continue;
      }
      if (out.size() == MAX_WITNESSES) {
        throw new ConfigException(WITNESS_VKEYS + ": at most " + MAX_WITNESSES + " witness keys");
      }
      try {
        NoteVerifier v = NoteVerifier.parse(s);
        out.add(
            v instanceof CosignatureVerifier c
                ? c
                : CosignatureVerifier.of(v.name(), v.publicKey()));
      } catch (AuditException e) {
        throw new ConfigException(
            WITNESS_VKEYS + ": key " + (out.size() + 1) + ": " + e.getMessage());
      }
    }
    try {
      WitnessPolicy.of(0, out);
    } catch (AuditException e) {
      throw new ConfigException(WITNESS_VKEYS + ": " + e.getMessage());
    }
    return out;
  }
}
