package com.chittysync.aws;

import com.chittysync.core.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds AWS SDK v2 clients from the standard variables, read from the component's environment map
 * rather than straight from the process, so tests can point a client at moto or LocalStack: {@code
 * AWS_REGION} (or {@code AWS_DEFAULT_REGION}), {@code AWS_ENDPOINT_URL} and the service-specific
 * {@code AWS_ENDPOINT_URL_<SERVICE>}, and static credentials when {@code AWS_ACCESS_KEY_ID} is set
 * (else the SDK's default chain, which is what Lambda uses).
 *
 * <p>{@code software.amazon.awssdk:eventbridge} is an optional dependency of this module: a module
 * that calls {@link #eventBridge} declares it itself, so functions that never publish events do not
 * ship the client.
 *
 * <p>Clients use the JDK's URL connection transport: it starts faster and weighs far less than the
 * Apache one, which matters for Lambda cold starts.
 */
public final class AwsClientConfig {
  private final Map<String, String> env;

  public AwsClientConfig(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Configures {@code builder} for the service whose endpoint variable suffix is {@code
   * serviceSuffix} (for example {@code SECRETS_MANAGER}).
   *
   * @throws ConfigException when the region cannot be determined or an endpoint URL is malformed
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, String serviceSuffix) {
    builder.region(region());
    builder.credentialsProvider(credentials());
    endpoint(serviceSuffix).ifPresent(builder::endpointOverride);
    builder.httpClient(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(10))
            .build());
    builder.overrideConfiguration(
        ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(20)).build());
    return builder;
  }

  /**
   * A Secrets Manager client ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or {@code
   * AWS_ENDPOINT_URL}), whose calls give up after {@code apiCallTimeout}.
   */
  public SecretsManagerClient secretsManager(Duration apiCallTimeout) {
    return withTimeout(configure(SecretsManagerClient.builder(), "SECRETS_MANAGER"), apiCallTimeout)
        .build();
  }

  /**
   * An EventBridge client ({@code AWS_ENDPOINT_URL_EVENTBRIDGE} or {@code AWS_ENDPOINT_URL}), whose
   * calls give up after {@code apiCallTimeout}. Needs {@code software.amazon.awssdk:eventbridge} on
   * the caller's classpath.
   */
  public EventBridgeClient eventBridge(Duration apiCallTimeout) {
    return withTimeout(configure(EventBridgeClient.builder(), "EVENTBRIDGE"), apiCallTimeout)
        .build();
  }

  /**
   * Replaces the default 20 s call timeout: callers answering a webhook within a few seconds need
   * to fail, and let the sender retry, well before that.
   */
  private static <B extends AwsClientBuilder<B, C>, C> B withTimeout(B builder, Duration timeout) {
    builder.overrideConfiguration(
        ClientOverrideConfiguration.builder().apiCallTimeout(timeout).build());
    return builder;
  }

  /** The configured region. */
  public Region region() {
    Optional<String> name = value("AWS_REGION").or(() -> value("AWS_DEFAULT_REGION"));
    if (name.isPresent()) {
      return Region.of(name.get().trim().toLowerCase(Locale.ROOT));
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (RuntimeException e) {
      throw new ConfigException("AWS_REGION: not set, and no region is configured for the SDK");
    }
  }

  /** The endpoint override for a service, if any. */
  public Optional<URI> endpoint(String serviceSuffix) {
    String name = "AWS_ENDPOINT_URL_" + serviceSuffix;
    Optional<String> value = value(name);
    if (value.isEmpty()) {
      name = "AWS_ENDPOINT_URL";
      value = value(name);
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.get().trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(value.get(), "needs scheme and host");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new ConfigException(name + ": not a URL like http://127.0.0.1:5000");
    }
  }

  private AwsCredentialsProvider credentials() {
    Optional<String> keyId = value("AWS_ACCESS_KEY_ID");
    Optional<String> secret = value("AWS_SECRET_ACCESS_KEY");
    if (keyId.isPresent() && secret.isPresent()) {
      Optional<String> token = value("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(
          token.isPresent()
              ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
              : AwsBasicCredentials.create(keyId.get(), secret.get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private Optional<String> value(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
