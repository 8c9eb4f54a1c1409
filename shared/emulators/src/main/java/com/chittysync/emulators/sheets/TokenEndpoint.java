package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /token}: Google's OAuth 2.0 token endpoint for the service-account (JWT bearer)
 * grant, as google-auth-library-oauth2-http uses it. The assertion must be an RS256 JWT signed by
 * the key of an account the emulator issued, {@code iss} = that account's e-mail, and {@code scope}
 * must include a Sheets-capable scope. {@code aud} is not compared with this server's URL: the Java
 * library always sends {@code https://oauth2.googleapis.com/token}.
 */
final class TokenEndpoint {
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final Accounts accounts;
  private final AccessTokens tokens;

  TokenEndpoint(Accounts accounts, AccessTokens tokens) {
    this.accounts = accounts;
    this.tokens = tokens;
  }

  HttpReply handle(ApiRequest req) {
    Map<String, String> form = form(req.body);
    String grantType = form.get("grant_type");
    if (!JWT_BEARER.equals(grantType)) {
      return error(400, "unsupported_grant_type", "Invalid grant_type: " + nullToEmpty(grantType));
    }
    Jwt jwt = Jwt.decode(form.get("assertion"));
    if (jwt == null) {
      return error(400, "invalid_grant", "Invalid JWT: could not decode the assertion.");
    }
    String iss = jwt.claims().path("iss").asText(null);
    Accounts.Account account = accounts.get(iss);
    if (account == null) {
      return error(400, "invalid_grant", "Invalid grant: account not found");
    }
    if (!jwt.verifiesWith(account.publicKey())) {
      return error(400, "invalid_grant", "Invalid JWT Signature.");
    }
    long now = System.currentTimeMillis() / 1000;
    long iat = jwt.claims().path("iat").asLong(-1);
    long exp = jwt.claims().path("exp").asLong(-1);
    // The library stamps iat/exp from the system clock, so they are checked against it (Google's
    // rule: short-lived, at most an hour, and not from the future beyond clock skew).
    if (iat < 0 || exp < 0 || exp <= now - 300 || iat > now + 300 || exp - iat > 3600) {
      return error(
          400,
          "invalid_grant",
          "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable"
              + " timeframe. Check your iat and exp values in the JWT claim.");
    }
    String scope = jwt.claims().path("scope").asText("");
    if (scope.isBlank()) {
      return error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    }
    if (!AccessTokens.usable(scope)) {
      return error(
          400,
          "invalid_scope",
          "The emulator grants only Sheets or Drive scopes; requested: " + scope);
    }
    ObjectNode ok = Json.object();
    ok.put("access_token", tokens.issue(account.email(), scope));
    ok.put("expires_in", (int) AccessTokens.LIFETIME.toSeconds());
    ok.put("token_type", "Bearer");
    return HttpReply.ok(ok);
  }

  private static HttpReply error(int status, String error, String description) {
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put("error_description", description);
    return HttpReply.json(status, body);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    if (body == null) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
