package com.chittysync.testkit.oidc;

import com.chittysync.emulators.LoopbackServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An OpenID Connect issuer on 127.0.0.1 for tests, speaking what a real one (Cognito, Entra ID,
 * Keycloak) speaks to a confidential or public client:
 *
 * <ul>
 *   <li>{@code GET /.well-known/openid-configuration}: the discovery document;
 *   <li>{@code GET /jwks}: its keys, one RSA (RS256) and one EC P-256 (ES256);
 *   <li>{@code GET /authorize}: signs in the configured {@link User} without asking (as a browser
 *       with a session at the issuer would) and redirects to {@code redirect_uri} with {@code code}
 *       and {@code state}; requires {@code response_type=code}, a known client, the registered
 *       redirect URI and a PKCE S256 challenge;
 *   <li>{@code POST /token}: exchanges a code once, checking client authentication ({@code
 *       client_secret_basic} for a confidential client, {@code client_id} for a public one), the
 *       redirect URI and the PKCE verifier against the challenge; answers an RS256 ID token (with
 *       the nonce) and an access token shaped like Cognito's ({@code client_id}, no audience).
 * </ul>
 *
 * <p>Errors are OAuth's {@code {"error", "error_description"}}. {@link #mint} and its kin sign
 * tokens directly, good ones and bad ones, for bearer-token tests.
 */
public final class TestOidcIssuer implements AutoCloseable {
  /** The client registered by default. */
  public static final String CLIENT_ID = "chittysync-test-client";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  /**
   * Who {@code /authorize} signs in.
   *
   * @param subject {@code sub}
   * @param email {@code email}, or null for none
   * @param name {@code name}, or null for none
   * @param groups the role claim's values
   */
  public record User(String subject, String email, String name, List<String> groups) {
    public User {
      groups = List.copyOf(groups);
    }

    /** An operator, {@code ann@example.org}. */
    public static User operator() {
      return new User("user-ann", "ann@example.org", "Ann", List.of("chittysync-operator"));
    }

    /** A viewer, {@code vic@example.org}. */
    public static User viewer() {
      return new User("user-vic", "vic@example.org", "Vic", List.of("chittysync-viewer"));
    }
  }

  private record Code(
      String clientId, String redirectUri, String nonce, String challenge, User user) {}

  private final LoopbackServer server;
  private final RSAKey rsa;
  private final ECKey ec;
  private final RSAKey foreign;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final String clientSecret = randomToken();
  private volatile String redirectUri;
  private volatile boolean publicClient;
  private volatile User user = User.operator();
  private volatile String roleClaim = "groups";
  private volatile Clock clock = Clock.systemUTC();
  private volatile Consumer<JWTClaimsSet.Builder> nextIdToken;
  private volatile boolean nextIdTokenForeign;

  private TestOidcIssuer() {
    try {
      rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
      // Same key id as the real RSA key: only the signature tells them apart.
      foreign = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    server = LoopbackServer.start("oidc-issuer", 0, this::handle);
  }

  /** Starts an issuer on a free port of 127.0.0.1. */
  public static TestOidcIssuer start() {
    return new TestOidcIssuer();
  }

  /** The issuer identifier, {@code http://127.0.0.1:<port>}: {@code iss} and discovery base. */
  public String issuer() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The registered client's id. */
  public String clientId() {
    return CLIENT_ID;
  }

  /** The registered client's secret (not used when the client is public). */
  public String clientSecret() {
    return clientSecret;
  }

  /** The only redirect URI accepted; unset accepts any. */
  public TestOidcIssuer redirectUri(String uri) {
    this.redirectUri = uri;
    return this;
  }

  /** Makes the client public: no secret, {@code client_id} in the token request instead. */
  public TestOidcIssuer publicClient(boolean isPublic) {
    this.publicClient = isPublic;
    return this;
  }

  /** Who {@code /authorize} signs in from now on. */
  public TestOidcIssuer signInAs(User who) {
    this.user = who;
    return this;
  }

  /** The claim carrying {@link User#groups()} (default {@code groups}). */
  public TestOidcIssuer roleClaim(String claim) {
    this.roleClaim = claim;
    return this;
  }

  /** The clock tokens are stamped with (default: the system's). */
  public TestOidcIssuer clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** Alters the claims of the next ID token {@code /token} issues (then issues normal ones). */
  public TestOidcIssuer alterNextIdToken(Consumer<JWTClaimsSet.Builder> change) {
    this.nextIdToken = change;
    return this;
  }

  /** Signs the next ID token {@code /token} issues with a key not in the JWKS (same key id). */
  public TestOidcIssuer signNextIdTokenWithForeignKey() {
    this.nextIdTokenForeign = true;
    return this;
  }

  /** How many requests {@code path} got (for example {@code /jwks}). */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /**
   * The settings a ChittySync function needs to use this issuer: {@code CHITTYSYNC_OIDC_ISSUER},
   * {@code _CLIENT_ID} and, for a confidential client, {@code _CLIENT_SECRET}.
   */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("CHITTYSYNC_OIDC_ISSUER", issuer());
    env.put("CHITTYSYNC_OIDC_CLIENT_ID", CLIENT_ID);
    if (!publicClient) {
      env.put("CHITTYSYNC_OIDC_CLIENT_SECRET", clientSecret);
    }
    return env;
  }

