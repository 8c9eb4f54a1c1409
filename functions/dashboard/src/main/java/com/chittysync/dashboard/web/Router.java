package com.chittysync.dashboard.web;

import com.chittysync.web.http.WebRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's routes by method and path pattern. A pattern's {@code {name}} segments capture
 * one path segment; every route says whether it reads, acts, or is public (login, assets).
 */
public final class Router {
  /** What a route needs before it runs. */
  public enum Guard {
    /** Anyone: the login routes and static assets. */
    PUBLIC,
    /** A signed-in viewer or operator. */
    READ,
    /** An operator's session, same origin, CSRF token, HX-Request. */
    ACT
  }

  /** A route's work, once its guard passed. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Call call);
  }

  /** A matched route. */
  public record Match(Guard guard, Handler handler, Map<String, String> params) {}

  private record Route(
      String method, Pattern pattern, List<String> names, Guard guard, Handler h) {}

  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)\\}");
  private final List<Route> routes = new ArrayList<>();

  /** Adds {@code GET pattern}. */
  public Router get(String pattern, Guard guard, Handler handler) {
    return add("GET", pattern, guard, handler);
  }

  /** Adds {@code POST pattern}. */
  public Router post(String pattern, Guard guard, Handler handler) {
    return add("POST", pattern, guard, handler);
  }

  private Router add(String method, String pattern, Guard guard, Handler handler) {
    if (method.equals("POST") && guard == Guard.READ) {
      throw new IllegalArgumentException("a POST route changes state: guard it with ACT");
    }
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(pattern);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(pattern.substring(last, m.start())));
      regex.append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(pattern.substring(last)));
    routes.add(new Route(method, Pattern.compile(regex.toString()), names, guard, handler));
    return this;
  }

  /** The route {@code request} asks for, if any. */
  public Optional<Match> match(WebRequest request) {
    String method = request.method().equals("HEAD") ? "GET" : request.method();
    for (Route r : routes) {
      if (!r.method().equals(method)) {
        continue;
      }
      Matcher m = r.pattern().matcher(request.path());
      if (m.matches()) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < r.names().size(); i++) {
          params.put(r.names().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
        }
        return Optional.of(new Match(r.guard(), r.h(), params));
      }
    }
    return Optional.empty();
  }

  /** Whether some route has {@code path} with another method (for 405 rather than 404). */
  public boolean knowsPath(String path) {
    return routes.stream().anyMatch(r -> r.pattern().matcher(path).matches());
  }
}
