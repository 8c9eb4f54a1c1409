package com.chittysync.web.oidc;

import com.chittysync.core.config.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenID Connect client this deployment is.
 *
 * @param issuer the issuer exactly as its tokens' {@code iss} and its discovery document name it
 *     ({@code CHITTYSYNC_OIDC_ISSUER})
 * @param clientId this client's id: the audience of its ID tokens ({@code
 *     CHITTYSYNC_OIDC_CLIENT_ID})
 * @param clientSecret the client secret, for {@code client_secret_basic} at the token endpoint;
 *     empty for a public client ({@code CHITTYSYNC_OIDC_CLIENT_SECRET})
 */
public record OidcSettings(String issuer, String clientId, Optional<Secret> clientSecret) {
  public OidcSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  /** Where the issuer's discovery document is (OpenID Connect Discovery 1.0, section 4). */
  public String discoveryUrl() {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return base + "/.well-known/openid-configuration";
  }
}
