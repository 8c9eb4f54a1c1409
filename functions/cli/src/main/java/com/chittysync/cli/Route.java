package com.chittysync.cli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API route key such as {@code GET /health} or {@code POST /v1/registries/{name}/records},
 * matched the way API Gateway matches it: same method, same number of segments, literal segments
 * equal, {@code {param}} segments captured. A greedy last segment {@code {name+}} (as in {@code GET
 * /assets/{proxy+}}) takes one or more remaining segments, captured with their slashes.
 *
 * @param method the HTTP method, upper case
 * @param path the path template
 */
public record Route(String method, String path) {
  /** Parses {@code "METHOD /path"}. */
  public static Route parse(String key) {
    int space = key.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("route key must be 'METHOD /path': " + key);
    }
    return new Route(key.substring(0, space).toUpperCase(Locale.ROOT), key.substring(space + 1));
  }

  /** The route key, {@code "METHOD /path"}. */
  public String key() {
    return method + " " + path;
  }

  /** The path parameters if {@code requestMethod requestPath} matches this route. */
  public Optional<Map<String, String>> match(String requestMethod, String requestPath) {
    if (!method.equalsIgnoreCase(requestMethod)) {
      return Optional.empty();
    }
    String[] template = path.split("/", -1);
    String[] actual = requestPath.split("/", -1);
    String last = template[template.length - 1];
    boolean greedy = last.startsWith("{") && last.endsWith("+}");
    if (greedy ? actual.length < template.length : template.length != actual.length) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (greedy && i == template.length - 1) {
        // {proxy+}: the rest of the path, at least one non-empty segment.
        String rest = String.join("/", Arrays.copyOfRange(actual, i, actual.length));
        if (rest.isEmpty()) {
          return Optional.empty();
        }
        params.put(t.substring(1, t.length() - 2), rest);
      } else if (t.startsWith("{") && t.endsWith("}")) {
        if (actual[i].isEmpty()) {
          return Optional.empty();
        }
        params.put(t.substring(1, t.length() - 1), actual[i]);
      } else if (!t.equals(actual[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }
}
