package com.chittysync.web.auth;

import com.chittysync.core.http.HttpResult;
import com.chittysync.web.http.Pages;
import com.chittysync.web.http.WebRequest;
import com.chittysync.web.oidc.OidcLogin;
import java.util.Optional;

/**
 * The sign-in routes of the dashboard:
 *
 * <ul>
 *   <li>{@code GET /login} ({@link #login}): to the issuer when one is configured, else a page
 *       saying to use the link {@code chittysync serve} printed;
 *   <li>{@code GET /login/callback} ({@link #callback}): the issuer's redirect back;
 *   <li>{@code GET /login/local?token=} ({@link #local}): the one-time link of {@code serve};
 *   <li>{@code POST /logout} ({@link #logout}): ends the session.
 * </ul>
 *
 * Every answer has its cookies in {@code set-cookie}, several joined by newlines ({@link
 * HttpResult#cookies()}); the handler splits them into the response's cookie list.
 */
public final class LoginRoutes {
  private final Optional<OidcLogin> oidc;
  private final LocalLogin local;
  private final SessionCookies sessions;
  private final AccessControl access;

  public LoginRoutes(
      Optional<OidcLogin> oidc, LocalLogin local, SessionCookies sessions, AccessControl access) {
    this.oidc = oidc;
    this.local = local;
    this.sessions = sessions;
    this.access = access;
  }

  /** Whether sign-in through an issuer is configured. */
  public boolean oidcConfigured() {
    return oidc.isPresent();
  }

  /** {@code GET /login}. */
  public HttpResult login(WebRequest request) {
    if (oidc.isPresent()) {
      return oidc.get().start(request);
    }
    return Pages.page(
        200,
        "No sign-in provider is configured here (CHITTYSYNC_OIDC_ISSUER). To sign in to a local"
            + " 'chittysync serve', open the one-time login link it printed when it started.");
  }

  /** {@code GET /login/callback}. */
  public HttpResult callback(WebRequest request) {
    if (oidc.isEmpty()) {
      return Pages.page(
          404,
          "No sign-in provider is configured here (CHITTYSYNC_OIDC_ISSUER).",
          "/login",
          "Sign in");
    }
    return oidc.get().callback(request);
  }

  /** {@code GET /login/local?token=…}. */
  public HttpResult local(WebRequest request) {
    // The token is in the URL: keep it out of the Referer of whatever the next page loads.
    return local
        .handle(request.queryParameter("token"))
        .withHeader("referrer-policy", "no-referrer");
  }

  /**
   * {@code POST /logout}: clears the session cookie and says so. Needs what {@link
   * AccessControl#endSession} checks (same origin, the session's CSRF token), so another site
   * cannot sign anyone out; without a session there is nothing to end and the cookie is cleared
   * anyway.
   */
  public HttpResult logout(WebRequest request) {
    if (sessions.read(request).isPresent()) {
      try {
        access.endSession(request);
      } catch (AuthRefused refused) {
        return refused.answer(request);
      }
    }
    return Pages.page(200, "You are signed out of ChittySync.", "/login", "Sign in again")
        .withCookie(sessions.clear());
  }
}
