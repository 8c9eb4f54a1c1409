package com.chittysync.aws;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.SecretReference;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Resolves {@code secretsmanager:} references with AWS Secrets Manager. Each secret is fetched at
 * most once per container and kept for its life; the client is built only when the first reference
 * is resolved, so functions configured without references never pay for it.
 */
public final class SecretsManagerResolver implements SecretResolver, AutoCloseable {
  private final Map<String, String> cache = new ConcurrentHashMap<>();
  private final LazyClient<SecretsManagerClient> client;

  /** A resolver whose client is configured from {@code config}. */
  public SecretsManagerResolver(AwsClientConfig config) {
    this(() -> config.configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").build());
  }

  /** A resolver that builds its client with {@code clientFactory} on first use. */
  public SecretsManagerResolver(Supplier<SecretsManagerClient> clientFactory) {
    this.client = new LazyClient<>(clientFactory);
  }

  @Override
  public String resolve(SecretReference reference) {
    String secret = cache.computeIfAbsent(reference.secretId(), this::fetch);
    if (reference.field() == null) {
      return secret;
    }
    return field(reference, secret);
  }

  private String fetch(String secretId) {
    try {
      GetSecretValueResponse response = client.get().getSecretValue(b -> b.secretId(secretId));
      if (response.secretString() == null) {
        throw new ChittySyncException(
            ErrorCode.SECRET_UNRESOLVED,
            "secret '" + secretId + "' holds binary data; ChittySync needs a string secret");
      }
      return response.secretString();
    } catch (ResourceNotFoundException e) {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED, "secret '" + secretId + "' does not exist", e);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          "cannot read secret '" + secretId + "': " + code + " (HTTP " + e.statusCode() + ")",
          e);
    } catch (SdkClientException e) {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          "cannot reach Secrets Manager for secret '" + secretId + "': " + e.getMessage(),
          e);
    }
  }

  private static String field(SecretReference reference, String secret) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(secret);
    } catch (JsonProcessingException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          "secret '"
              + reference.secretId()
              + "' is not a JSON object, so it has no field '"
              + reference.field()
              + "'");
    }
    JsonNode value = node.get(reference.field());
    if (value == null || value.isNull()) {
      throw new ChittySyncException(
          ErrorCode.SECRET_UNRESOLVED,
          "secret '" + reference.secretId() + "' has no field '" + reference.field() + "'");
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  @Override
  public void close() {
    client.close();
  }
}