  // ------------------------------------------------------------------ minting

  /** Claims of a valid token for {@code who}: issuer, subject, issued now, expiring in an hour. */
  public JWTClaimsSet.Builder claims(User who) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .subject(who.subject())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
            .claim(roleClaim, who.groups());
    if (who.email() != null) {
      b.claim("email", who.email());
    }
    if (who.name() != null) {
      b.claim("name", who.name());
    }
    return b;
  }

  /** {@code claims} signed RS256 with the issuer's key. */
  public String mint(JWTClaimsSet claims) {
    return sign(claims, rsa, JWSAlgorithm.RS256);
  }

  /** {@code claims} signed ES256 with the issuer's EC key. */
  public String mintEs256(JWTClaimsSet claims) {
    return sign(claims, ec, JWSAlgorithm.ES256);
  }

  /** {@code claims} signed RS256 by a key not in the issuer's JWKS, under the same key id. */
  public String mintWithForeignKey(JWTClaimsSet claims) {
    return sign(claims, foreign, JWSAlgorithm.RS256);
  }

  /** A valid ID-token-shaped bearer token for {@code who}: audience this client. */
  public String mintIdToken(User who) {
    return mint(claims(who).audience(CLIENT_ID).build());
  }

  /** A valid Cognito-style access token for {@code who}: no audience, {@code client_id}. */
  public String mintAccessToken(User who) {
    return mint(
        claims(who)
            .claim("client_id", CLIENT_ID)
            .claim("token_use", "access")
            .claim("scope", "openid email profile")
            .build());
  }

  /** A token for {@code who} issued for another client. */
  public String mintForAudience(User who, String audience) {
    return mint(claims(who).audience(audience).build());
  }

  /** A token for {@code who} that expired {@code ago} ago. */
  public String mintExpired(User who, Duration ago) {
    Instant now = clock.instant();
    return mint(
        claims(who)
            .audience(CLIENT_ID)
            .issueTime(Date.from(now.minus(ago).minus(TOKEN_LIFETIME)))
            .expirationTime(Date.from(now.minus(ago)))
            .build());
  }

  private static String sign(JWTClaimsSet claims, com.nimbusds.jose.jwk.JWK key, JWSAlgorithm alg) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
              claims);
      jwt.sign(key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("/.well-known/openid-configuration")) {
        send(exchange, 200, discovery());
      } else if (method.equals("GET") && path.equals("/jwks")) {
        send(
            exchange, 200, JSON.readTree(new JWKSet(List.of(rsa, ec)).toPublicJWKSet().toString()));
      } else if (method.equals("GET") && path.equals("/authorize")) {
        authorize(exchange, parse(exchange.getRequestURI().getRawQuery()));
      } else if (method.equals("POST") && path.equals("/token")) {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readNBytes(64 * 1024);
        }
        token(exchange, parse(new String(body, StandardCharsets.UTF_8)));
      } else {
        send(exchange, 404, error("not_found", "no such endpoint: " + method + " " + path));
      }
    }
  }

  private ObjectNode discovery() {
    ObjectNode d = JSON.createObjectNode();
    d.put("issuer", issuer());
    d.put("authorization_endpoint", issuer() + "/authorize");
    d.put("token_endpoint", issuer() + "/token");
    d.put("jwks_uri", issuer() + "/jwks");
    d.putArray("response_types_supported").add("code");
    d.putArray("subject_types_supported").add("public");
    d.putArray("id_token_signing_alg_values_supported").add("RS256").add("ES256");
    d.putArray("code_challenge_methods_supported").add("S256");
    d.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("none");
    d.putArray("scopes_supported").add("openid").add("email").add("profile");
    return d;
  }

  private void authorize(HttpExchange exchange, Map<String, String> q) throws IOException {
    if (!CLIENT_ID.equals(q.get("client_id"))) {
      send(exchange, 400, error("invalid_client", "unknown client_id"));
      return;
    }
    String redirect = q.get("redirect_uri");
    if (redirect == null || (redirectUri != null && !redirectUri.equals(redirect))) {
      send(exchange, 400, error("invalid_request", "redirect_uri is not registered"));
      return;
    }
    if (!"code".equals(q.get("response_type"))) {
      send(exchange, 400, error("unsupported_response_type", "response_type must be code"));
      return;
    }
    if (!"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
      send(exchange, 400, error("invalid_request", "a PKCE S256 code_challenge is required"));
      return;
    }
    String code = randomToken();
    codes.put(code, new Code(CLIENT_ID, redirect, q.get("nonce"), q.get("code_challenge"), user));
    String location =
        redirect
            + (redirect.contains("?") ? "&" : "?")
            + "code="
            + enc(code)
            + (q.get("state") == null ? "" : "&state=" + enc(q.get("state")));
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
  }

  private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (publicClient) {
      if (authorization != null || !CLIENT_ID.equals(form.get("client_id"))) {
        send(exchange, 401, error("invalid_client", "a public client sends only client_id"));
        return;
      }
    } else if (!basicAuthenticates(authorization)) {
      send(exchange, 401, error("invalid_client", "client authentication failed"));
      return;
    }
    if (!"authorization_code".equals(form.get("grant_type"))) {
      send(exchange, 400, error("unsupported_grant_type", "only authorization_code"));
      return;
    }
    String codeValue = form.get("code");
    Code code = codeValue == null ? null : codes.remove(codeValue);
    if (code == null) {
      send(exchange, 400, error("invalid_grant", "the code is unknown or was already used"));
      return;
    }
    if (!code.redirectUri().equals(form.get("redirect_uri"))) {
      send(exchange, 400, error("invalid_grant", "redirect_uri does not match the authorization"));
      return;
    }
    String verifier = form.get("code_verifier");
    if (verifier == null || !challenge(verifier).equals(code.challenge())) {
      send(exchange, 400, error("invalid_grant", "PKCE verification failed"));
      return;
    }
    JWTClaimsSet.Builder id = claims(code.user()).audience(CLIENT_ID);
    if (code.nonce() != null) {
      id.claim("nonce", code.nonce());
    }
    Consumer<JWTClaimsSet.Builder> change = nextIdToken;
    nextIdToken = null;
    if (change != null) {
      change.accept(id);
    }
    boolean foreignKey = nextIdTokenForeign;
    nextIdTokenForeign = false;
    ObjectNode out = JSON.createObjectNode();
    out.put("access_token", mintAccessToken(code.user()));
    out.put("id_token", foreignKey ? mintWithForeignKey(id.build()) : mint(id.build()));
    out.put("token_type", "Bearer");
    out.put("expires_in", TOKEN_LIFETIME.toSeconds());
    send(exchange, 200, out);
  }

  private boolean basicAuthenticates(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    return colon > 0
        && CLIENT_ID.equals(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8))
        && clientSecret.equals(
            URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
  }

  private static ObjectNode error(String error, String description) {
    ObjectNode e = JSON.createObjectNode();
    e.put("error", error);
    e.put("error_description", description);
    return e;
  }

  private static void send(
      HttpExchange exchange, int status, com.fasterxml.jackson.databind.JsonNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> parse(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /** The PKCE S256 challenge of {@code verifier}. */
  public static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String randomToken() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
  }
}
