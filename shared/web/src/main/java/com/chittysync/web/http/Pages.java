package com.chittysync.web.http;

import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;

/**
 * The short answers of the sign-in routes: a minimal HTML page for a browser, or the usual JSON
 * error for a client that asked for JSON. Messages are plain text; pages escape them.
 */
public final class Pages {
  private Pages() {}

  /**
   * A page saying {@code message}, with an optional link under it.
   *
   * @param status the HTTP status
   * @param message plain text, escaped here
   * @param linkHref where the link leads, or null for none (escaped here)
   * @param linkText the link's text (escaped here)
   */
  public static HttpResult page(int status, String message, String linkHref, String linkText) {
    StringBuilder html =
        new StringBuilder("<!doctype html><meta charset=\"utf-8\"><title>ChittySync</title><p>")
            .append(escape(message))
            .append("</p>");
    if (linkHref != null) {
      html.append("<p><a href=\"")
          .append(escape(linkHref))
          .append("\">")
          .append(escape(linkText))
          .append("</a></p>");
    }
    return new HttpResult(status, "text/html; charset=utf-8", html.toString())
        // The pages load nothing and run nothing.
        .withHeader("content-security-policy", "default-src 'none'")
        .withHeader("x-content-type-options", "nosniff");
  }

  /** A page saying {@code message}. */
  public static HttpResult page(int status, String message) {
    return page(status, message, null, null);
  }

  /**
   * A failure as {@code request} wants it: JSON {@code {"error": {"code", "message"}}} when it
   * asked for JSON, else a page (with a link to sign in when the failure is a 401).
   */
  public static HttpResult failure(WebRequest request, int status, ErrorCode code, String message) {
    return request.wantsJson()
        ? HttpResult.error(status, code, message)
        : status == 401 ? page(status, message, "/login", "Sign in") : page(status, message);
  }

  /** {@code s} safe inside HTML text and double-quoted attributes. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
