package com.chittysync.core.config;

import java.util.Optional;

/**
 * A setting value of the form {@code secretsmanager:<secret-id>} or {@code
 * secretsmanager:<secret-id>#<json-field>}: the setting's real value lives in AWS Secrets Manager,
 * either as the whole secret string or as one top-level field of a JSON secret.
 *
 * @param secretId the secret's name or ARN
 * @param field the JSON field to extract, or {@code null} for the whole secret string
 */
public record SecretReference(String secretId, String field) {
  /** The prefix that marks a setting value as a reference. */
  public static final String PREFIX = "secretsmanager:";

  public SecretReference {
    if (secretId == null || secretId.isBlank()) {
      throw new IllegalArgumentException("secret id must not be empty");
    }
    if (field != null && field.isEmpty()) {
      throw new IllegalArgumentException("field after '#' must not be empty");
    }
  }

  /**
   * Parses {@code value} if it is a reference.
   *
   * @return the reference, or empty when {@code value} is a plain value
   * @throws IllegalArgumentException when it starts with the prefix but is malformed
   */
  public static Optional<SecretReference> parse(String value) {
    if (value == null || !value.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = value.substring(PREFIX.length()).trim();
    // ARNs contain ':' but never '#', so the last '#' separates the field.
    int hash = rest.lastIndexOf('#');
    if (hash < 0) {
      return Optional.of(new SecretReference(rest, null));
    }
    return Optional.of(new SecretReference(rest.substring(0, hash), rest.substring(hash + 1)));
  }

  @Override
  public String toString() {
    return PREFIX + secretId + (field == null ? "" : "#" + field);
  }
}
