package com.chittysync.notion.oauth;

import com.chittysync.aws.SecretWriter;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Keeps the OAuth grant (as Notion sent it) in one Secrets Manager secret, created on first use.
 * Endpoints read the access token from it with {@code token: secretsmanager:<secret>#access_token}.
 */
public final class NotionTokenStore {
  /** The secret that holds the grant. */
  public static final String SECRET_SETTING = "CHITTYSYNC_NOTION_TOKEN_SECRET";

  private final SecretsManagerClient secrets;
  private final String secretId;

  public NotionTokenStore(SecretsManagerClient secrets, String secretId) {
    this.secrets = secrets;
    this.secretId = secretId;
  }

  /** The secret named by {@code CHITTYSYNC_NOTION_TOKEN_SECRET}, or {@code override}. */
  public static String secretId(Environment env, String override) {
    if (override != null && !override.isBlank()) {
      return override;
    }
    return env.get(SECRET_SETTING)
        .orElseThrow(
            () ->
                new ConfigException(
                    SECRET_SETTING
                        + ": required: the Secrets Manager secret to keep the Notion OAuth token in"));
  }

  /** The secret's id. */
  public String secretId() {
    return secretId;
  }

  /** Stores {@code grant}, replacing what was there. */
  public void save(TokenGrant grant) {
    String value = grant.stored().toString();
    try {
      SecretWriter.putOrCreate(
          secrets, secretId, "ChittySync: Notion OAuth grant (access and refresh tokens)", value);
    } catch (SdkException e) {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          "cannot store the Notion token in secret '"
              + secretId
              + "': "
              + e.getClass().getSimpleName());
    }
  }

  /** The stored grant, if any. */
  public Optional<JsonNode> load() {
    try {
      String text = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
      return Optional.of(Json.mapper().readTree(text));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException | IOException e) {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          "cannot read the Notion token from secret '"
              + secretId
              + "': "
              + e.getClass().getSimpleName());
    }
  }
}
