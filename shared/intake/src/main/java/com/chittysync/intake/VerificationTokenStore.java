package com.chittysync.intake;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.LazyClient;
import com.chittysync.aws.SecretWriter;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Keeps the Notion webhook's verified {@code verification_token} in a Secrets Manager secret whose
 * id is {@value #SECRET_SETTING}. A handshake's token is only a candidate ({@link
 * WebhookHandshakes}) until a delivery signed with it promotes it here; the secret may not exist
 * before that, and storing creates it.
 *
 * <p>The secret holds JSON: {@code {"verification_token": "...", "previous_token": "...",
 * "received_at": "..."}} ({@code previous_token} only in secrets written before handshakes were
 * kept as candidates; it still verifies). {@code {}} means no token (after a reset). A secret
 * holding a bare string (set by hand) is read as the token itself.
 *
 * <p>Tokens are {@link Secret}s: they never reach logs or messages. They are cached for a short
 * while, because every delivery needs them and Secrets Manager is the slowest step of a delivery.
 */
public final class VerificationTokenStore implements AutoCloseable {
  /** The setting naming the secret (name or ARN). */
  public static final String SECRET_SETTING = "CHITTYSYNC_NOTION_WEBHOOK_SECRET";

  private static final String TOKEN = "verification_token";
  private static final String PREVIOUS = "previous_token";

  private final String secretId;
  private final Clock clock;
  private final LazyClient<SecretsManagerClient> client;
  private volatile Cached cached;

  /** The tokens read at one moment. */
  private record Cached(List<Secret> tokens, long readAtNanos) {}

  /**
   * A store over secret {@code secretId}; the client is built by {@code clientFactory} on first
   * use.
   */
  public VerificationTokenStore(
      String secretId, Supplier<SecretsManagerClient> clientFactory, Clock clock) {
    if (secretId == null || secretId.isBlank()) {
      throw new ConfigException(
          SECRET_SETTING + ": required (the Secrets Manager secret for the verification token)");
    }
    this.secretId = secretId.strip();
    this.client = new LazyClient<>(clientFactory);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The store named by {@value #SECRET_SETTING} in {@code env}, with a client configured from
   * {@code aws}.
   *
   * @throws ConfigException when the setting is missing
   */
  public static VerificationTokenStore from(Environment env, AwsClientConfig aws) {
    return new VerificationTokenStore(
        env.get(SECRET_SETTING).orElse(null),
        () -> aws.secretsManager(Duration.ofSeconds(2)),
        Clock.systemUTC());
  }

  /** The secret's id (never its value). */
  public String secretId() {
    return secretId;
  }

  /**
   * The current token, read now (not from the cache); empty when no handshake has stored one.
   *
   * @throws ChittySyncException {@code secret.unresolved} when Secrets Manager cannot be read
   */
  public Optional<Secret> current() {
    List<Secret> tokens = read();
    cached = new Cached(tokens, System.nanoTime());
    return tokens.isEmpty() ? Optional.empty() : Optional.of(tokens.get(0));
  }

  /**
   * The tokens deliveries may be signed with (current first, then the one it replaced), from the
   * cache when it is younger than {@code maxAge}.
   *
   * @throws ChittySyncException {@code secret.unresolved} when Secrets Manager cannot be read
   */
  public List<Secret> accepted(Duration maxAge) {
    Cached c = cached;
    if (c != null && System.nanoTime() - c.readAtNanos() < maxAge.toNanos()) {
      return c.tokens();
    }
    List<Secret> tokens = read();
    cached = new Cached(tokens, System.nanoTime());
    return tokens;
  }

  /** How long ago the cached tokens were read; very long when nothing is cached. */
  public Duration cacheAge() {
    Cached c = cached;
    return c == null ? Duration.ofDays(1) : Duration.ofNanos(System.nanoTime() - c.readAtNanos());
  }

  /**
   * Stores {@code token} as the current token, keeping the one it replaces as the previous one.
   * Creates the secret when it does not exist yet. Storing the current token again changes nothing.
   *
   * @throws ChittySyncException {@code secret.unresolved} when Secrets Manager refuses
   */
  public void store(Secret token) {
    if (token == null || token.isEmpty()) {
      throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, "the verification token is empty");
    }
    List<Secret> existing = read();
    if (!existing.isEmpty() && existing.get(0).equals(token)) {
      return;
    }
    ObjectNode json = Json.mapper().createObjectNode();
    json.put(TOKEN, token.reveal());
    if (!existing.isEmpty()) {
      json.put(PREVIOUS, existing.get(0).reveal());
    }
    json.put("received_at", clock.instant().toString());
    write(json.toString());
    List<Secret> tokens = new ArrayList<>();
    tokens.add(token);
    if (!existing.isEmpty()) {
      tokens.add(existing.get(0));
    }
    cached = new Cached(List.copyOf(tokens), System.nanoTime());
  }

  /**
   * Removes the stored token(s): deliveries signed with them are refused from now on (by a warm
   * container once its cache, at most {@code maxAge} of {@link #accepted}, is refreshed).
   *
   * @throws ChittySyncException {@code secret.unresolved} when Secrets Manager refuses
   */
  public void clear() {
    write("{}");
    cached = new Cached(List.of(), System.nanoTime());
  }

  private List<Secret> read() {
    String value;
    try {
      value = client.get().getSecretValue(b -> b.secretId(secretId)).secretString();
    } catch (ResourceNotFoundException e) {
      // No secret yet, or one created without a value: no handshake has happened.
      return List.of();
    } catch (SdkException e) {
      throw failure("read", e);
    }
    if (value == null || value.isBlank()) {
      return List.of();
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(value);
    } catch (Exception e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      return List.of(Secret.of(value.strip()));
    }
    List<Secret> tokens = new ArrayList<>();
    for (String field : List.of(TOKEN, PREVIOUS)) {
      JsonNode t = json.get(field);
      if (t != null && t.isTextual() && !t.asText().isEmpty()) {
        tokens.add(Secret.of(t.asText()));
      }
    }
    return List.copyOf(tokens);
  }

  private void write(String value) {
    try {
      SecretWriter.putOrCreate(
          client.get(), secretId, "ChittySync: the Notion webhook's verification token", value);
    } catch (SdkException e) {
      throw failure("write", e);
    }
  }

  private ChittySyncException failure(String action, SdkException e) {
    String detail;
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? "" : ase.awsErrorDetails().errorCode();
      detail = code + " (HTTP " + ase.statusCode() + ")";
    } else if (e instanceof SdkClientException) {
      detail = "Secrets Manager is unreachable: " + e.getMessage();
    } else {
      detail = e.getClass().getSimpleName();
    }
    return new ChittySyncException(
        ErrorCode.SECRET_UNRESOLVED,
        "cannot " + action + " the webhook verification token secret '" + secretId + "': " + detail,
        e);
  }

  @Override
  public void close() {
    client.close();
  }
}
