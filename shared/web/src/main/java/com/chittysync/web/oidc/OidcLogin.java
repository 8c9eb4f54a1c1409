package com.chittysync.web.oidc;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.auth.Role;
import com.chittysync.web.auth.RoleClaim;
import com.chittysync.web.auth.SessionCookies;
import com.chittysync.web.auth.SessionKey;
import com.chittysync.web.auth.Tokens;
import com.chittysync.web.http.Pages;
import com.chittysync.web.http.WebRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through the OpenID Connect issuer: the authorization code flow with PKCE (S256).
 *
 * <p>{@link #start} sends the browser to the issuer with a fresh state, nonce and code challenge,
 * and keeps state, nonce and verifier in the signed cookie {@value #FLOW_COOKIE} for {@link
 * #FLOW_LIFETIME}. {@link #callback} accepts the issuer's redirect only with that cookie and its
 * state, exchanges the code (with the verifier) at the token endpoint, verifies the ID token
 * (signature, issuer, audience, lifetime, nonce), maps its role claim to a {@link Role}, and gives
 * the browser a session cookie. Every failure is a short page with a 400, 401, 403 or 503 that says
 * what went wrong and links to a new sign-in, never a redirect.
 */
public final class OidcLogin {
  private static final Logger LOG = LoggerFactory.getLogger(OidcLogin.class);

  /** The cookie holding one sign-in's state, nonce and PKCE verifier. */
  public static final String FLOW_COOKIE = "__Host-chittysync-oidc";

  /** How long a sign-in at the issuer may take. */
  public static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);

  /** The scopes asked for. */
  public static final String SCOPE = "openid email profile";

  /** The longest query value of the callback looked at (codes and states are far shorter). */
  static final int MAX_PARAMETER_LENGTH = 4096;

  /** The longest error description of the issuer shown. */
  static final int MAX_DESCRIPTION_LENGTH = 300;

  private static final String PURPOSE = "oidc";
  private static final int VERSION = 1;

  private final OidcProvider provider;
  private final Optional<String> dashboardUrl;
  private final RoleClaim roles;
  private final SessionCookies sessions;
  private final SessionKey key;
  private final Clock clock;

  /**
   * @param dashboardUrl the dashboard's public base URL, no trailing slash: the redirect URI is it
   *     plus {@code /login/callback}, and a signed-in browser goes to it plus {@code /}
   */
  public OidcLogin(
      OidcProvider provider,
      Optional<String> dashboardUrl,
      RoleClaim roles,
      SessionCookies sessions,
      SessionKey key,
      Clock clock) {
    this.provider = provider;
    this.dashboardUrl = dashboardUrl;
    this.roles = roles;
    this.sessions = sessions;
    this.key = key;
    this.clock = clock;
  }

  /** The redirect URI registered at the issuer. */
  public String redirectUri(WebRequest request) {
    return base(request) + "/login/callback";
  }

  /**
   * The dashboard's public base URL: the configured one, else the host the request came to. Behind
   * API Gateway the Host header is the API's own (or custom) domain, so it cannot point the issuer
   * elsewhere; the issuer also only redirects to URIs registered with it.
   */
  String base(WebRequest request) {
    return dashboardUrl.orElseGet(() -> "https://" + request.header("host").orElse("localhost"));
  }

  /** {@code GET /login}: a 302 to the issuer's authorization endpoint, with the flow's cookie. */
  public HttpResult start(WebRequest request) {
    IssuerMetadata metadata;
    try {
      metadata = provider.metadata();
    } catch (ChittySyncException e) {
      LOG.warn("sign-in: {}", e.describe());
      return Pages.failure(
          request,
          503,
          ErrorCode.AUTH_UNAVAILABLE,
          "The sign-in provider could not be reached; try again in a minute.");
    }
    String state = Tokens.random(32);
    String nonce = Tokens.random(32);
    String verifier = Tokens.random(32);
    HttpUrl authorize = HttpUrl.parse(metadata.authorizationEndpoint());
    if (authorize == null) {
      return Pages.failure(
          request,
          503,
          ErrorCode.AUTH_UNAVAILABLE,
          "The sign-in provider's authorization endpoint is not a URL.");
    }
    String location =
        authorize
            .newBuilder()
            .addQueryParameter("response_type", "code")
            .addQueryParameter("client_id", provider.settings().clientId())
            .addQueryParameter("redirect_uri", redirectUri(request))
            .addQueryParameter("scope", SCOPE)
            .addQueryParameter("state", state)
            .addQueryParameter("nonce", nonce)
            .addQueryParameter("code_challenge", challenge(verifier))
            .addQueryParameter("code_challenge_method", "S256")
            .build()
            .toString();
    ObjectNode flow = Json.mapper().createObjectNode();
    flow.put("v", VERSION);
    flow.put("state", state);
    flow.put("nonce", nonce);
    flow.put("verifier", verifier);
    flow.put("exp", clock.instant().plus(FLOW_LIFETIME).getEpochSecond());
    String cookie = key.seal(PURPOSE, flow.toString().getBytes(StandardCharsets.UTF_8));
    return Pages.page(302, "Continue to the sign-in provider.", location, "Continue")
        .withHeader("location", location)
        // Lax, not Strict: the issuer's redirect back is a cross-site top-level GET, which must
        // carry it.
        .withCookie(
            FLOW_COOKIE
                + "="
                + cookie
                + "; Path=/; Max-Age="
                + FLOW_LIFETIME.toSeconds()
                + "; Secure; HttpOnly; SameSite=Lax");
  }

  /** The {@code Set-Cookie} value ending a sign-in's cookie. */
  public static String clearFlowCookie() {
    return FLOW_COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
  }

  /**
   * {@code GET /login/callback}: on success a 302 to the dashboard with the session cookie; else a
   * page saying why. Either way the flow's cookie is cleared: a sign-in is good once.
   */
  public HttpResult callback(WebRequest request) {
    return answer(request).withCookie(clearFlowCookie());
  }

  private record Flow(String state, String nonce, String verifier) {}

  private HttpResult answer(WebRequest request) {
    Map<String, String> q = request.query();
    if (q.values().stream().anyMatch(v -> v.length() > MAX_PARAMETER_LENGTH)) {
      return refuse(request, 400, ErrorCode.MALFORMED_INPUT, "The sign-in callback is malformed.");
    }
    if (q.containsKey("error")) {
      String error = cut(q.get("error"), 100);
      String description = cut(q.getOrDefault("error_description", ""), MAX_DESCRIPTION_LENGTH);
      return refuse(
          request,
          error.equals("access_denied") ? 403 : 400,
          error.equals("access_denied") ? ErrorCode.AUTH_FORBIDDEN : ErrorCode.AUTH_REQUIRED,
          "The sign-in provider did not sign you in: "
              + error
              + (description.isEmpty() ? "" : " (" + description + ")")
              + ".");
    }
    Optional<Flow> flow = request.cookie(FLOW_COOKIE).flatMap(this::openFlow);
    if (flow.isEmpty()) {
      return refuse(
          request,
          400,
          ErrorCode.AUTH_REQUIRED,
          "This sign-in was not started in this browser, or took longer than "
              + FLOW_LIFETIME.toMinutes()
              + " minutes, or was already completed (state check failed).");
    }
    if (!Tokens.equal(q.get("state"), flow.get().state())) {
      return refuse(
          request,
          400,
          ErrorCode.AUTH_REQUIRED,
          "This sign-in answer does not belong to the sign-in this browser started (state check"
              + " failed).");
    }
    String code = q.get("code");
    if (code == null || code.isBlank()) {
      return refuse(
          request,
          400,
          ErrorCode.AUTH_REQUIRED,
          "The sign-in answer carries no authorization code.");
    }
    String idToken;
    try {
      idToken = exchange(code, flow.get().verifier(), redirectUri(request));
    } catch (Refusal r) {
      return refuse(request, r.status, r.code, r.getMessage());
    }
    JWTClaimsSet claims;
    try {
      claims = provider.verifyIdToken(idToken, flow.get().nonce());
    } catch (TokenRefused e) {
      return refuse(
          request,
          401,
          ErrorCode.AUTH_REQUIRED,
          "The sign-in was refused: " + e.getMessage() + ".");
    } catch (ChittySyncException e) {
      LOG.warn("sign-in: {}", e.describe());
      return refuse(
          request,
          503,
          ErrorCode.AUTH_UNAVAILABLE,
          "The sign-in provider's keys could not be fetched; try again in a minute.");
    }
    String name = shownName(claims);
    Optional<Role> role = roles.role(RoleClaim.values(claims.getClaim(roles.claim())));
    if (role.isEmpty()) {
      return refuse(
          request,
          403,
          ErrorCode.AUTH_FORBIDDEN,
          "You ("
              + name
              + ") are signed in at the provider but have no ChittySync role: the ID token's "
              + roles.expectation()
              + ". Ask an administrator to add you to one.");
    }
    Principal session;
    try {
      session = sessions.start(claims.getSubject(), name, role.get());
    } catch (IllegalArgumentException e) {
      return refuse(
          request,
          400,
          ErrorCode.AUTH_REQUIRED,
          "The ID token's subject is unusable: " + e.getMessage());
    }
    String home = "/";
    return Pages.page(302, "Signed in.", home, "Continue")
        .withHeader("location", home)
        .withCookie(sessions.setCookie(session));
  }

  private HttpResult refuse(WebRequest request, int status, ErrorCode code, String message) {
    return request.wantsJson()
        ? HttpResult.error(status, code, message)
        : Pages.page(status, message, "/login", "Sign in again");
  }

  /** The name a session shows: {@code email}, else {@code name}, else {@code sub}. */
  static String shownName(JWTClaimsSet claims) {
    for (String claim : new String[] {"email", "name"}) {
      if (claims.getClaim(claim) instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return claims.getSubject();
  }

  private Optional<Flow> openFlow(String value) {
    Optional<byte[]> payload = key.open(PURPOSE, value, 1024);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode json = Json.mapper().readTree(payload.get());
      if (json == null
          || json.path("v").asInt(-1) != VERSION
          || !json.path("exp").canConvertToLong()
          || !clock.instant().isBefore(Instant.ofEpochSecond(json.path("exp").asLong()))) {
        return Optional.empty();
      }
      String state = json.path("state").asText("");
      String nonce = json.path("nonce").asText("");
      String verifier = json.path("verifier").asText("");
      if (state.isEmpty() || nonce.isEmpty() || verifier.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Flow(state, nonce, verifier));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A failure of the code exchange, with the status to answer. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final ErrorCode code;

    Refusal(int status, ErrorCode code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** Exchanges {@code code} at the token endpoint; the ID token it answers. */
  private String exchange(String code, String verifier, String redirectUri) throws Refusal {
    OidcSettings settings = provider.settings();
    IssuerMetadata metadata;
    try {
      metadata = provider.metadata();
    } catch (ChittySyncException e) {
      LOG.warn("sign-in: {}", e.describe());
      throw new Refusal(
          503,
          ErrorCode.AUTH_UNAVAILABLE,
          "The sign-in provider could not be reached; try again in a minute.");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", verifier);
    Optional<String> authorization = Optional.empty();
    if (settings.clientSecret().isPresent()) {
      // client_secret_basic: both parts form-encoded first (RFC 6749, section 2.3.1).
      String pair =
          formEncode(settings.clientId())
              + ":"
              + formEncode(settings.clientSecret().get().reveal());
      authorization =
          Optional.of(
              "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else {
      form.put("client_id", settings.clientId());
    }
    OidcHttp.Reply reply;
    try {
      reply = provider.http().postForm(metadata.tokenEndpoint(), form, authorization);
    } catch (IOException e) {
      LOG.warn("sign-in: token endpoint {}: {}", metadata.tokenEndpoint(), e.getMessage());
      throw new Refusal(
          503,
          ErrorCode.AUTH_UNAVAILABLE,
          "The sign-in provider's token endpoint could not be reached; try again in a minute.");
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(reply.body());
    } catch (IOException e) {
      json = null;
    }
    if (reply.status() != 200) {
      String error = cut(json == null ? "" : json.path("error").asText(""), 100);
      String description =
          cut(
              json == null ? "" : json.path("error_description").asText(""),
              MAX_DESCRIPTION_LENGTH);
      if (error.equals("invalid_client")) {
        LOG.warn("sign-in: the token endpoint refused this client's credentials");
      }
      throw new Refusal(
          401,
          ErrorCode.AUTH_REQUIRED,
          "The sign-in provider refused to exchange the authorization code: "
              + (error.isEmpty() ? "HTTP " + reply.status() : error)
              + (description.isEmpty() ? "" : " (" + description + ")")
              + ".");
    }
    String idToken = json == null ? "" : json.path("id_token").asText("");
    if (idToken.isEmpty()) {
      throw new Refusal(
          401,
          ErrorCode.AUTH_REQUIRED,
          "The sign-in provider answered no ID token; is the 'openid' scope allowed for this"
              + " client?");
    }
    return idToken;
  }

  /** {@code s}, cut to {@code max} characters: what the issuer says is shown, but bounded. */
  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, max) + "…" : s;
  }

  private static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The PKCE S256 challenge of {@code verifier}: base64url(SHA-256(verifier)). */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
