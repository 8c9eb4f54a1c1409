package com.chittysync.notion.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.http.HttpResult;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.notion.NotionEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The public-integration OAuth flow against the Notion emulator, storing tokens in moto. */
class OAuthFlowTest {
  private static final String REDIRECT = "https://chittysync.example/oauth/notion/callback";
  private NotionEmulator notion;
  private NotionOAuth oauth;
  private NotionTokenStore tokens;
  private SecretsManagerClient secrets;
  private Map<String, String> env;

  @BeforeEach
  void open() {
    notion = NotionEmulator.start();
    notion.oauth().registerClient("client-1", "client-secret-1", List.of(REDIRECT));
    Map<String, String> env = new HashMap<>(MotoServer.shared().env());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    env.put(NotionOAuth.CLIENT_ID, "client-1");
    env.put(NotionOAuth.CLIENT_SECRET, "client-secret-1");
    env.put(NotionOAuth.REDIRECT_URI, REDIRECT);
    oauth = NotionOAuth.from(Environment.of(env));
    this.env = env;
    secrets = new AwsClientConfig(env).secretsManager(Duration.ofSeconds(20));
    tokens = new NotionTokenStore(secrets, "chittysync/test/" + UUID.randomUUID());
  }

  @AfterEach
  void close() {
    secrets.close();
    notion.close();
  }

  /** Follows the authorization URL as a browser would; returns the callback's query. */
  private Map<String, String> authorize(String url) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    String location = answer.headers().firstValue("Location").orElseThrow();
    Map<String, String> query = new HashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(
          kv[0],
          java.net.URLDecoder.decode(
              kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
    }
    return query;
  }

  @Test
  void theCallbackExchangesTheCodeAndStoresTheGrantWithoutShowingIt() throws Exception {
    Map<String, String> query = authorize(oauth.newAuthorizationUrl(Instant.now()));
    HttpResult result = new OAuthCallback(oauth, tokens, Clock.systemUTC()).handle(query);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    var stored = tokens.load().orElseThrow();
    assertThat(stored.path("access_token").asText()).isNotEmpty();
    assertThat(result.body()).doesNotContain(stored.path("access_token").asText());
    // The stored token works against the API.
    HttpResponse<String> me =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(notion.baseUrl() + "/v1/users/me"))
                    .header("Authorization", "Bearer " + stored.path("access_token").asText())
                    .header("Notion-Version", "2025-09-03")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    // A refresh rotates both tokens.
    if (stored.hasNonNull("refresh_token")) {
      TokenGrant refreshed =
          oauth.refresh(com.chittysync.core.config.Secret.of(stored.get("refresh_token").asText()));
      assertThat(refreshed.accessToken().reveal())
          .isNotEqualTo(stored.path("access_token").asText());
    }
  }

  @Test
  void aForgedOrExpiredStateIsRefusedAndNothingIsStored() throws Exception {
    Map<String, String> query = authorize(oauth.newAuthorizationUrl(Instant.now()));
    query.put("state", query.get("state") + "x");
    assertThat(new OAuthCallback(oauth, tokens, Clock.systemUTC()).handle(query).status())
        .isEqualTo(400);
    Map<String, String> late =
        authorize(oauth.newAuthorizationUrl(Instant.now().minus(Duration.ofHours(1))));
    assertThat(new OAuthCallback(oauth, tokens, Clock.systemUTC()).handle(late).body())
        .contains("expired");
    assertThat(tokens.load()).isEmpty();
  }

  @Test
  void aBadCodeIsReportedWithNotionsReason() throws Exception {
    Map<String, String> query = authorize(oauth.newAuthorizationUrl(Instant.now()));
    query.put("code", "not-a-code");
    HttpResult result = new OAuthCallback(oauth, tokens, Clock.systemUTC()).handle(query);
    assertThat(result.status()).isEqualTo(502);
    assertThat(result.body()).contains("invalid_grant");
    assertThat(tokens.load()).isEmpty();
  }

  @Test
  void anExpiredAccessTokenIsRenewedWithTheRefreshTokenAndTheNewGrantKept() throws Exception {
    new OAuthCallback(oauth, tokens, Clock.systemUTC())
        .handle(authorize(oauth.newAuthorizationUrl(Instant.now())));
    var installed = tokens.load().orElseThrow();
    var people =
        notion.createDatabase(
            "People",
            (com.fasterxml.jackson.databind.node.ObjectNode)
                com.chittysync.core.json.Json.mapper()
                    .readTree("{\"Name\":{\"type\":\"title\",\"title\":{}}}"));
    notion.createPage(
        people.dataSourceId(),
        (com.fasterxml.jackson.databind.node.ObjectNode)
            com.chittysync.core.json.Json.mapper()
                .readTree("{\"Name\":{\"title\":[{\"text\":{\"content\":\"Ada\"}}]}}"));
    notion.oauth().expireAccessToken(installed.get("access_token").asText());

    var config =
        com.chittysync.sync.config.ConfigLoader.parse(
            "registries:\n"
                + "  people:\n"
                + "    schema: person.schema.json\n"
                + "    key: name\n"
                + "    endpoints:\n"
                + "      notion: {type: notion, database_id: "
                + people.databaseId()
                + ", token: 'secretsmanager:"
                + tokens.secretId()
                + "#access_token', fields: {name: Name}}\n",
            java.nio.file.Path.of("chittysync.yaml"),
            com.chittysync.sync.config.ConfigLoader.typesOf(
                List.of(new com.chittysync.notion.NotionEndpointType(null))));
    var registry = config.registry("people");
    var context = new com.chittysync.sync.endpoint.EndpointContext(Environment.of(env), null);
    try (var endpoint =
        new com.chittysync.notion.NotionEndpointType(null)
            .open(registry.endpoints().get("notion"), registry, context)) {
      var fetched = endpoint.fetch(com.chittysync.sync.endpoint.FetchRequest.fullScan());
      assertThat(fetched.records()).extracting(r -> r.key()).containsExactly("Ada");
    }
    // Both tokens were rotated and kept; the refused one is gone for good.
    var renewed = tokens.load().orElseThrow();
    assertThat(renewed.path("access_token").asText())
        .isNotEmpty()
        .isNotEqualTo(installed.path("access_token").asText());
    assertThat(renewed.path("refresh_token").asText())
        .isNotEqualTo(installed.path("refresh_token").asText());
  }
}
