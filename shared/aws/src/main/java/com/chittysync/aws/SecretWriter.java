package com.chittysync.aws;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Writes a secret's value, creating the secret on first use. */
public final class SecretWriter {
  private SecretWriter() {}

  /**
   * Puts {@code value} into secret {@code secretId}, creating it (with {@code description}) when it
   * does not exist yet.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException when Secrets Manager refuses
   */
  public static void putOrCreate(
      SecretsManagerClient sm, String secretId, String description, String value) {
    try {
      sm.putSecretValue(b -> b.secretId(secretId).secretString(value));
    } catch (ResourceNotFoundException missing) {
      try {
        sm.createSecret(b -> b.name(secretId).description(description).secretString(value));
      } catch (ResourceExistsException raced) {
        // Another container created it in between: write over it like any later write.
        sm.putSecretValue(b -> b.secretId(secretId).secretString(value));
      }
    }
  }
}
