package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthTest {
  private static final String REDIRECT = "https://example.com/auth/notion/callback";

  private NotionEmulator emulator;
  private Api api;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String authorize(String state) throws Exception {
    String url =
        emulator.baseUrl()
            + "/v1/oauth/authorize?owner=user&response_type=code&client_id="
            + emulator.oauth().clientId()
            + "&redirect_uri="
            + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
            + "&state="
            + state;
    HttpResponse<String> r =
        api.http()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private Api.Response token(String body, String secret) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (emulator.oauth().clientId() + ":" + secret).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        api.http()
            .send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/oauth/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/json")
                    .header("Notion-Version", "2025-09-03")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new Api.Response(r.statusCode(), Json.parse(r.body()), Map.of());
  }

  @Test
  void authorizationCodeExchangeAndRotatingRefresh() throws Exception {
    String location = authorize("xyz");
    assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=xyz");
    String code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
    String secret = emulator.oauth().clientSecret();

    Api.Response exchanged =
        token(
            "{\"grant_type\":\"authorization_code\",\"code\":\""
                + code
                + "\",\"redirect_uri\":\""
                + REDIRECT
                + "\"}",
            secret);

    assertThat(exchanged.status()).isEqualTo(200);
    JsonNode tokens = exchanged.body();
    JsonNode schema = Api.fixture("oauth-token-response.schema-example.json");
    assertThat(tokens.get("owner").get("user").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrderElementsOf(() -> schema.get("owner").get("user").fieldNames());
    List<String> keys = new ArrayList<>();
    tokens.fieldNames().forEachRemaining(keys::add);
    List<String> expected = new ArrayList<>();
    schema.fieldNames().forEachRemaining(expected::add);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(tokens.get("token_type").asText()).isEqualTo("bearer");
    assertThat(tokens.get("refresh_token").asText()).startsWith("nrt_");
    String access = tokens.get("access_token").asText();
    assertThat(new Api(emulator).token(access).get("/v1/users/me").status()).isEqualTo(200);

    Api.Response reused =
        token("{\"grant_type\":\"authorization_code\",\"code\":\"" + code + "\"}", secret);
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.body().get("error").asText()).isEqualTo("invalid_grant");

    String refresh = tokens.get("refresh_token").asText();
    Api.Response refreshed =
        token("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refresh + "\"}", secret);
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.body().get("refresh_token").asText()).isNotEqualTo(refresh);
    assertThat(refreshed.body().get("access_token").asText()).isNotEqualTo(access);

    Api.Response stale =
        token("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refresh + "\"}", secret);
    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.body().get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void badClientCredentialsAndExpiredTokensAreRejected() throws Exception {
    Api.Response badClient =
        token("{\"grant_type\":\"authorization_code\",\"code\":\"x\"}", "wrong");
    assertThat(badClient.status()).isEqualTo(401);
    assertThat(badClient.body().get("error").asText()).isEqualTo("invalid_client");

    String code = emulator.oauth().issueCode(emulator.oauth().clientId(), null);
    String access =
        token(
                "{\"grant_type\":\"authorization_code\",\"code\":\"" + code + "\"}",
                emulator.oauth().clientSecret())
            .body()
            .get("access_token")
            .asText();
    emulator.oauth().expireAccessToken(access);
    assertThat(new Api(emulator).token(access).get("/v1/users/me").status()).isEqualTo(401);
  }

  @Test
  void deniedAuthorizationRedirectsWithAccessDenied() throws Exception {
    emulator.oauth().denyNextAuthorization();
    assertThat(authorize("s1")).isEqualTo(REDIRECT + "?error=access_denied&state=s1");
  }
}
