package com.chittysync.notion.oauth;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.http.HttpResult;
import java.time.Clock;
import java.util.Map;

/**
 * {@code GET /oauth/notion/callback}: where Notion sends the person back after they install the
 * integration. Checks the state, exchanges the code and stores the grant; answers a short page that
 * says what happened (never the token).
 */
public final class OAuthCallback {
  private final NotionOAuth oauth;
  private final NotionTokenStore tokens;
  private final Clock clock;

  public OAuthCallback(NotionOAuth oauth, NotionTokenStore tokens, Clock clock) {
    this.oauth = oauth;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** Handles the redirect's query parameters. */
  public HttpResult handle(Map<String, String> query) {
    if (query.containsKey("error")) {
      return page(
          400,
          "Notion did not authorize ChittySync: "
              + escape(query.get("error"))
              + ". Start again with 'chittysync notion oauth-url'.");
    }
    String code = query.get("code");
    if (code == null || code.isBlank()) {
      return page(400, "The callback carries no authorization code.");
    }
    if (!oauth.stateValid(query.get("state"), clock.instant())) {
      return page(
          400,
          "This authorization was not started here or has expired (state check failed). Start"
              + " again with 'chittysync notion oauth-url'.");
    }
    try {
      TokenGrant grant = oauth.exchange(code);
      tokens.save(grant);
      return page(
          200,
          "ChittySync is connected to Notion workspace "
              + escape(grant.workspaceName().orElse(grant.workspaceId()))
              + " (bot "
              + escape(grant.botId())
              + "). The token is stored in secret "
              + escape(tokens.secretId())
              + ".");
    } catch (ChittySyncException e) {
      return page(502, escape(e.getMessage()));
    }
  }

  private static HttpResult page(int status, String message) {
    return new HttpResult(
        status,
        "text/html; charset=utf-8",
        "<!doctype html><title>ChittySync</title><p>" + message + "</p>");
  }

  private static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
