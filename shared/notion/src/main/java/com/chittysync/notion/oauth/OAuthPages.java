package com.chittysync.notion.oauth;

import com.chittysync.core.http.HttpResult;
import java.util.List;
import java.util.Optional;

/** What the OAuth routes share: their short pages and the browser-binding cookie. */
final class OAuthPages {
  /**
   * The cookie binding a flow to its browser. {@code __Host-}: only set over HTTPS, by this host,
   * for every path, so no other site or subdomain can plant or read it.
   */
  static final String COOKIE = "__Host-chittysync-notion-oauth";

  private OAuthPages() {}

  /** {@code Set-Cookie} giving the browser {@code binding} for the flow's lifetime. */
  static String setCookie(String binding) {
    // Lax, not Strict: Notion's redirect back is a cross-site top-level GET, which must carry it.
    return COOKIE
        + "="
        + binding
        + "; Path=/; Max-Age="
        + OAuthState.VALID_FOR.toSeconds()
        + "; Secure; HttpOnly; SameSite=Lax";
  }

  /** {@code Set-Cookie} removing the cookie: a flow is over once its callback ran. */
  static String clearCookie() {
    return COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
  }

  /** The binding the browser sent, from API Gateway's {@code cookies} ({@code name=value}). */
  static Optional<String> binding(List<String> cookies) {
    if (cookies == null) {
      return Optional.empty();
    }
    for (String cookie : cookies) {
      for (String part : cookie.split(";")) {
        String c = part.strip();
        if (c.startsWith(COOKIE + "=") && c.length() > COOKIE.length() + 1) {
          return Optional.of(c.substring(COOKIE.length() + 1));
        }
      }
    }
    return Optional.empty();
  }

  static HttpResult page(int status, String message) {
    return new HttpResult(
        status,
        "text/html; charset=utf-8",
        "<!doctype html><title>ChittySync</title><p>" + message + "</p>");
  }

  static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
