package com.chittysync.dashboard;

import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.web.auth.LoginRoutes;
import dagger.Lazy;
import javax.inject.Inject;

/**
 * Signing in and out: {@code GET /login} (the issuer's sign-in, code + PKCE), {@code GET
 * /login/callback}, {@code GET /login/local} (the one-time link {@code chittysync serve} prints)
 * and {@code POST /logout}.
 */
public final class SignInRoutes implements Routes {
  private final Lazy<LoginRoutes> login;

  @Inject
  public SignInRoutes(Lazy<LoginRoutes> login) {
    this.login = login;
  }

  @Override
  public void register(Router router) {
    router.get("/login", Router.Guard.PUBLIC, c -> Reply.of(login.get().login(c.request())));
    router.get(
        "/login/callback", Router.Guard.PUBLIC, c -> Reply.of(login.get().callback(c.request())));
    router.get("/login/local", Router.Guard.PUBLIC, c -> Reply.of(login.get().local(c.request())));
    // Its own checks (same origin, the session's CSRF token) are LoginRoutes.logout's: a person
    // whose session expired may still clear the cookie.
    router.post("/logout", Router.Guard.PUBLIC, c -> Reply.of(login.get().logout(c.request())));
  }
}
