package com.chittysync.dashboard.web;

import com.chittysync.dashboard.Chrome;
import com.chittysync.web.http.WebRequest;
import java.util.Map;
import java.util.Optional;

/**
 * One request on its way through a route: the request, the route's path parameters, and the page
 * frame (empty on public routes, where nobody is signed in).
 */
public record Call(WebRequest request, Map<String, String> params, Optional<Chrome> chrome) {
  /** Path parameter {@code name}. */
  public String param(String name) {
    String v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException("route has no parameter " + name);
    }
    return v;
  }

  /** The signed-in frame; only on READ and ACT routes. */
  public Chrome frame() {
    return chrome.orElseThrow(() -> new IllegalStateException("a public route has no frame"));
  }

  /** Query parameter {@code name}, or {@code fallback}. */
  public String query(String name, String fallback) {
    return request.queryParameter(name).orElse(fallback);
  }

  /** The form fields of an {@code application/x-www-form-urlencoded} body. */
  public Map<String, String> form() {
    return Forms.parse(request.body());
  }
}
