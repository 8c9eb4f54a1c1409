package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.functions.health.HealthComponent;
import com.chittysync.functions.health.HealthHandler;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalApiGatewayTest {
  private static TestDatabase db;
  private static LocalApiGateway gateway;
  private static int port;
  private static final AtomicReference<APIGatewayV2HTTPEvent> LAST = new AtomicReference<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** Echoes what it was given, so the test can see the event the gateway built. */
  static final class EchoHandler
      implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
      LAST.set(event);
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(201)
          .withHeaders(Map.of("content-type", "text/plain", "x-echo", "yes"))
          .withBody("got " + event.getPathParameters().get("name"))
          .build();
    }
  }

  private static final String API_TOKEN = "local-api-token-0123456789abcdefghijklmnop";

  @BeforeAll
  static void start() throws Exception {
    db = TestPostgres.createDatabase();
    Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
    gateway =
        new LocalApiGateway()
            .route(
                "GET /health",
                "health",
                () ->
                    LocalFunction.of(
                        "health",
                        new HealthHandler(HealthComponent.create(db.env()).healthService())))
            .route(
                "POST /v1/registries/{name}/records",
                "echo",
                () -> LocalFunction.of("echo", new EchoHandler()))
            .route(
                "GET /v1/things/{name}",
                "echo",
                () -> LocalFunction.of("echo", new EchoHandler()),
                true)
            .authorizer(API_TOKEN, false);
    port = gateway.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    db.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  @Test
  void healthRouteReachesTheRealHandler() throws Exception {
    HttpResponse<String> response = send(request("/health"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(Json.mapper().readTree(response.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void unknownRoutesAre404LikeApiGateway() throws Exception {
    HttpResponse<String> response = send(request("/nope"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
    assertThat(
            send(request("/health").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode())
        .isEqualTo(404);
  }

  @Test
  void requestBecomesAPayloadV2Event() throws Exception {
    HttpResponse<String> response =
        send(
            request("/v1/registries/people/records?dry=1&x=a&x=b")
                .header("Content-Type", "application/json")
                .header("X-Custom", "v")
                .header("Cookie", "a=1; b=2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"upsert\":[]}")));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("got people");
    assertThat(response.headers().firstValue("x-echo")).contains("yes");

    APIGatewayV2HTTPEvent event = LAST.get();
    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getRouteKey()).isEqualTo("POST /v1/registries/{name}/records");
    assertThat(event.getRawPath()).isEqualTo("/v1/registries/people/records");
    assertThat(event.getRawQueryString()).isEqualTo("dry=1&x=a&x=b");
    assertThat(event.getQueryStringParameters())
        .containsEntry("dry", "1")
        .containsEntry("x", "a,b");
    assertThat(event.getPathParameters()).isEqualTo(Map.of("name", "people"));
    assertThat(event.getHeaders())
        .containsEntry("x-custom", "v")
        .containsEntry("content-type", "application/json");
    assertThat(event.getCookies()).containsExactly("a=1", "b=2");
    assertThat(event.getBody()).isEqualTo("{\"upsert\":[]}");
    assertThat(event.getIsBase64Encoded()).isFalse();
    assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
    assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("127.0.0.1");
  }

  @Test
  void binaryBodiesArriveBase64Encoded() throws Exception {
    send(
        request("/v1/registries/people/records")
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2, (byte) 255})));
    APIGatewayV2HTTPEvent event = LAST.get();
    assertThat(event.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(event.getBody())).containsExactly(0, 1, 2, 255);
  }

  @Test
  void aBodyOverApiGatewaysLimitIs413AndReachesNoFunction() throws Exception {
    LAST.set(null);
    HttpResponse<String> response =
        send(
            request("/v1/registries/people/records")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        new byte[LocalApiGateway.MAX_BODY_BYTES + 1])));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
    assertThat(LAST.get()).isNull();
  }

  @Test
  void anAuthorizedRouteWithoutTheTokenIs401LikeApiGatewaysAuthorizerAndReachesNoFunction()
      throws Exception {
    LAST.set(null);
    for (String authorization : new String[] {null, "Bearer wrong", "Basic " + API_TOKEN}) {
      HttpRequest.Builder request = request("/v1/things/a");
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response = send(request);
      assertThat(response.statusCode()).as(authorization).isEqualTo(401);
      assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
      assertThat(response.headers().firstValue("www-authenticate")).contains("Bearer");
    }
    assertThat(LAST.get()).isNull();
  }

  @Test
  void theLocalTokenPassesTheAuthorizerAndTheFunctionSeesItsVerifiedClaims() throws Exception {
    HttpResponse<String> response =
        send(request("/v1/things/a").header("Authorization", "Bearer " + API_TOKEN));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(LAST.get().getRequestContext().getAuthorizer().getJwt().getClaims())
        .isEqualTo(Map.of("sub", "local", "groups", "chittysync-operator"));
    send(request("/v1/registries/people/records").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(LAST.get().getRequestContext().getAuthorizer())
        .as("a route without an authorizer carries no claims")
        .isNull();
  }

  @Test
  void anOpenAuthorizerLetsEveryRequestThroughWithoutClaims() throws Exception {
    try (LocalApiGateway open =
        new LocalApiGateway()
            .route(
                "GET /v1/things/{name}",
                "echo",
                () -> LocalFunction.of("echo", new EchoHandler()),
                true)
            .authorizer(API_TOKEN, true)) {
      int openPort = open.start("127.0.0.1", 0);
      HttpResponse<String> response =
          send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + openPort + "/v1/things/b")));
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(LAST.get().getRequestContext().getAuthorizer()).isNull();
    }
  }

  @Test
  void aForeignHostIsRefusedOnLoopbackAgainstDnsRebinding() throws Exception {
    for (String host : new String[] {"evil.example:" + port, "127.0.0.1:1", "localhost"}) {
      String raw = rawGet(host);
      assertThat(raw).as(host).startsWith("HTTP/1.1 421");
      assertThat(raw)
          .contains(
              "chittysync serve answers only requests for 127.0.0.1:"
                  + port
                  + ", localhost:"
                  + port
                  + " or [::1]:"
                  + port
                  + ", not for '"
                  + host
                  + "'");
    }
    assertThat(rawGet("localhost:" + port)).startsWith("HTTP/1.1 200");
    assertThat(rawGet("LOCALHOST:" + port)).startsWith("HTTP/1.1 200");
  }

  /** {@code GET /health} with {@code Host: host}, which java.net.http will not send. */
  private static String rawGet(String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket
          .getOutputStream()
          .write(
              ("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
