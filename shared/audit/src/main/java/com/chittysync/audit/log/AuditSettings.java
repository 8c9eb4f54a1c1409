package com.chittysync.audit.log;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import java.util.Optional;

/**
 * The audit log's keys, read once from the environment.
 *
 * @param signer the log's private key ({@code CHITTYSYNC_SIGNING_KEY}), where this process signs
 * @param origin the checkpoint origin ({@code CHITTYSYNC_LOG_ORIGIN}, default the key's name)
 * @param logKey the log's verifier key ({@code CHITTYSYNC_LOG_VKEY}, default the signer's)
 */
public record AuditSettings(
    Optional<NoteSigner> signer, Optional<String> origin, Optional<NoteVerifier> logKey) {
  /** The log's private key, usually a {@code secretsmanager:} reference. */
  public static final String SIGNING_KEY = "CHITTYSYNC_SIGNING_KEY";

  /** The origin line of checkpoints. */
  public static final String LOG_ORIGIN = "CHITTYSYNC_LOG_ORIGIN";

  /** The log's public verifier key, for processes that verify but never sign. */
  public static final String LOG_VKEY = "CHITTYSYNC_LOG_VKEY";

  /**
   * Reads the settings.
   *
   * @throws ConfigException naming the setting when a key is malformed (never echoing it)
   */
  public static AuditSettings from(Environment env) {
    Optional<NoteSigner> signer;
    try {
      signer = env.get(SIGNING_KEY).map(String::strip).map(NoteSigner::parse);
    } catch (AuditException e) {
      throw new ConfigException(SIGNING_KEY + ": " + e.getMessage());
    }
    Optional<NoteVerifier> vkey;
    try {
      vkey = env.get(LOG_VKEY).map(String::strip).map(NoteVerifier::parse);
    } catch (AuditException e) {
      throw new ConfigException(LOG_VKEY + ": " + e.getMessage());
    }
    Optional<String> origin =
        env.get(LOG_ORIGIN).map(String::strip).or(() -> signer.map(NoteSigner::name));
    if (origin.isPresent() && (origin.get().isEmpty() || origin.get().contains("\n"))) {
      throw new ConfigException(LOG_ORIGIN + ": must be one non-empty line");
    }
    return new AuditSettings(signer, origin, vkey.or(() -> signer.map(NoteSigner::verifier)));
  }

  /** The signer, or a configuration error saying how to get one. */
  public NoteSigner requireSigner() {
    return signer.orElseThrow(
        () ->
            new ConfigException(
                SIGNING_KEY
                    + ": not set; create a key with 'chittysync keys generate --name <origin>'"));
  }

  /** The log's verifier key, or a configuration error saying how to give one. */
  public NoteVerifier requireLogKey() {
    return logKey.orElseThrow(
        () ->
            new ConfigException(
                "no log verifier key: pass --vkey, or set " + LOG_VKEY + " or " + SIGNING_KEY));
  }

  /** A checkpointer for this log. */
  public Checkpointer checkpointer(Database database) {
    NoteSigner s = requireSigner();
    return new Checkpointer(database, s, origin.orElse(s.name()));
  }
}
