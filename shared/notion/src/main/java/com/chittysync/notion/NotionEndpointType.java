package com.chittysync.notion;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.EndpointSecrets;
import com.chittysync.connect.EndpointType;
import com.chittysync.connect.RequestBudget;
import com.chittysync.connect.RequestBudgets;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Secret;
import com.chittysync.core.config.SecretReference;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.notion.oauth.NotionOAuth;
import com.chittysync.notion.oauth.NotionTokenStore;
import com.chittysync.notion.oauth.RefreshingTokenSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code type: notion}: a registry kept in a Notion data source.
 *
 * <pre>{@code
 * endpoints:
 *   notion:
 *     type: notion
 *     database_id: 2f26ee68df304251aad48ddc420cba3d   # or data_source_id
 *     fields: {person_id: "Person ID", full_name: Name, email: Email}
 *     token: secretsmanager:chittysync/notion#token     # optional; default NOTION_API_TOKEN
 *     requests_per_second: 3                             # optional
 * }</pre>
 *
 * <p>The base URL is {@code NOTION_API_BASE_URL} (default {@code https://api.notion.com}), so the
 * same code talks to Notion or to the emulator.
 */
public final class NotionEndpointType implements EndpointType {
  /** The {@code type:} value. */
  public static final String TYPE = "notion";

  /** Environment variable with the default API token. */
  public static final String TOKEN_ENV = "NOTION_API_TOKEN";

  /** Environment variable with the API's base URL. */
  public static final String BASE_URL_ENV = "NOTION_API_BASE_URL";

  private final SecretResolver secrets;

  /** A type that resolves {@code secretsmanager:} tokens with {@code secrets} (may be null). */
  public NotionEndpointType(SecretResolver secrets) {
    this.secrets = secrets;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> validate(EndpointConfig config, RegistryConfig registry) {
    List<String> problems = new ArrayList<>();
    NotionSettings.parse(config, registry, problems);
    return problems;
  }

  @Override
  public NotionEndpoint open(
      EndpointConfig config, RegistryConfig registry, EndpointContext context) {
    List<String> problems = new ArrayList<>();
    NotionSettings settings =
        NotionSettings.parse(config, registry, problems)
            .orElseThrow(() -> new ConfigException(problems));
    Tokens tokens = tokens(settings, context);
    String base = context.env().get(BASE_URL_ENV, NotionClient.DEFAULT_BASE_URL);
    RequestBudget budget =
        context.budgets().forKey(tokens.budgetKey(), settings.requestsPerSecond());
    NotionClient client;
    try {
      client =
          new NotionClient(base, tokens.source(), settings.path(), budget, settings.maxRetries());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(BASE_URL_ENV + ": " + e.getMessage());
    }
    return new NotionEndpoint(
        settings,
        client,
        registry.name(),
        context.config().map(RelatedRegistry::in).orElse(List.of()),
        context.snapshots(),
        Optional.ofNullable(context.stateDatabase())
            .map(db -> new NotionReadStages(db, registry.name(), settings.name())));
  }

  /**
   * Where the endpoint's token comes from, and the key of its integration's request budget: the
   * hash of a fixed token, or of the stored OAuth grant's secret id (its token changes as it is
   * renewed), never the token itself.
   */
  private record Tokens(TokenSource source, String budgetKey) {}

  /**
   * The endpoint's token. A reference to the {@code access_token} of a stored OAuth grant is
   * renewed with the grant's refresh token when Notion refuses it, if the OAuth client id and
   * secret are configured.
   */
  private Tokens tokens(NotionSettings settings, EndpointContext context) {
    Optional<SecretReference> reference =
        settings.token().isPresent()
            ? EndpointSecrets.reference(settings.path() + ".token", settings.token().get())
            : Optional.empty();
    if (reference.isPresent() && "access_token".equals(reference.get().field())) {
      Optional<NotionOAuth> oauth = NotionOAuth.refresher(context.env());
      if (oauth.isPresent()) {
        SecretsManagerClient client =
            new AwsClientConfig(context.env().raw()).secretsManager(Duration.ofSeconds(10));
        String secretId = reference.get().secretId();
        return new Tokens(
            new RefreshingTokenSource(new NotionTokenStore(client, secretId), oauth.get(), client),
            RequestBudgets.secretKey(TYPE + "-oauth", Secret.of(secretId)));
      }
    }
    Secret token = token(settings, context);
    return new Tokens(TokenSource.fixed(token), RequestBudgets.secretKey(TYPE, token));
  }

  private Secret token(NotionSettings settings, EndpointContext context) {
    if (settings.token().isPresent()) {
      return Secret.of(
          EndpointSecrets.resolve(settings.path() + ".token", settings.token().get(), secrets));
    }
    return context
        .env()
        .secret(TOKEN_ENV)
        .filter(s -> !s.isEmpty())
        .orElseThrow(
            () ->
                new ConfigException(
                    settings.path()
                        + ".token: no Notion token: set "
                        + TOKEN_ENV
                        + " or the endpoint's token"));
  }
}
