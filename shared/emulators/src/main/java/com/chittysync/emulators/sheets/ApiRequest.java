package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A received request as handlers see it: decoded path and query, gunzipped body, caller. */
final class ApiRequest {
  final String method;
  final String rawPath;
  final String path;
  final Map<String, List<String>> query;
  final Map<String, List<String>> headers;
  final String body;

  private JsonNode json;

  ApiRequest(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      String body) {
    this.method = method;
    this.rawPath = rawPath;
    this.path = percentDecode(rawPath);
    this.query = parseQuery(rawQuery);
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    this.body = body;
  }

  /** What the request log and hooks see. */
  RecordedRequest recorded(int status) {
    return new RecordedRequest(method, path, rawPath, query, headers, body, status);
  }

  String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return "true".equalsIgnoreCase(param(name));
  }

  /** The JSON body as an object ({} when empty); 400 when it is not a JSON object. */
  ObjectNode json() {
    if (json == null) {
      if (body == null || body.isBlank()) {
        json = Json.object();
      } else {
        try {
          json = Json.MAPPER.readTree(body);
        } catch (Exception e) {
          throw SheetsError.badRequest(
              "Invalid JSON payload received. Unexpected token.\n" + abbreviate(body));
        }
      }
    }
    if (!json.isObject()) {
      throw SheetsError.badRequest(
          "Invalid JSON payload received. Expected an object.\n" + abbreviate(body));
    }
    return (ObjectNode) json;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  /**
   * Rejects fields the message type does not have, as Google does ({@code Invalid JSON payload
   * received. Unknown name "x": Cannot find field.}): a misspelt option must not pass silently.
   */
  static void onlyFields(JsonNode object, String at, Set<String> known) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw SheetsError.badRequest(
            "Invalid JSON payload received. Unknown name \""
                + name
                + "\""
                + (at.isEmpty() ? "" : " at '" + at + "'")
                + ": Cannot find field.");
      }
    }
  }

  // ---- decoding ----

  /** Decodes {@code %XX} only: in a path {@code +} is a literal plus. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 3;
          continue;
        }
      }
      int cp = s.codePointAt(i);
      byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
      i += Character.charCount(cp);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    q.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(frozen);
  }
}
