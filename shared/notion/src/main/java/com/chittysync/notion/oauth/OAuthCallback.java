package com.chittysync.notion.oauth;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /oauth/notion/callback}: where Notion sends the person back after they install the
 * integration. Accepts the state only from the browser that started the flow ({@link OAuthStart}'s
 * cookie) and only once, then exchanges the code and stores the grant; answers a short page that
 * says what happened (never the token) and ends the flow's cookie.
 */
public final class OAuthCallback {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthCallback.class);

  private final NotionOAuth oauth;
  private final NotionTokenStore tokens;
  private final OAuthSpent spent;
  private final Clock clock;

  public OAuthCallback(NotionOAuth oauth, NotionTokenStore tokens, OAuthSpent spent, Clock clock) {
    this.oauth = oauth;
    this.tokens = tokens;
    this.spent = spent;
    this.clock = clock;
  }

  /**
   * Handles the redirect's query parameters and the browser's {@code cookies} (API Gateway's {@code
   * name=value} list).
   */
  public HttpResult handle(Map<String, String> query, List<String> cookies) {
    return answer(query, cookies).withHeader("set-cookie", OAuthPages.clearCookie());
  }

  private HttpResult answer(Map<String, String> query, List<String> cookies) {
    if (query.containsKey("error")) {
      return OAuthPages.page(
          400,
          "Notion did not authorize ChittySync: "
              + OAuthPages.escape(query.get("error"))
              + ". Start again with 'chittysync notion oauth-url'.");
    }
    String code = query.get("code");
    if (code == null || code.isBlank()) {
      return OAuthPages.page(400, "The callback carries no authorization code.");
    }
    OAuthState.Verdict state =
        oauth
            .states()
            .checkState(
                query.get("state"), OAuthPages.binding(cookies).orElse(null), clock.instant());
    if (!state.ok()) {
      return OAuthPages.page(
          400,
          switch (state.problem()) {
                case EXPIRED -> "This authorization has expired (state check failed).";
                case OTHER_BROWSER ->
                    "This authorization was started in another browser, or this browser lost its"
                        + " cookie (state check failed).";
                case FORGED -> "This authorization was not started here (state check failed).";
              }
              + " Start again with 'chittysync notion oauth-url'.");
    }
    if (!spent.spend(state.nonce(), state.issuedAt().plus(OAuthState.VALID_FOR))) {
      return OAuthPages.page(
          400,
          "This authorization was already completed; a state is good once. Start again with"
              + " 'chittysync notion oauth-url'.");
    }
    TokenGrant grant;
    try {
      grant = oauth.exchange(code);
    } catch (ChittySyncException e) {
      // Notion's own reason (invalid_grant, ...) helps the person and names nothing of ours.
      return OAuthPages.page(502, OAuthPages.escape(e.getMessage()));
    }
    try {
      tokens.save(grant);
    } catch (ChittySyncException e) {
      LOG.warn("notion oauth: {}", e.describe());
      return OAuthPages.page(
          e.code() == ErrorCode.SECRET_UNRESOLVED ? 503 : 500,
          "Notion authorized ChittySync, but the grant could not be stored; see the function's"
              + " log, then start again with 'chittysync notion oauth-url'.");
    }
    return OAuthPages.page(
        200,
        "ChittySync is connected to Notion workspace "
            + OAuthPages.escape(grant.workspaceName().orElse(grant.workspaceId()))
            + " (bot "
            + OAuthPages.escape(grant.botId())
            + "). The token is stored in secret "
            + OAuthPages.escape(tokens.secretId())
            + ".");
  }
}
