package com.chittysync.notion.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.FetchRequest;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.config.ConfigLoader;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/**
 * The public-integration OAuth flow against the Notion emulator, storing tokens in moto and spent
 * states in PostgreSQL.
 */
class OAuthFlowTest {
  private static final String REDIRECT = "https://chittysync.example/oauth/notion/callback";
  private NotionEmulator notion;
  private NotionOAuth oauth;
  private NotionTokenStore tokens;
  private SecretsManagerClient secrets;
  private Map<String, String> env;
  private TestDatabase db;
  private Database database;
  private OAuthStart start;
  private OAuthCallback callback;

  /** A browser that went through the start link: the callback's query and its cookies. */
  private record Flow(Map<String, String> query, List<String> cookies) {}

  @BeforeEach
  void open() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
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
    start = new OAuthStart(oauth, new OAuthSpent(database), Clock.systemUTC());
    callback = new OAuthCallback(oauth, tokens, new OAuthSpent(database), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    secrets.close();
    notion.close();
    database.close();
    db.close();
  }

  /** The start link's query parameters. */
  private static Map<String, String> query(String url) {
    Map<String, String> query = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    return query;
  }

  /** Opens {@code startUrl} as a browser would, through Notion, up to the callback. */
  private Flow begin(String startUrl) throws Exception {
    assertThat(startUrl).startsWith("https://chittysync.example/oauth/notion/start?ticket=");
    HttpResult started = start.handle(query(startUrl));
    assertThat(started.status()).as(started.body()).isEqualTo(302);
    String cookie = started.headers().get("set-cookie");
    assertThat(cookie)
        .startsWith("__Host-chittysync-notion-oauth=")
        .contains("Secure")
        .contains("HttpOnly")
        .contains("SameSite=Lax");
    return new Flow(authorize(started.headers().get("location")), List.of(cookie.split(";", 2)[0]));
  }

  private Flow begin() throws Exception {
    return begin(oauth.newStartUrl(Instant.now()));
  }

  /** Follows the authorization URL as a browser would; returns the callback's query. */
  private Map<String, String> authorize(String url) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    return query(answer.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void theCallbackExchangesTheCodeAndStoresTheGrantWithoutShowingIt() throws Exception {
    Flow flow = begin();
    HttpResult result = callback.handle(flow.query(), flow.cookies());
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    assertThat(result.headers().get("set-cookie")).contains("Max-Age=0");
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
      TokenGrant refreshed = oauth.refresh(Secret.of(stored.get("refresh_token").asText()));
      assertThat(refreshed.accessToken().reveal())
          .isNotEqualTo(stored.path("access_token").asText());
    }
  }

  @Test
  void aForgedOrExpiredStateIsRefusedAndNothingIsStored() throws Exception {
    Flow flow = begin();
    Map<String, String> query = new HashMap<>(flow.query());
    query.put("state", query.get("state") + "x");
    assertThat(callback.handle(query, flow.cookies()).status()).isEqualTo(400);
    OAuthCallback anHourLater =
        new OAuthCallback(
            oauth,
            tokens,
            new OAuthSpent(database),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    assertThat(anHourLater.handle(flow.query(), flow.cookies()).body()).contains("expired");
    HttpResult lateStart =
        start.handle(query(oauth.newStartUrl(Instant.now().minus(Duration.ofHours(1)))));
    assertThat(lateStart.status()).isEqualTo(400);
    assertThat(lateStart.body()).contains("expired");
    assertThat(tokens.load()).isEmpty();
  }

  @Test
  void aStateIsGoodOnceSoItCannotCarryAnotherAuthorizationsCode() throws Exception {
    Flow flow = begin();
    assertThat(callback.handle(flow.query(), flow.cookies()).status()).isEqualTo(200);
    var installed = tokens.load().orElseThrow();
    // Someone who saw the callback URL (history, logs, a Referer) swaps in a code of their own.
    Map<String, String> replay = new HashMap<>(flow.query());
    replay.put("code", notion.oauth().issueCode("client-1", REDIRECT));
    HttpResult again = callback.handle(replay, flow.cookies());
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("already completed");
    assertThat(tokens.load().orElseThrow()).isEqualTo(installed);
  }

  @Test
  void aStateIsGoodOnlyInTheBrowserThatStartedTheFlow() throws Exception {
    // An attacker starts a flow in its own browser, authorizes its own workspace, and lures the
    // operator's browser to the callback with the attacker's code and state.
    Flow attackers = begin();
    Flow operators = begin();
    HttpResult lured = callback.handle(attackers.query(), operators.cookies());
    assertThat(lured.status()).isEqualTo(400);
    assertThat(lured.body()).contains("another browser");
    assertThat(callback.handle(attackers.query(), List.of()).status()).isEqualTo(400);
    assertThat(tokens.load()).isEmpty();
    assertThat(callback.handle(operators.query(), operators.cookies()).status()).isEqualTo(200);
  }

  @Test
  void aStartLinkWorksOnceAndOnlyIfMadeHere() throws Exception {
    String link = oauth.newStartUrl(Instant.now());
    assertThat(start.handle(query(link)).status()).isEqualTo(302);
    HttpResult again = start.handle(query(link));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("already used");
    assertThat(again.headers()).doesNotContainKey("set-cookie");
    HttpResult forged = start.handle(Map.of("ticket", "t.abc.1.forged"));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.body()).contains("not made by");
    assertThat(start.handle(Map.of()).status()).isEqualTo(400);
  }

  @Test
  void aBadCodeIsReportedWithNotionsReason() throws Exception {
    Flow flow = begin();
    Map<String, String> query = new HashMap<>(flow.query());
    query.put("code", "not-a-code");
    HttpResult result = callback.handle(query, flow.cookies());
    assertThat(result.status()).isEqualTo(502);
    assertThat(result.body()).contains("invalid_grant");
    assertThat(tokens.load()).isEmpty();
  }

  @Test
  void anExpiredAccessTokenIsRenewedWithTheRefreshTokenAndTheNewGrantKept() throws Exception {
    Flow flow = begin();
    callback.handle(flow.query(), flow.cookies());
    var installed = tokens.load().orElseThrow();
    var people =
        notion.createDatabase(
            "People",
            (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.mapper().readTree("{\"Name\":{\"type\":\"title\",\"title\":{}}}"));
    notion.createPage(
        people.dataSourceId(),
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.mapper().readTree("{\"Name\":{\"title\":[{\"text\":{\"content\":\"Ada\"}}]}}"));
    notion.oauth().expireAccessToken(installed.get("access_token").asText());

    var config =
        ConfigLoader.parse(
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
            Path.of("chittysync.yaml"),
            ConfigLoader.typesOf(List.of(new NotionEndpointType(null))));
    var registry = config.registry("people");
    var context = new EndpointContext(Environment.of(env), null);
    try (var endpoint =
        new NotionEndpointType(null).open(registry.endpoints().get("notion"), registry, context)) {
      var fetched = endpoint.fetch(FetchRequest.fullScan());
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
