package com.chittysync.connect;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.SecretReference;
import com.chittysync.core.config.SecretResolver;
import java.util.Optional;

/**
 * Resolves an endpoint setting that holds a credential (a database URL, a Notion token, a service
 * account key) either as itself or as a {@code secretsmanager:} reference. Errors name the setting
 * and the reference, never a value.
 */
public final class EndpointSecrets {
  private EndpointSecrets() {}

  /**
   * The reference {@code value} makes, if it is one.
   *
   * @param setting the setting's config path, for the error
   * @throws ConfigException when {@code value} is a malformed reference
   */
  public static Optional<SecretReference> reference(String setting, String value) {
    try {
      return SecretReference.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting + ": malformed secret reference: " + e.getMessage());
    }
  }

  /**
   * {@code value} itself, or the secret it refers to.
   *
   * @param setting the setting's config path, for errors
   * @param secrets the resolver, or null where no secret store is configured
   * @throws ChittySyncException {@code secret.unresolved} naming the setting and the reference
   */
  public static String resolve(String setting, String value, SecretResolver secrets) {
    Optional<SecretReference> reference = reference(setting, value);
    if (reference.isEmpty()) {
      return value;
    }
    if (secrets == null) {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          setting + ": cannot resolve " + reference.get() + ": no secret store is configured here");
    }
    try {
      return secrets.resolve(reference.get());
    } catch (ChittySyncException e) {
      throw new ChittySyncException(e.code(), setting + ": " + e.getMessage(), e);
    }
  }
}
