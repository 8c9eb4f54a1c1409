package com.chittysync.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.chittysync.audit.Merkle;
import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.notion.oauth.NotionOAuth;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.SampleEvents;
import com.chittysync.testkit.Stderr;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.chittysync.testkit.oidc.TestOidcIssuer;
import com.chittysync.web.auth.Role;
import com.chittysync.web.auth.SessionCookies;
import com.chittysync.web.auth.SessionKey;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiHandlerTest {
  private TestDatabase db;
  private Database database;
  private AuditLog log;
  private ApiHandler handler;
  private final NoteSigner signer = NoteSigner.generate("api.example/log");

  @BeforeEach
  void open() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    log = new AuditLog(database, Clock.systemUTC());
    handler = handler(db.env());
  }

  private static ApiHandler handler(Map<String, String> env) {
    ApiComponent component = ApiComponent.create(env);
    return new ApiHandler(
        component.auditApi(), component.auditAccess(), component.recordsApi()::get);
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  private void append(int n) {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(
          new AuditRecord("operator.note", "test", Json.mapper().createObjectNode().put("i", i)));
    }
    log.append(records);
  }

  /** The claims API Gateway's JWT authorizer passes on for a Cognito user in the viewer group. */
  static final Map<String, String> VERIFIED_CLAIMS =
      Map.of(
          "sub", "5f0c-viewer",
          "email", "vic@example.org",
          "groups", "[chittysync-viewer]",
          "iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
          "exp", "2000000000");

  private APIGatewayV2HTTPEvent event(String route, Map<String, String> query) {
    APIGatewayV2HTTPEvent event =
        LambdaEventSerializers.serializerFor(
                APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
            .fromJson(SampleEvents.read("api", "get-checkpoint.json"));
    event.setRouteKey(route);
    event.setQueryStringParameters(query);
    return event;
  }

  /** {@code route} as API Gateway passes it on once its JWT authorizer verified the caller. */
  private APIGatewayV2HTTPResponse get(String route, Map<String, String> query) {
    APIGatewayV2HTTPEvent event = event(route, query);
    event
        .getRequestContext()
        .setAuthorizer(
            APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(
                    APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                        .builder()
                        .withClaims(VERIFIED_CLAIMS)
                        .build())
                .build());
    return handler.handleRequest(event, null);
  }

  /** {@code route} with nothing but {@code headers} and {@code cookies} to say who sent it. */
  private APIGatewayV2HTTPResponse anonymous(
      String route, Map<String, String> query, Map<String, String> headers, List<String> cookies) {
    APIGatewayV2HTTPEvent event = event(route, query);
    Map<String, String> all = new HashMap<>(event.getHeaders());
    all.putAll(headers);
    event.setHeaders(all);
    event.setCookies(cookies);
    return handler.handleRequest(event, null);
  }

  private APIGatewayV2HTTPResponse anonymous(String route, Map<String, String> query) {
    return anonymous(route, query, Map.of(), null);
  }

  private static final List<String> READ_ROUTES =
      List.of(
          "GET /v1/audit/checkpoints",
          "GET /v1/audit/entries",
          "GET /v1/audit/proof",
          "GET /v1/audit/consistency");

  private static Map<String, String> query(String route) {
    return switch (route) {
      case "GET /v1/audit/proof" -> Map.of("seq", "1", "size", "3");
      case "GET /v1/audit/consistency" -> Map.of("from", "1", "to", "3");
      default -> Map.of();
    };
  }

  @Test
  void theLogsEntriesAndProofsNeedSomeoneButTheLatestCheckpointIsOpen() throws Exception {
    append(3);
    new Checkpointer(database, signer, signer.name()).checkpoint();
    for (String route : READ_ROUTES) {
      APIGatewayV2HTTPResponse refused = anonymous(route, query(route));
      assertThat(refused.getStatusCode()).as(route).isEqualTo(401);
      assertThat(refused.getHeaders()).containsEntry("www-authenticate", "Bearer");
      assertThat(refused.getBody())
          .isEqualTo(
              "{\"error\":{\"code\":\"auth.required\",\"message\":\"the audit log's entries and"
                  + " proofs need a signed-in user or a bearer token (Authorization: Bearer …); set"
                  + " CHITTYSYNC_PUBLIC_AUDIT=true to publish the log openly\"}}");
      assertThat(get(route, query(route)).getStatusCode()).as(route).isEqualTo(200);
    }
    assertThat(anonymous("GET /v1/audit/checkpoint", null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void publicAuditOpensTheWholeLog() {
    append(3);
    new Checkpointer(database, signer, signer.name()).checkpoint();
    Map<String, String> env = new HashMap<>(db.env());
    env.put("CHITTYSYNC_PUBLIC_AUDIT", "true");
    handler = handler(env);
    for (String route : READ_ROUTES) {
      assertThat(anonymous(route, query(route)).getStatusCode()).as(route).isEqualTo(200);
    }
  }

  @Test
  void aBearerTokenOfTheIssuerOrADashboardSessionReadsTooAndForgeriesDoNot() {
    append(3);
    try (TestOidcIssuer issuer = TestOidcIssuer.start()) {
      Map<String, String> env = new HashMap<>(db.env());
      env.putAll(issuer.env());
      String sessionKey = SessionKey.generateEncoded();
      env.put("CHITTYSYNC_SESSION_KEY", sessionKey);
      handler = handler(env);
      Map<String, String> q = Map.of("from", "0");

      String access = issuer.mintAccessToken(TestOidcIssuer.User.viewer());
      assertThat(
              anonymous(
                      "GET /v1/audit/entries", q, Map.of("authorization", "Bearer " + access), null)
                  .getStatusCode())
          .isEqualTo(200);
      String expired = issuer.mintExpired(TestOidcIssuer.User.viewer(), Duration.ofHours(1));
      String foreign =
          issuer.mintWithForeignKey(
              issuer.claims(TestOidcIssuer.User.viewer()).audience(issuer.clientId()).build());
      String elsewhere = issuer.mintForAudience(TestOidcIssuer.User.viewer(), "other-client");
      for (String bad : List.of(expired, foreign, elsewhere)) {
        assertThat(
                anonymous(
                        "GET /v1/audit/entries", q, Map.of("authorization", "Bearer " + bad), null)
                    .getStatusCode())
            .isEqualTo(401);
      }

      SessionCookies sessions = new SessionCookies(SessionKey.parse(sessionKey), Clock.systemUTC());
      String cookie = sessions.setCookie(sessions.start("user-ann", "ann", Role.VIEWER));
      assertThat(
              anonymous(
                      "GET /v1/audit/entries",
                      q,
                      Map.of(),
                      List.of(cookie.substring(0, cookie.indexOf(';'))))
                  .getStatusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void theFunctionNeedsNoSessionKeyOrIssuerToReadVerifiedClaims() {
    // db.env() sets neither: the component was built and the claims are read.
    append(1);
    assertThat(get("GET /v1/audit/entries", Map.of()).getStatusCode()).isEqualTo(200);
  }

  @Test
  void aMalformedAuthSettingFailsTheFunctionAtInitNamingIt() {
    Map<String, String> env = new HashMap<>(db.env());
    env.put("CHITTYSYNC_PUBLIC_AUDIT", "sometimes");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler(env))
        .hasMessageContaining("CHITTYSYNC_PUBLIC_AUDIT: must be true or false");
  }

  @Test
  void checkpointIsServedAsTheSignedNote() {
    assertThat(get("GET /v1/audit/checkpoint", null).getStatusCode()).isEqualTo(404);
    append(9);
    String note = new Checkpointer(database, signer, signer.name()).checkpoint().note();
    APIGatewayV2HTTPResponse response = get("GET /v1/audit/checkpoint", null);
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders().get("content-type")).startsWith("text/plain");
    assertThat(response.getBody()).isEqualTo(note).startsWith("api.example/log\n9\n");
  }

  @Test
  void entriesArePagedJsonLinesWithTheExactHashedBytes() throws Exception {
    append(25);
    APIGatewayV2HTTPResponse response =
        get("GET /v1/audit/entries", Map.of("from", "5", "to", "8"));
    assertThat(response.getStatusCode()).isEqualTo(200);
    String[] lines = response.getBody().split("\n");
    assertThat(lines).hasSize(3);
    List<byte[]> stored = new ArrayList<>();
    log.entries(5, 8, (seq, entry, leaf) -> stored.add(leaf));
    for (int i = 0; i < 3; i++) {
      JsonNode line = Json.mapper().readTree(lines[i]);
      assertThat(line.get("seq").asLong()).isEqualTo(5 + i);
      String raw = lines[i].substring(lines[i].indexOf("\"entry\":") + 8, lines[i].length() - 1);
      assertThat(Merkle.leafHash(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(stored.get(i));
    }
  }

  @Test
  void pagesOfLargeEntriesStayUnderLambdasResponseLimitAndChainToTheEnd() throws Exception {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // About 900 KB each, and more once escaped into the response's JSON.
      records.add(
          new AuditRecord(
              "sync.op",
              "engine",
              Json.mapper().createObjectNode().put("i", i).put("text", "q\"ü".repeat(180_000))));
    }
    log.append(records);
    append(3);
    var serializer =
        LambdaEventSerializers.serializerFor(
            APIGatewayV2HTTPResponse.class, getClass().getClassLoader());
    List<Long> seqs = new ArrayList<>();
    String from = "0";
    int pages = 0;
    while (from != null) {
      APIGatewayV2HTTPResponse page = get("GET /v1/audit/entries", Map.of("from", from));
      assertThat(page.getStatusCode()).isEqualTo(200);
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      serializer.toJson(page, wire);
      // Lambda refuses a response payload over 6 MB.
      assertThat(wire.size()).isLessThan(6 * 1000 * 1000);
      for (String line : page.getBody().split("\n")) {
        seqs.add(Json.mapper().readTree(line).get("seq").asLong());
      }
      from = page.getHeaders().get("audit-next");
      pages++;
    }
    assertThat(seqs).containsExactlyElementsOf(LongStream.range(0, 13).boxed().toList());
    assertThat(pages).isGreaterThan(1);
  }

  @Test
  void proofsVerifyAgainstTheServedCheckpoint() throws Exception {
    append(30);
    new Checkpointer(database, signer, signer.name()).checkpoint();
    JsonNode proof =
        Json.mapper().readTree(get("GET /v1/audit/proof", Map.of("seq", "17")).getBody());
    assertThat(proof.get("tree_size").asLong()).isEqualTo(30);
    List<byte[]> path = new ArrayList<>();
    proof.get("proof").forEach(h -> path.add(HexFormat.of().parseHex(h.asText())));
    Merkle.verifyInclusion(
        17, 30, HexFormat.of().parseHex(proof.get("leaf_hash").asText()), path, log.head().root());

    JsonNode consistency =
        Json.mapper()
            .readTree(get("GET /v1/audit/consistency", Map.of("from", "11", "to", "30")).getBody());
    assertThat(consistency.get("from").asLong()).isEqualTo(11);
    assertThat(consistency.get("proof")).isNotEmpty();
  }

  @Test
  void badParametersAre400AndUnknownRoutes404() throws Exception {
    append(3);
    APIGatewayV2HTTPResponse bad = get("GET /v1/audit/proof", Map.of("seq", "x", "size", "3"));
    assertThat(bad.getStatusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(bad.getBody()).at("/error/message").asText())
        .isEqualTo("query parameter 'seq' must be a whole number, got 'x'");
    assertThat(get("GET /v1/audit/proof", Map.of("seq", "9", "size", "3")).getStatusCode())
        .isEqualTo(400);
    assertThat(get("GET /v1/audit/consistency", Map.of("from", "1")).getStatusCode())
        .isEqualTo(400);
    assertThat(get("GET /v1/nothing", null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void aDatabaseFailureOnAPublicRouteNamesNoHostDatabaseOrPort() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env =
        Map.of(
            "DATABASE_URL",
            "postgres://chitty:hunter2@127.0.0.1:" + port + "/statedb",
            "CHITTYSYNC_DB_CONNECT_TIMEOUT_MS",
            "500");
    handler = handler(env);
    APIGatewayV2HTTPResponse[] answer = new APIGatewayV2HTTPResponse[1];
    String log = Stderr.of(() -> answer[0] = get("GET /v1/audit/checkpoint", null));
    APIGatewayV2HTTPResponse response = answer[0];
    assertThat(response.getStatusCode()).isEqualTo(503);
    JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("database.unavailable");
    assertThat(response.getBody())
        .doesNotContain("127.0.0.1")
        .doesNotContain(String.valueOf(port))
        .doesNotContain("statedb")
        .doesNotContain("hunter2");
    assertThat(log)
        .as("the details are in the log")
        .contains("127.0.0.1:" + port + "/statedb")
        .doesNotContain("hunter2");
  }

  @Test
  void theOAuthStartRouteSetsTheBindingCookieAndRedirectsToNotion() {
    Map<String, String> env = new HashMap<>(db.env());
    env.put("NOTION_OAUTH_CLIENT_ID", "client-1");
    env.put("NOTION_OAUTH_CLIENT_SECRET", "client-secret-1");
    env.put("NOTION_OAUTH_REDIRECT_URI", "https://chittysync.example/oauth/notion/callback");
    env.put("NOTION_API_BASE_URL", "https://notion.example");
    env.put("AWS_REGION", "us-east-1");
    env.put("CHITTYSYNC_NOTION_TOKEN_SECRET", "chittysync-test/notion-oauth");
    ApiComponent component = ApiComponent.create(env);
    handler =
        new ApiHandler(
            component.auditApi(),
            component.auditAccess(),
            component.recordsApi()::get,
            component.notionOAuthStart()::get,
            component.notionOAuthCallback()::get);
    String link = NotionOAuth.from(Environment.of(env)).newStartUrl(Instant.now());
    String ticket = URI.create(link).getQuery().substring("ticket=".length());

    APIGatewayV2HTTPResponse started = get("GET /oauth/notion/start", Map.of("ticket", ticket));
    assertThat(started.getStatusCode()).isEqualTo(302);
    assertThat(started.getHeaders().get("location"))
        .startsWith("https://notion.example/v1/oauth/authorize?");
    assertThat(started.getHeaders()).doesNotContainKey("set-cookie");
    assertThat(started.getCookies()).singleElement().asString().startsWith("__Host-");

    // The callback in a browser without that cookie is refused, and ends any cookie it had.
    APIGatewayV2HTTPResponse refused =
        get("GET /oauth/notion/callback", Map.of("code", "c", "state", "s.a.1.b.c"));
    assertThat(refused.getStatusCode()).isEqualTo(400);
    assertThat(refused.getBody()).contains("state check failed");
    assertThat(refused.getCookies()).singleElement().asString().contains("Max-Age=0");
  }
}
