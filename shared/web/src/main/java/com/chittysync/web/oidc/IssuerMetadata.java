package com.chittysync.web.oidc;

import com.chittysync.core.json.Json;
import com.chittysync.web.auth.WebAuthSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What this client needs of the issuer's discovery document ({@code
 * /.well-known/openid-configuration}).
 *
 * @param issuer the issuer, equal to the configured one
 * @param authorizationEndpoint where browsers are sent to sign in
 * @param tokenEndpoint where codes are exchanged for tokens
 * @param jwksUri where the issuer's signing keys are
 */
public record IssuerMetadata(
    String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri) {

  /**
   * Parses a discovery document fetched for {@code settings}.
   *
   * @throws IllegalArgumentException saying what is wrong: not JSON, a field missing, an issuer
   *     other than the configured one (OpenID Connect Discovery 1.0, section 4.3), an endpoint that
   *     is not https
   */
  static IssuerMetadata parse(String document, OidcSettings settings) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(document);
    } catch (IOException e) {
      throw new IllegalArgumentException("it is not JSON");
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("it is not a JSON object");
    }
    String issuer = field(json, "issuer");
    if (!issuer.equals(settings.issuer())) {
      throw new IllegalArgumentException(
          "it names issuer '"
              + issuer
              + "', not '"
              + settings.issuer()
              + "' as configured; set "
              + WebAuthSettings.OIDC_ISSUER
              + " to exactly the issuer's own value");
    }
    return new IssuerMetadata(
        issuer,
        endpoint(json, "authorization_endpoint"),
        endpoint(json, "token_endpoint"),
        endpoint(json, "jwks_uri"));
  }

  private static String field(JsonNode json, String name) {
    JsonNode value = json.get(name);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("it has no " + name);
    }
    return value.asText();
  }

  private static String endpoint(JsonNode json, String name) {
    String value = field(json, name);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("its " + name + " is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean ok =
        uri.getHost() != null
            && (scheme.equals("https")
                || (scheme.equals("http") && WebAuthSettings.isLoopback(uri.getHost())));
    if (!ok) {
      throw new IllegalArgumentException("its " + name + " is not an https URL: " + value);
    }
    return value;
  }
}
