package com.chittysync.web.auth;

import com.chittysync.core.config.Secret;
import com.chittysync.core.http.HttpResult;
import com.chittysync.web.http.Pages;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /login/local?token=…}: the one-time sign-in link {@code chittysync serve} prints. Its
 * token ({@value WebAuthSettings#LOCAL_LOGIN_TOKEN}) is swapped once per process for an operator
 * session of subject {@value #SUBJECT}; a second use is refused, so a link that leaks from a
 * terminal's scrollback or a browser's history is worth nothing.
 */
public final class LocalLogin {
  /** The subject of the local operator's session. */
  public static final String SUBJECT = "local";

  /** The name shown for it. */
  public static final String NAME = "local operator";

  /** Said when the link is used a second time. */
  static final String ALREADY_USED =
      "this login link was already used; restart chittysync serve for a new one";

  private final Optional<Secret> token;
  private final SessionCookies sessions;
  private final AtomicBoolean spent = new AtomicBoolean();

  /**
   * @param token the link's token; empty where there is no local sign-in (a deployment)
   */
  public LocalLogin(Optional<Secret> token, SessionCookies sessions) {
    this.token = token;
    this.sessions = sessions;
  }

  /** Answers the link: a 302 to {@code /} with a session cookie, once; else a page saying why. */
  public HttpResult handle(Optional<String> given) {
    if (token.isEmpty()) {
      return Pages.page(
          404,
          "Local sign-in is only for 'chittysync serve'. Sign in at /login.",
          "/login",
          "Sign in");
    }
    if (given.isEmpty() || !Tokens.equal(given.get(), token.get().reveal())) {
      return Pages.page(
          401, "This login link is not valid; use the one 'chittysync serve' printed.");
    }
    if (!spent.compareAndSet(false, true)) {
      return Pages.page(403, ALREADY_USED);
    }
    Principal session = sessions.start(SUBJECT, NAME, Role.OPERATOR);
    return Pages.page(302, "Signed in.", "/", "Continue")
        .withHeader("location", "/")
        .withCookie(sessions.setCookie(session));
  }
}
