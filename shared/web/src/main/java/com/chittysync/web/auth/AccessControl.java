package com.chittysync.web.auth;

import com.chittysync.web.http.WebRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an authenticated principal may do: every route that reads calls {@link #read}, every route
 * that changes state calls {@link #act}, and sign-out calls {@link #endSession}. Each returns the
 * principal or throws {@link AuthRefused} (401 or 403, with a message saying what would be let in),
 * which the route answers with {@link AuthRefused#answer}.
 */
public final class AccessControl {
  /** The body size searched for the form's CSRF field. */
  static final int MAX_FORM_BYTES = 64 * 1024;

  private final Authenticator authenticator;
  private final Supplier<Csrf> csrf;

  public AccessControl(Authenticator authenticator, Csrf csrf) {
    this(authenticator, () -> csrf);
  }

  /**
   * With the CSRF checker made on first use: it needs the session key, which a function that only
   * reads does not have.
   */
  public AccessControl(Authenticator authenticator, Supplier<Csrf> csrf) {
    this.authenticator = authenticator;
    this.csrf = csrf;
  }

  /** Who sent {@code request}, if anyone valid; for pages that show a sign-in link otherwise. */
  public Optional<Principal> whoIs(WebRequest request) {
    return authenticator.authenticate(request);
  }

  /**
   * For a request that reads: any authenticated principal.
   *
   * @throws AuthRefused 401 when there is none
   */
  public Principal read(WebRequest request) {
    return authenticator
        .authenticate(request)
        .orElseThrow(
            () ->
                AuthRefused.unauthenticated(
                    "sign in first: this needs a session (sign in at /login) or a bearer token"
                        + " (Authorization: Bearer …)"));
  }

  /**
   * For every request that changes state: a session (not a bearer token) of an operator, sent by
   * the dashboard's own page (same origin, {@code HX-Request: true}) with the session's CSRF token
   * (header {@value Csrf#HEADER}, or form field {@value Csrf#FORM_FIELD} of a URL-encoded form).
   *
   * @throws AuthRefused 401 when nobody is signed in, 403 naming the first check that failed
   */
  public Principal act(WebRequest request) {
    Principal principal = session(request);
    if (!principal.role().allows(Role.OPERATOR)) {
      throw AuthRefused.forbidden("viewers may read but not act; ask for the operator role");
    }
    sameOrigin(request);
    if (!request.fromHtmx()) {
      throw AuthRefused.forbidden(
          "changes are made from the dashboard's own pages only (this request lacks HX-Request:"
              + " true)");
    }
    csrf(request, principal);
    return principal;
  }

  /**
   * For a request that changes only the sender's own session (sign-out): a session of any role,
   * sent from this site with the session's CSRF token.
   *
   * @throws AuthRefused 401 when nobody is signed in, 403 naming the first check that failed
   */
  public Principal endSession(WebRequest request) {
    Principal principal = session(request);
    sameOrigin(request);
    csrf(request, principal);
    return principal;
  }

  private Principal session(WebRequest request) {
    Principal principal =
        authenticator
            .authenticate(request)
            .orElseThrow(
                () ->
                    AuthRefused.unauthenticated(
                        "sign in first: changes need a signed-in session (sign in at /login)"));
    if (principal.sessionId().isEmpty()) {
      throw AuthRefused.forbidden(
          "bearer tokens may read but not act; sign in to the dashboard to make changes");
    }
    return principal;
  }

  private static void sameOrigin(WebRequest request) {
    Optional<String> problem = SameOrigin.problem(request);
    if (problem.isPresent()) {
      throw AuthRefused.forbidden(problem.get());
    }
  }

  private void csrf(WebRequest request, Principal principal) {
    Optional<String> token = request.header(Csrf.HEADER).or(() -> formField(request));
    if (token.isEmpty() || token.get().isEmpty()) {
      throw AuthRefused.forbidden(
          "this change carries no CSRF token (header "
              + Csrf.HEADER
              + " or form field "
              + Csrf.FORM_FIELD
              + "); reload the page and try again");
    }
    if (!csrf.get().valid(principal, token.get())) {
      throw AuthRefused.forbidden(
          "this change's CSRF token is not this session's (the page is from an earlier session);"
              + " reload the page and try again");
    }
  }

  /** Field {@value Csrf#FORM_FIELD} of a URL-encoded form body. */
  private static Optional<String> formField(WebRequest request) {
    String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return Optional.empty();
    }
    String body = request.body();
    if (body.length() > MAX_FORM_BYTES) {
      body = body.substring(0, MAX_FORM_BYTES);
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equals(Csrf.FORM_FIELD)) {
        try {
          return Optional.of(
              URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          return Optional.of("");
        }
      }
    }
    return Optional.empty();
  }
}
