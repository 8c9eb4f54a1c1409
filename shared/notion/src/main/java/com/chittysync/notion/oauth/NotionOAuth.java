package com.chittysync.notion.oauth;

import com.chittysync.connect.CredentialsRefusedException;
import com.chittysync.connect.EndpointUnavailableException;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.chittysync.notion.NotionClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Notion OAuth for public integrations: the authorization URL a user is sent to, and the exchange
 * of the code (or of a refresh token) for tokens at {@code POST /v1/oauth/token} with HTTP Basic
 * client credentials.
 */
public final class NotionOAuth {
  /** The integration's OAuth client id. */
  public static final String CLIENT_ID = "NOTION_OAUTH_CLIENT_ID";

  /** The client secret (may be a {@code secretsmanager:} reference). */
  public static final String CLIENT_SECRET = "NOTION_OAUTH_CLIENT_SECRET";

  /** The redirect URI registered with Notion (ChittySync's {@code /oauth/notion/callback}). */
  public static final String REDIRECT_URI = "NOTION_OAUTH_REDIRECT_URI";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl base;
  private final String clientId;
  private final Secret clientSecret;
  private final String redirectUri;
  private final OkHttpClient http =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();

  NotionOAuth(String baseUrl, String clientId, Secret clientSecret, String redirectUri) {
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) {
      throw new ConfigException("NOTION_API_BASE_URL: not an http(s) URL: " + baseUrl);
    }
    this.base = parsed;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
  }

  /**
   * Reads {@code NOTION_OAUTH_CLIENT_ID}, {@code NOTION_OAUTH_CLIENT_SECRET}, {@code
   * NOTION_OAUTH_REDIRECT_URI} and {@code NOTION_API_BASE_URL}.
   *
   * @throws ConfigException naming every missing setting
   */
  public static NotionOAuth from(Environment env) {
    List<String> problems = new ArrayList<>();
    Optional<String> id = env.get(CLIENT_ID);
    Optional<Secret> secret = env.secret(CLIENT_SECRET);
    Optional<String> redirect = env.get(REDIRECT_URI);
    if (id.isEmpty()) {
      problems.add(CLIENT_ID + ": required: the public integration's OAuth client id");
    }
    if (secret.isEmpty()) {
      problems.add(CLIENT_SECRET + ": required: its OAuth client secret");
    }
    if (redirect.isEmpty()) {
      problems.add(
          REDIRECT_URI
              + ": required: the redirect URI registered with Notion (…/oauth/notion/callback)");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new NotionOAuth(
        env.get("NOTION_API_BASE_URL", NotionClient.DEFAULT_BASE_URL),
        id.get(),
        secret.get(),
        redirect.get());
  }

  /**
   * A client that can only refresh tokens, when {@code NOTION_OAUTH_CLIENT_ID} and {@code
   * NOTION_OAUTH_CLIENT_SECRET} are set (the redirect URI is not needed to refresh).
   */
  public static Optional<NotionOAuth> refresher(Environment env) {
    Optional<String> id = env.get(CLIENT_ID);
    Optional<Secret> secret = env.secret(CLIENT_SECRET);
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new NotionOAuth(
            env.get("NOTION_API_BASE_URL", NotionClient.DEFAULT_BASE_URL),
            id.get(),
            secret.get(),
            env.get(REDIRECT_URI).orElse("")));
  }

  /**
   * The link an operator opens to install the integration: ChittySync's {@code /oauth/notion/start}
   * (beside the redirect URI) with a fresh ticket, valid once for {@link OAuthState#VALID_FOR}. The
   * start route binds the flow to that browser, then sends it on to Notion.
   *
   * @throws ConfigException when the redirect URI is not an http(s) URL
   */
  public String newStartUrl(Instant now) {
    HttpUrl redirect = HttpUrl.parse(redirectUri);
    if (redirect == null) {
      throw new ConfigException(REDIRECT_URI + ": not an http(s) URL: " + redirectUri);
    }
    HttpUrl start = redirect.resolve("start");
    return start
        .newBuilder()
        .query(null)
        .addQueryParameter("ticket", states().ticket(now))
        .build()
        .toString();
  }

  /** The signer of this integration's tickets and states. */
  OAuthState states() {
    return new OAuthState(clientSecret);
  }

  /** Where to send a person to install the integration; {@code state} comes back with the code. */
  public String authorizationUrl(String state) {
    return base.newBuilder()
        .encodedPath("/v1/oauth/authorize")
        .addQueryParameter("client_id", clientId)
        .addQueryParameter("response_type", "code")
        .addQueryParameter("owner", "user")
        .addQueryParameter("redirect_uri", redirectUri)
        .addQueryParameter("state", state)
        .build()
        .toString();
  }

  /** Exchanges an authorization code for tokens. */
  public TokenGrant exchange(String code) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", redirectUri);
    return token(body);
  }

  /** Exchanges a refresh token for a new access token and a new refresh token. */
  public TokenGrant refresh(Secret refreshToken) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("grant_type", "refresh_token");
    body.put("refresh_token", refreshToken.reveal());
    return token(body);
  }

  private TokenGrant token(ObjectNode body) {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (clientId + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
    Request request =
        new Request.Builder()
            .url(base.newBuilder().encodedPath("/v1/oauth/token").build())
            .header("Authorization", "Basic " + basic)
            .header("Notion-Version", NotionClient.NOTION_VERSION)
            .post(RequestBody.create(body.toString(), JSON))
            .build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      JsonNode json =
          text.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(text);
      if (!response.isSuccessful()) {
        String error =
            json.path("error").asText(json.path("code").asText("HTTP " + response.code()));
        String description = json.path("error_description").asText(json.path("message").asText(""));
        throw new CredentialsRefusedException(
            "Notion refused the OAuth "
                + body.path("grant_type").asText()
                + " exchange: "
                + error
                + (description.isEmpty() ? "" : " (" + description + ")"));
      }
      return TokenGrant.of(json);
    } catch (IOException e) {
      throw new EndpointUnavailableException(
          "Notion's OAuth token endpoint did not answer: " + e.getClass().getSimpleName());
    }
  }
}
