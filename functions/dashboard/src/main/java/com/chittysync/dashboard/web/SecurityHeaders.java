package com.chittysync.dashboard.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every dashboard answer carries. The policy allows scripts and styles only from the
 * dashboard's own origin (no inline script, no inline style attribute), no framing, no plugins, and
 * forms that post only back to the dashboard.
 */
public final class SecurityHeaders {
  /** The Content-Security-Policy of every page. */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private SecurityHeaders() {}

  /** {@code reply} with the security headers added (a route's own headers win). */
  public static Reply apply(Reply reply) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-security-policy", CSP);
    h.put("x-content-type-options", "nosniff");
    h.put("x-frame-options", "DENY");
    h.put("referrer-policy", "same-origin");
    h.put("cross-origin-opener-policy", "same-origin");
    h.put("permissions-policy", "camera=(), microphone=(), geolocation=()");
    h.put("cache-control", "no-store");
    // The same URL answers HTML, an htmx fragment or JSON: caches must keep them apart.
    h.put("vary", "Accept, HX-Request, Cookie");
    h.putAll(reply.headers());
    return new Reply(reply.status(), reply.contentType(), reply.body(), h, reply.cookies());
  }
}
