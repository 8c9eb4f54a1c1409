package com.chittysync.core.config;

import com.chittysync.core.ChittySyncException;

/** Turns a {@link SecretReference} into the secret's value. Implementations cache. */
public interface SecretResolver {
  /**
   * Resolves {@code reference}.
   *
   * @throws ChittySyncException with {@code secret.unresolved} when the secret or field is missing
   *     or the secret store cannot be reached; the message names the reference, never a value
   */
  String resolve(SecretReference reference);
}
