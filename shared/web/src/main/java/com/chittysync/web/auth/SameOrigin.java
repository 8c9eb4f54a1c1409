package com.chittysync.web.auth;

import com.chittysync.web.http.WebRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a state-changing request came from a page of this site. Browsers say so in {@code
 * Sec-Fetch-Site}; when it is there it must be {@code same-origin}. Without it, {@code Origin} must
 * be this host's origin ({@code https://} plus {@code Host}, or {@code http://} for 127.0.0.1 and
 * localhost, where {@code chittysync serve} runs). A request with neither header is refused: every
 * browser that runs the dashboard sends one of them with a POST.
 */
final class SameOrigin {
  private SameOrigin() {}

  /** Why {@code request} is not same-origin, or empty when it is. */
  static Optional<String> problem(WebRequest request) {
    Optional<String> site = request.header("sec-fetch-site");
    if (site.isPresent()) {
      String s = site.get().strip().toLowerCase(Locale.ROOT);
      return s.equals("same-origin")
          ? Optional.empty()
          : Optional.of(
              "this request came from another site (Sec-Fetch-Site: "
                  + cut(s)
                  + "); changes are accepted only from the dashboard's own pages");
    }
    Optional<String> origin = request.header("origin");
    if (origin.isEmpty()) {
      return Optional.of(
          "this request names no origin (neither Sec-Fetch-Site nor Origin); changes are accepted"
              + " only from the dashboard's own pages in a browser");
    }
    Optional<String> host = request.header("host");
    if (host.isEmpty() || !sameOrigin(origin.get().strip(), host.get().strip())) {
      return Optional.of(
          "this request came from another origin ("
              + cut(origin.get())
              + "); changes are accepted only from the dashboard's own pages");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code origin} is that of {@code host}: {@code https://host}, or also {@code
   * http://host} when it names this machine.
   */
  static boolean sameOrigin(String origin, String host) {
    if (origin.equalsIgnoreCase("https://" + host)) {
      return true;
    }
    String name = host;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      name = close > 0 ? host.substring(0, close + 1) : host;
    } else if (host.indexOf(':') >= 0) {
      name = host.substring(0, host.indexOf(':'));
    }
    return WebAuthSettings.isLoopback(name) && origin.equalsIgnoreCase("http://" + host);
  }

  private static String cut(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
