package com.chittysync.notion.oauth;

import com.chittysync.core.http.HttpResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /oauth/notion/start?ticket=...}: where the link {@code chittysync notion oauth-url}
 * prints leads. Spends the ticket (a link works once), gives the browser a random value in a
 * cookie, and redirects it to Notion with a state bound to that value, so the callback accepts the
 * flow only from this browser.
 */
public final class OAuthStart {
  private final NotionOAuth oauth;
  private final OAuthSpent spent;
  private final Clock clock;

  public OAuthStart(NotionOAuth oauth, OAuthSpent spent, Clock clock) {
    this.oauth = oauth;
    this.spent = spent;
    this.clock = clock;
  }

  /** Handles the start link's query parameters. */
  public HttpResult handle(Map<String, String> query) {
    Instant now = clock.instant();
    OAuthState states = oauth.states();
    OAuthState.Verdict ticket = states.checkTicket(query.get("ticket"), now);
    if (!ticket.ok()) {
      return OAuthPages.page(
          400,
          (ticket.problem() == OAuthState.Problem.EXPIRED
                  ? "This link has expired."
                  : "This link was not made by 'chittysync notion oauth-url'.")
              + " Run 'chittysync notion oauth-url' for a new one.");
    }
    if (!spent.spend(ticket.nonce(), ticket.issuedAt().plus(OAuthState.VALID_FOR))) {
      return OAuthPages.page(
          400,
          "This link was already used; each works once. Run 'chittysync notion oauth-url' for a"
              + " new one.");
    }
    String binding = OAuthState.newBinding();
    String to = oauth.authorizationUrl(states.state(now, binding));
    return OAuthPages.page(302, "Continue to <a href=\"" + OAuthPages.escape(to) + "\">Notion</a>.")
        .withHeader("location", to)
        .withHeader("set-cookie", OAuthPages.setCookie(binding));
  }
}
