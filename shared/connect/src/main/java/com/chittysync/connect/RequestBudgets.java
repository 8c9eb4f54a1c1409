package com.chittysync.connect;

import com.chittysync.core.config.Secret;
import com.chittysync.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a connector gets the {@link RequestBudget} of the account it calls, by a key naming that
 * account. Lent to endpoints through {@link EndpointContext#budgets()}.
 */
public interface RequestBudgets {
  /**
   * The budget of {@code key} at an average of {@code perSecond} requests. The key names the
   * account, never its secret: see {@link #secretKey}.
   */
  RequestBudget forKey(String key, double perSecond);

  /**
   * Budgets shared through {@code stateDatabase} by every process using it, or, without a state
   * database (null), {@link #unshared()}.
   */
  static RequestBudgets of(Database stateDatabase) {
    return stateDatabase == null ? unshared() : new StateDatabaseBudgets(stateDatabase);
  }

  /** A new in-process budget on every call: each holder paces alone, whatever its key. */
  static RequestBudgets unshared() {
    return (key, perSecond) -> new LocalRequestBudget(perSecond);
  }

  /**
   * A key for an account known by its secret (a Notion token): {@code prefix:} and the SHA-256 of
   * the secret in hex, so the key can be stored and logged without revealing the secret.
   */
  static String secretKey(String prefix, Secret secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(secret.reveal().getBytes(StandardCharsets.UTF_8));
      return prefix + ":" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
