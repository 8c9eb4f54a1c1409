package com.chittysync.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.testkit.oidc.TestOidcIssuer;
import com.chittysync.testkit.oidc.TestOidcIssuer.User;
import com.chittysync.web.oidc.OidcLogin;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through an OpenID Connect issuer over real HTTP: a browser (OkHttp, following no redirect
 * by itself) between the dashboard's sign-in routes and {@link TestOidcIssuer}.
 */
class OidcLoginTest {
  private TestOidcIssuer issuer;
  private DashboardStub dashboard;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    issuer = TestOidcIssuer.start();
    dashboard = DashboardStub.start(env(), Clock.systemUTC());
    issuer.redirectUri(dashboard.url() + "/login/callback");
    browser = new Browser();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(issuer.env());
    env.put(WebAuthSettings.SESSION_KEY, SessionKey.generateEncoded());
    return env;
  }

  @AfterEach
  void stop() {
    dashboard.close();
    issuer.close();
  }

  /** GET /login, then the issuer's /authorize: the callback URL the issuer sends the browser to. */
  private String toIssuerAndBack() throws Exception {
    Browser.Page login = browser.get(dashboard.url() + "/login");
    assertThat(login.status()).isEqualTo(302);
    Browser.Page authorized = browser.get(login.location());
    assertThat(authorized.status()).as(authorized.body()).isEqualTo(302);
    assertThat(authorized.location()).startsWith(dashboard.url() + "/login/callback?");
    return authorized.location();
  }

  private JsonNode whoami() throws Exception {
    Browser.Page page =
        browser.get(dashboard.url() + "/whoami", Map.of("Accept", "application/json"));
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    return Json.mapper().readTree(page.body());
  }

  @Test
  void signInRoundTripGivesAnOperatorSessionAndEndsTheFlowCookie() throws Exception {
    Browser.Page login = browser.get(dashboard.url() + "/login");
    assertThat(login.status()).isEqualTo(302);
    HttpUrl authorize = HttpUrl.parse(login.location());
    assertThat(authorize.toString()).startsWith(issuer.issuer() + "/authorize?");
    assertThat(authorize.queryParameter("response_type")).isEqualTo("code");
    assertThat(authorize.queryParameter("client_id")).isEqualTo(issuer.clientId());
    assertThat(authorize.queryParameter("redirect_uri"))
        .isEqualTo(dashboard.url() + "/login/callback");
    assertThat(authorize.queryParameter("scope")).isEqualTo("openid email profile");
    assertThat(authorize.queryParameter("code_challenge_method")).isEqualTo("S256");
    assertThat(authorize.queryParameter("code_challenge")).hasSize(43);
    assertThat(authorize.queryParameter("state")).hasSize(43);
    assertThat(authorize.queryParameter("nonce")).hasSize(43);
    assertThat(login.setCookies())
        .singleElement()
        .asString()
        .startsWith(OidcLogin.FLOW_COOKIE + "=")
        .endsWith("; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Lax");

    Browser.Page authorized = browser.get(login.location());
    Browser.Page callback = browser.get(authorized.location());
    assertThat(callback.status()).as(callback.body()).isEqualTo(302);
    // Home is relative: the same origin the browser came back to.
    assertThat(callback.location()).isEqualTo("/");
    assertThat(callback.setCookies()).hasSize(2);
    assertThat(callback.setCookies())
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith(SessionCookies.COOKIE + "=")
                    .endsWith("; Path=/; Max-Age=28800; Secure; HttpOnly; SameSite=Strict"))
        .anySatisfy(
            c -> assertThat(c).startsWith(OidcLogin.FLOW_COOKIE + "=;").contains("Max-Age=0"));
    assertThat(browser.cookies).containsOnlyKeys(SessionCookies.COOKIE);

    JsonNode me = whoami();
    assertThat(me.get("subject").asText()).isEqualTo("user-ann");
    assertThat(me.get("name").asText()).isEqualTo("ann@example.org");
    assertThat(me.get("role").asText()).isEqualTo("operator");
    assertThat(me.get("session").asBoolean()).isTrue();
  }

  @Test
  void theNameShownIsTheEmailElseTheNameElseTheSubject() throws Exception {
    issuer.signInAs(new User("user-nina", null, "Nina", List.of("chittysync-viewer")));
    browser.get(toIssuerAndBack());
    assertThat(whoami().get("name").asText()).isEqualTo("Nina");
    assertThat(whoami().get("role").asText()).isEqualTo("viewer");

    browser = new Browser();
    issuer.signInAs(new User("user-sid", null, null, List.of("chittysync-viewer")));
    browser.get(toIssuerAndBack());
    assertThat(whoami().get("name").asText()).isEqualTo("user-sid");
  }

  @Test
  void aPublicClientSignsInWithoutASecretAndACognitoGroupsClaimGrantsTheRole() throws Exception {
    dashboard.close();
    issuer.publicClient(true).roleClaim("cognito:groups");
    Map<String, String> env = env();
    env.put(WebAuthSettings.OIDC_ROLE_CLAIM, "cognito:groups");
    dashboard = DashboardStub.start(env, Clock.systemUTC());
    issuer.redirectUri(dashboard.url() + "/login/callback");
    Browser.Page callback = browser.get(toIssuerAndBack());
    assertThat(callback.status()).as(callback.body()).isEqualTo(302);
    assertThat(whoami().get("role").asText()).isEqualTo("operator");
  }

  @Test
  void wrongStateIsRefused() throws Exception {
    String callback = toIssuerAndBack();
    String state = HttpUrl.parse(callback).queryParameter("state");
    Browser.Page page = browser.get(callback.replace(state, "x" + state.substring(1)));
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("state check failed");
    assertThat(page.location()).isNull();
    assertThat(browser.cookies).doesNotContainKey(SessionCookies.COOKIE);
  }

  @Test
  void aCallbackWithoutTheFlowCookieIsRefusedWithoutARedirect() throws Exception {
    String callback = toIssuerAndBack();
    browser.cookies.clear();
    Browser.Page page = browser.get(callback);
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("was not started in this browser");
    assertThat(page.location()).isNull();
  }

  @Test
  void aReplayedCallbackIsRefusedBecauseItsCodeIsSpent() throws Exception {
    String callback = toIssuerAndBack();
    String flow = browser.cookies.get(OidcLogin.FLOW_COOKIE);
    assertThat(browser.get(callback).status()).isEqualTo(302);
    // An attacker who saw the callback URL and the flow cookie replays both.
    Browser attacker = new Browser();
    attacker.cookies.put(OidcLogin.FLOW_COOKIE, flow);
    Browser.Page replay = attacker.get(callback);
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.body()).contains("refused to exchange the authorization code: invalid_grant");
    assertThat(attacker.cookies).doesNotContainKey(SessionCookies.COOKIE);
  }

  @Test
  void aMismatchedPkceVerifierIsRefused() throws Exception {
    // Flow A's authorization (its code bound to A's challenge) delivered to flow B's browser,
    // carrying B's state: the state check passes, the verifier does not.
    Browser.Page loginA = new Browser().get(dashboard.url() + "/login");
    Browser.Page loginB = browser.get(dashboard.url() + "/login");
    HttpUrl a = HttpUrl.parse(loginA.location());
    HttpUrl b = HttpUrl.parse(loginB.location());
    String mixed =
        a.newBuilder().setQueryParameter("state", b.queryParameter("state")).build().toString();
    Browser.Page authorized = browser.get(mixed);
    Browser.Page page = browser.get(authorized.location());
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("invalid_grant").contains("PKCE verification failed");
    assertThat(browser.cookies).doesNotContainKey(SessionCookies.COOKIE);
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() throws Exception {
    issuer.alterNextIdToken(claims -> claims.claim("nonce", "someone-elses-nonce"));
    Browser.Page page = browser.get(toIssuerAndBack());
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("its nonce does not match");
  }

  @Test
  void anIdTokenForAnotherAudienceIsRefused() throws Exception {
    issuer.alterNextIdToken(claims -> claims.audience("another-client"));
    Browser.Page page = browser.get(toIssuerAndBack());
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("issued for another client");
  }

  @Test
  void anExpiredIdTokenIsRefused() throws Exception {
    Instant past = Instant.now().minusSeconds(3600);
    issuer.alterNextIdToken(
        claims ->
            claims.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))));
    Browser.Page page = browser.get(toIssuerAndBack());
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("has expired");
  }

  @Test
  void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
    issuer.alterNextIdToken(claims -> claims.issuer("https://evil.example"));
    Browser.Page page = browser.get(toIssuerAndBack());
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("not the configured issuer");
  }

  @Test
  void anIdTokenSignedByAForeignKeyIsRefused() throws Exception {
    issuer.signNextIdTokenWithForeignKey();
    Browser.Page page = browser.get(toIssuerAndBack());
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("not signed by a key of the issuer");
  }

  @Test
  void aUserWithoutARoleIsRefusedNamingTheClaimAndValuesExpected() throws Exception {
    issuer.signInAs(new User("user-eve", "eve@example.org", "Eve", List.of("marketing")));
    Browser.Page page = browser.get(toIssuerAndBack());
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.body())
        .contains("eve@example.org")
        .contains("claim &#39;groups&#39; must hold chittysync-operator (to act) or")
        .contains("chittysync-viewer (to read)");
    assertThat(browser.cookies).doesNotContainKey(SessionCookies.COOKIE);
  }

  @Test
  void anIssuerErrorIsAPageNotARedirectLoop() throws Exception {
    toIssuerAndBack();
    Browser.Page page =
        browser.get(
            dashboard.url()
                + "/login/callback?error=access_denied&error_description=User+cancelled&state=x");
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.location()).isNull();
    assertThat(page.body()).contains("access_denied (User cancelled)");
  }

  @Test
  void theDiscoveryDocumentAndKeysAreFetchedOncePerContainer() throws Exception {
    browser.get(toIssuerAndBack());
    browser = new Browser();
    browser.get(toIssuerAndBack());
    assertThat(whoami().get("role").asText()).isEqualTo("operator");
    assertThat(issuer.hits("/.well-known/openid-configuration")).isEqualTo(1);
    assertThat(issuer.hits("/jwks")).isEqualTo(1);
  }

  @Test
  void buildingTheRoutesFetchesNothingAndAnUnreachableIssuerIsA503Page() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = env();
    env.put(WebAuthSettings.OIDC_ISSUER, "http://127.0.0.1:" + port);
    try (DashboardStub offline = DashboardStub.start(env, Clock.systemUTC())) {
      offline.component().loginRoutes();
      Browser.Page page = browser.get(offline.url() + "/login");
      assertThat(page.status()).isEqualTo(503);
      assertThat(page.body()).contains("could not be reached");
      assertThat(page.location()).isNull();
    }
  }

  @Test
  void theRedirectUriIsTheDashboardUrlPlusTheCallbackPath() {
    assertThat(URI.create(dashboard.component().settings().redirectUri()).getPath())
        .isEqualTo("/login/callback");
  }
}
