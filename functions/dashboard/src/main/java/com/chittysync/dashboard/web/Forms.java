package com.chittysync.dashboard.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses form bodies, bounded: at most 1,000 fields, the first of a repeated name wins. */
public final class Forms {
  static final int MAX_FIELDS = 1000;

  private Forms() {}

  /** The fields of {@code body}; repeated names are joined with commas. */
  public static Map<String, String> parse(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return out;
    }
    String[] pairs = body.split("&", MAX_FIELDS + 1);
    if (pairs.length > MAX_FIELDS) {
      throw new IllegalArgumentException("a form may carry at most " + MAX_FIELDS + " fields");
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq >= 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
      String v = eq >= 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
      out.merge(k, v, (a, b) -> a + "," + b);
    }
    return out;
  }
}
