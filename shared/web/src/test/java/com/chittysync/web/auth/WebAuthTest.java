package com.chittysync.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.testkit.oidc.TestOidcIssuer;
import com.chittysync.testkit.oidc.TestOidcIssuer.User;
import com.chittysync.web.http.WebRequest;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seam's order and its bearer tokens, against a real issuer's keys over HTTP. */
class WebAuthTest {
  private static final String API_TOKEN = Tokens.random(32);

  private TestOidcIssuer issuer;
  private TestWebComponent component;
  private Authenticator auth;

  @BeforeEach
  void start() {
    issuer = TestOidcIssuer.start();
    Map<String, String> env = new HashMap<>(issuer.env());
    env.put(WebAuthSettings.LOCAL_API_TOKEN, API_TOKEN);
    env.put(WebAuthSettings.SESSION_KEY, SessionKey.generateEncoded());
    component = TestWebComponent.create(env, Clock.systemUTC());
    auth = component.authenticator();
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private static WebRequest request(
      Map<String, String> headers, Map<String, String> cookies, Map<String, String> claims) {
    return new WebRequest(
        "GET", "/v1/audit/entries", headers, cookies, Map.of(), Map.of(), "", claims);
  }

  private Optional<Principal> bearer(String token) {
    return auth.authenticate(
        request(Map.of("authorization", "Bearer " + token), Map.of(), Map.of()));
  }

  @Test
  void anIdTokenOfThisClientReadsWithoutASession() {
    Principal p = bearer(issuer.mintIdToken(User.operator())).orElseThrow();
    assertThat(p.subject()).isEqualTo("user-ann");
    assertThat(p.name()).isEqualTo("ann@example.org");
    assertThat(p.role()).isEqualTo(Role.OPERATOR);
    assertThat(p.sessionId()).isEmpty();
  }

  @Test
  void aCognitoAccessTokenIsForThisClientByItsClientIdClaim() {
    Principal p = bearer(issuer.mintAccessToken(User.viewer())).orElseThrow();
    assertThat(p.subject()).isEqualTo("user-vic");
    assertThat(p.role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void es256TokensAreAcceptedToo() {
    assertThat(
            bearer(
                issuer.mintEs256(
                    issuer.claims(User.operator()).audience(issuer.clientId()).build())))
        .isPresent();
  }

  @Test
  void aTokenWithoutARoleReadsAsAViewer() {
    User nobody = new User("user-x", "x@example.org", null, List.of());
    assertThat(bearer(issuer.mintIdToken(nobody)).orElseThrow().role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void tokensForAnotherAudienceExpiredOrSignedByAForeignKeyAreNotAuthenticated() {
    assertThat(bearer(issuer.mintForAudience(User.operator(), "another-client"))).isEmpty();
    assertThat(bearer(issuer.mintExpired(User.operator(), Duration.ofMinutes(5)))).isEmpty();
    assertThat(
            bearer(
                issuer.mintWithForeignKey(
                    issuer.claims(User.operator()).audience(issuer.clientId()).build())))
        .isEmpty();
    assertThat(
            bearer(
                issuer.mint(
                    issuer
                        .claims(User.operator())
                        .audience(issuer.clientId())
                        .issuer("https://evil.example")
                        .build())))
        .isEmpty();
    assertThat(bearer("not.a.jwt")).isEmpty();
    assertThat(bearer(API_TOKEN.substring(1) + "x")).isEmpty();
  }

  @Test
  void aTokenExpiredWithinTheClockSkewIsStillAccepted() {
    assertThat(bearer(issuer.mintExpired(User.operator(), Duration.ofSeconds(20)))).isPresent();
  }

  @Test
  void forgedTokensNamingUnknownKeysDoNotMakeItHammerTheIssuer() {
    bearer(issuer.mintIdToken(User.operator()));
    for (int i = 0; i < 20; i++) {
      bearer(
          issuer.mintWithForeignKey(
              issuer.claims(User.operator()).audience(issuer.clientId()).build()));
    }
    assertThat(issuer.hits("/jwks")).isEqualTo(1);
  }

  @Test
  void theLocalApiTokenIsTheLocalOperator() {
    Principal p = bearer(API_TOKEN).orElseThrow();
    assertThat(p.subject()).isEqualTo("local");
    assertThat(p.role()).isEqualTo(Role.OPERATOR);
    assertThat(p.sessionId()).isEmpty();
    assertThat(
            auth.authenticate(
                request(Map.of("authorization", "Basic " + API_TOKEN), Map.of(), Map.of())))
        .isEmpty();
  }

  @Test
  void authorizerClaimsComeFirstAndTheirArrayClaimIsReadAsApiGatewayWritesIt() {
    Map<String, String> claims =
        Map.of(
            "sub",
            "abc-123",
            "email",
            "ops@example.org",
            "groups",
            "[other chittysync-operator]",
            "exp",
            "2000000000");
    Principal p =
        auth.authenticate(request(Map.of("authorization", "Bearer garbage"), Map.of(), claims))
            .orElseThrow();
    assertThat(p.subject()).isEqualTo("abc-123");
    assertThat(p.name()).isEqualTo("ops@example.org");
    assertThat(p.role()).isEqualTo(Role.OPERATOR);
    assertThat(p.expiresAt().getEpochSecond()).isEqualTo(2000000000L);
    assertThat(
            auth.authenticate(request(Map.of(), Map.of(), Map.of("sub", "m2m-client")))
                .orElseThrow()
                .role())
        .as("no role claim: a viewer")
        .isEqualTo(Role.VIEWER);
  }

  @Test
  void aSessionCookieAuthenticatesWhenNothingElseDoes() {
    SessionCookies sessions = component.sessions();
    Principal session = sessions.start("user-ann", "ann", Role.VIEWER);
    String cookie = sessions.setCookie(session);
    String value = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    assertThat(auth.authenticate(request(Map.of(), Map.of(SessionCookies.COOKIE, value), Map.of())))
        .contains(session);
  }

  @Test
  void anUnreachableIssuerMakesTheSeamFailAsUnavailableNotAsUnauthenticated() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(issuer.env());
    env.put(WebAuthSettings.OIDC_ISSUER, "http://127.0.0.1:" + port);
    Authenticator offline = TestWebComponent.create(env, Clock.systemUTC()).authenticator();
    assertThatThrownBy(
            () ->
                offline.authenticate(
                    request(
                        Map.of("authorization", "Bearer " + issuer.mintIdToken(User.operator())),
                        Map.of(),
                        Map.of())))
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_UNAVAILABLE));
  }

  @Test
  void withoutASessionKeyOrIssuerTheSeamStillReadsVerifiedClaims() {
    TestWebComponent bare = TestWebComponent.create(Map.of(), Clock.systemUTC());
    assertThat(bare.authenticator().authenticate(request(Map.of(), Map.of(), Map.of("sub", "abc"))))
        .isPresent();
    assertThat(bare.access().read(request(Map.of(), Map.of(), Map.of("sub", "abc"))).subject())
        .isEqualTo("abc");
    assertThatThrownBy(bare::csrf).hasMessageStartingWith("CHITTYSYNC_SESSION_KEY: required");
    assertThatThrownBy(bare::loginRoutes)
        .hasMessageStartingWith("CHITTYSYNC_SESSION_KEY: required");
  }
}
