package com.chittysync.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.config.Secret;
import com.chittysync.core.http.HttpResult;
import com.chittysync.web.http.WebRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AccessControlTest {
  private static final String API_TOKEN = Tokens.random(32);
  private static final String HOST = "chittysync.example.org";

  private final SessionKey key = SessionKey.parse(SessionKey.generateEncoded());
  private final SessionCookies sessions = new SessionCookies(key, Clock.systemUTC());
  private final Csrf csrf = new Csrf(key);
  private final WebAuth auth =
      new WebAuth(
          RoleClaim.defaults(),
          new BearerTokens(
              Optional.empty(),
              RoleClaim.defaults(),
              Optional.of(Secret.of(API_TOKEN)),
              Clock.systemUTC()),
          Optional.of(sessions),
          Clock.systemUTC());
  private final AccessControl access = new AccessControl(auth, csrf);
  private final Principal operator = sessions.start("user-ann", "ann@example.org", Role.OPERATOR);
  private final Principal viewer = sessions.start("user-vic", "vic@example.org", Role.VIEWER);

  /** A POST from the dashboard's own page by {@code session}, as htmx sends it, then changed. */
  private WebRequest post(Principal session, Consumer<Map<String, String>> headerChanges) {
    Map<String, String> headers = new HashMap<>();
    headers.put("host", HOST);
    headers.put("origin", "https://" + HOST);
    headers.put("sec-fetch-site", "same-origin");
    headers.put("hx-request", "true");
    headers.put("x-csrf-token", csrf.token(session));
    headerChanges.accept(headers);
    String cookie = sessions.setCookie(session);
    return new WebRequest(
        "POST",
        "/conflicts/1/resolve",
        headers,
        Map.of(
            SessionCookies.COOKIE, cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'))),
        Map.of(),
        Map.of(),
        "",
        Map.of());
  }

  private static WebRequest get(Map<String, String> headers, Map<String, String> claims) {
    return new WebRequest(
        "GET", "/v1/audit/entries", headers, Map.of(), Map.of(), Map.of(), "", claims);
  }

  private void refused(WebRequest request, int status, String message) {
    assertThatThrownBy(() -> access.act(request))
        .isInstanceOfSatisfying(AuthRefused.class, e -> assertThat(e.status()).isEqualTo(status))
        .hasMessage(message);
  }

  @Test
  void anOperatorsSessionActsFromItsOwnPage() {
    assertThat(access.act(post(operator, h -> {}))).isEqualTo(operator);
  }

  @Test
  void readingNeedsSomeoneAnd401SaysBearerInJson() {
    AuthRefused refused =
        (AuthRefused)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> access.read(get(Map.of(), Map.of())));
    assertThat(refused.status()).isEqualTo(401);
    HttpResult json = refused.json();
    assertThat(json.status()).isEqualTo(401);
    assertThat(json.headers()).containsEntry("www-authenticate", "Bearer");
    assertThat(json.body()).contains("\"code\":\"auth.required\"");
    assertThat(access.read(post(viewer, h -> {}))).isEqualTo(viewer);
  }

  @Test
  void aViewerCannotAct() {
    refused(post(viewer, h -> {}), 403, "viewers may read but not act; ask for the operator role");
  }

  @Test
  void aBearerTokenCannotAct() {
    WebRequest bearer = get(Map.of("authorization", "Bearer " + API_TOKEN, "host", HOST), Map.of());
    Principal local = access.read(bearer);
    assertThat(local.subject()).isEqualTo("local");
    assertThat(local.role()).isEqualTo(Role.OPERATOR);
    assertThat(local.sessionId()).isEmpty();
    assertThatThrownBy(() -> access.act(bearer))
        .isInstanceOfSatisfying(AuthRefused.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessage("bearer tokens may read but not act; sign in to the dashboard to make changes");
  }

  @Test
  void verifiedClaimsReadButCannotAct() {
    WebRequest claims = get(Map.of(), Map.of("sub", "abc", "email", "x@example.org"));
    assertThat(access.read(claims).role()).isEqualTo(Role.VIEWER);
    assertThatThrownBy(() -> access.act(claims)).hasMessageStartingWith("bearer tokens may read");
  }

  @Test
  void aMissingCsrfTokenIsRefused() {
    refused(
        post(operator, h -> h.remove("x-csrf-token")),
        403,
        "this change carries no CSRF token (header X-CSRF-Token or form field csrf); reload the"
            + " page and try again");
  }

  @Test
  void aWrongCsrfTokenIsRefused() {
    refused(
        post(operator, h -> h.put("x-csrf-token", csrf.token(viewer))),
        403,
        "this change's CSRF token is not this session's (the page is from an earlier session);"
            + " reload the page and try again");
  }

  @Test
  void theCsrfTokenMayComeInAUrlEncodedForm() {
    WebRequest header = post(operator, h -> h.remove("x-csrf-token"));
    Map<String, String> headers = new HashMap<>(header.headers());
    headers.put("content-type", "application/x-www-form-urlencoded; charset=UTF-8");
    WebRequest form =
        new WebRequest(
            "POST",
            header.path(),
            headers,
            header.cookies(),
            Map.of(),
            Map.of(),
            "value=%22x%22&csrf=" + csrf.token(operator),
            Map.of());
    assertThat(access.act(form)).isEqualTo(operator);
  }

  @Test
  void aForeignOriginIsRefused() {
    refused(
        post(
            operator,
            h -> {
              h.remove("sec-fetch-site");
              h.put("origin", "https://evil.example");
            }),
        403,
        "this request came from another origin (https://evil.example); changes are accepted only"
            + " from the dashboard's own pages");
  }

  @Test
  void aCrossSiteFetchIsRefusedWhateverItsOrigin() {
    refused(
        post(operator, h -> h.put("sec-fetch-site", "cross-site")),
        403,
        "this request came from another site (Sec-Fetch-Site: cross-site); changes are accepted"
            + " only from the dashboard's own pages");
  }

  @Test
  void aRequestNamingNoOriginIsRefused() {
    refused(
        post(
            operator,
            h -> {
              h.remove("sec-fetch-site");
              h.remove("origin");
            }),
        403,
        "this request names no origin (neither Sec-Fetch-Site nor Origin); changes are accepted"
            + " only from the dashboard's own pages in a browser");
  }

  @Test
  void aRequestWithoutHxRequestIsRefused() {
    refused(
        post(operator, h -> h.remove("hx-request")),
        403,
        "changes are made from the dashboard's own pages only (this request lacks HX-Request:"
            + " true)");
  }

  @Test
  void plainHttpOriginIsSameOriginOnlyOnThisMachine() {
    assertThat(
            access.act(
                post(
                    operator,
                    h -> {
                      h.remove("sec-fetch-site");
                      h.put("host", "127.0.0.1:8080");
                      h.put("origin", "http://127.0.0.1:8080");
                    })))
        .isEqualTo(operator);
    assertThat(
            access.act(
                post(
                    operator,
                    h -> {
                      h.remove("sec-fetch-site");
                      h.put("host", "localhost:8080");
                      h.put("origin", "http://localhost:8080");
                    })))
        .isEqualTo(operator);
    assertThatThrownBy(
            () ->
                access.act(
                    post(
                        operator,
                        h -> {
                          h.remove("sec-fetch-site");
                          h.put("origin", "http://" + HOST);
                        })))
        .hasMessageContaining("came from another origin (http://" + HOST + ")");
  }

  @Test
  void nobodySignedInIs401ForActingToo() {
    WebRequest anonymous = get(Map.of("host", HOST), Map.of());
    assertThatThrownBy(() -> access.act(anonymous))
        .isInstanceOfSatisfying(AuthRefused.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void signingOutNeedsTheCsrfTokenButNoRole() {
    assertThat(access.endSession(post(viewer, h -> h.remove("hx-request")))).isEqualTo(viewer);
    assertThatThrownBy(() -> access.endSession(post(viewer, h -> h.remove("x-csrf-token"))))
        .hasMessageStartingWith("this change carries no CSRF token");
    assertThatThrownBy(
            () -> access.endSession(post(viewer, h -> h.put("sec-fetch-site", "same-site"))))
        .hasMessageStartingWith("this request came from another site");
  }
}
