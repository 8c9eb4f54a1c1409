package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public-integration OAuth flow: {@code GET /v1/oauth/authorize} (auto-approves and redirects
 * with {@code code} and {@code state}) and {@code POST /v1/oauth/token} with HTTP Basic client
 * credentials for the {@code authorization_code} and {@code refresh_token} grants. Refresh tokens
 * rotate: each is good for one refresh. Access tokens it issues are accepted by the API.
 *
 * <p>Errors use the OAuth shape {@code {"error","error_description"}} and, so that Notion SDK-style
 * clients parse them too, also carry Notion's envelope fields ({@code object,status,code,message}).
 */
public final class OAuthServer {
  private record Client(String secret, List<String> redirectUris) {}

  private record Code(String clientId, String redirectUri) {}

  private record Refresh(String clientId) {}

  private final Tokens tokens;
  private final String botUserId;
  private final String workspaceId;
  private final String workspaceName;
  private final ObjectNode owner;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
  private final String defaultClientId = Ids.newId();
  private volatile boolean denyNext;

  OAuthServer(
      Tokens tokens, String botUserId, String workspaceId, String workspaceName, ObjectNode owner) {
    this.tokens = tokens;
    this.botUserId = botUserId;
    this.workspaceId = workspaceId;
    this.workspaceName = workspaceName;
    this.owner = owner;
    clients.put(defaultClientId, new Client("secret_oauth_" + hex(16), List.of()));
  }

  /** The pre-registered client's id (any redirect URI is accepted for it). */
  public String clientId() {
    return defaultClientId;
  }

  /** The pre-registered client's secret. */
  public String clientSecret() {
    return clients.get(defaultClientId).secret();
  }

  /** Registers a client; an empty list of redirect URIs accepts any. */
  public void registerClient(String clientId, String clientSecret, List<String> redirectUris) {
    clients.put(clientId, new Client(clientSecret, List.copyOf(redirectUris)));
  }

  /** The next authorization is cancelled by the user: redirect with {@code error=access_denied}. */
  public void denyNextAuthorization() {
    denyNext = true;
  }

  /** Makes an issued access token stop working (401), as an expired token would. */
  public void expireAccessToken(String accessToken) {
    tokens.revoke(accessToken);
  }

  /** Issues an authorization code directly, as if a user had approved in the browser. */
  public String issueCode(String clientId, String redirectUri) {
    String code = Ids.newId();
    codes.put(code, new Code(clientId, redirectUri));
    return code;
  }

  HttpReply authorize(ApiRequest req) {
    String clientId = req.param("client_id");
    String redirectUri = req.param("redirect_uri");
    Client client = clientId == null ? null : clients.get(clientId);
    if (client == null) {
      return error(400, "invalid_client", "Invalid client_id.");
    }
    if (!"code".equals(req.param("response_type"))) {
      return error(400, "unsupported_response_type", "response_type must be `code`.");
    }
    String target = redirectUri;
    if (target == null) {
      if (client.redirectUris().size() != 1) {
        return error(400, "invalid_request", "redirect_uri is required.");
      }
      target = client.redirectUris().get(0);
    } else if (!client.redirectUris().isEmpty() && !client.redirectUris().contains(target)) {
      return error(400, "invalid_request", "redirect_uri is not registered for this client.");
    }
    String state = req.param("state");
    String sep = target.contains("?") ? "&" : "?";
    if (denyNext) {
      denyNext = false;
      return HttpReply.redirect(
          target + sep + "error=access_denied&state=" + enc(state == null ? "" : state));
    }
    String code = issueCode(clientId, redirectUri);
    return HttpReply.redirect(
        target + sep + "code=" + enc(code) + (state == null ? "" : "&state=" + enc(state)));
  }

  HttpReply token(ApiRequest req) {
    String clientId = authenticateClient(req.header("Authorization"));
    if (clientId == null) {
      return error(401, "invalid_client", "Client authentication failed.");
    }
    ObjectNode body;
    try {
      body = req.body();
    } catch (NotionError e) {
      return error(400, "invalid_request", e.getMessage());
    }
    String grantType = body.path("grant_type").asText("");
    switch (grantType) {
      case "authorization_code" -> {
        String code = body.path("code").asText(null);
        Code issued = code == null ? null : codes.remove(code);
        if (issued == null || !issued.clientId().equals(clientId)) {
          return error(400, "invalid_grant", "Invalid code: this code has been revoked.");
        }
        String given = body.path("redirect_uri").asText(null);
        if (issued.redirectUri() != null && !issued.redirectUri().equals(given)) {
          return error(400, "invalid_grant", "Invalid redirect_uri: it does not match.");
        }
        return HttpReply.ok(issue(clientId));
      }
      case "refresh_token" -> {
        String refresh = body.path("refresh_token").asText(null);
        Refresh r = refresh == null ? null : refreshTokens.remove(refresh);
        if (r == null || !r.clientId().equals(clientId)) {
          return error(400, "invalid_grant", "Invalid refresh token: it has been revoked.");
        }
        return HttpReply.ok(issue(clientId));
      }
      default -> {
        return error(400, "unsupported_grant_type", "Unsupported grant_type: " + grantType + ".");
      }
    }
  }

  HttpReply introspect(ApiRequest req) {
    if (authenticateClient(req.header("Authorization")) == null) {
      return error(401, "invalid_client", "Client authentication failed.");
    }
    ObjectNode out = Json.object();
    out.put("active", tokens.grant(req.body().path("token").asText("")) != null);
    return HttpReply.ok(out);
  }

  HttpReply revoke(ApiRequest req) {
    if (authenticateClient(req.header("Authorization")) == null) {
      return error(401, "invalid_client", "Client authentication failed.");
    }
    String token = req.body().path("token").asText("");
    tokens.revoke(token);
    refreshTokens.remove(token);
    return HttpReply.ok(Json.object());
  }

  private ObjectNode issue(String clientId) {
    String access = "ntn_" + hex(20);
    String refresh = "nrt_" + hex(20);
    tokens.add(access, botUserId);
    refreshTokens.put(refresh, new Refresh(clientId));
    ObjectNode out = Json.object();
    out.put("access_token", access);
    out.put("token_type", "bearer");
    out.put("refresh_token", refresh);
    out.put("bot_id", botUserId);
    out.putNull("workspace_icon");
    out.put("workspace_name", workspaceName);
    out.put("workspace_id", workspaceId);
    out.set("owner", owner.deepCopy());
    out.putNull("duplicated_template_id");
    out.put("request_id", Ids.newId());
    return out;
  }

  private String authenticateClient(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String id = decoded.substring(0, colon);
    Client c = clients.get(id);
    return c != null && c.secret().equals(decoded.substring(colon + 1)) ? id : null;
  }

  static HttpReply error(int status, String error, String description) {
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put("error_description", description);
    body.put("object", "error");
    body.put("status", status);
    body.put("code", status == 401 ? "unauthorized" : error);
    body.put("message", description);
    body.put("request_id", Ids.newId());
    return new HttpReply(status, body, new LinkedHashMap<>());
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
