package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed request as handlers see it. */
final class ApiRequest {
  final String method;
  final String path;
  final String rawQuery;
  final String rawBody;
  final Map<String, List<String>> headers;
  final Map<String, List<String>> query = new LinkedHashMap<>();
  ApiVersion version;
  Tokens.Grant grant;
  private JsonNode body;

  ApiRequest(
      String method,
      String path,
      String rawQuery,
      String rawBody,
      Map<String, List<String>> headers) {
    this.method = method;
    this.path = path;
    this.rawQuery = rawQuery;
    this.rawBody = rawBody;
    this.headers = headers;
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The first value of a header (case-insensitive), or null. */
  String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The first value of a query parameter, or null. */
  String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** All values of a query parameter given as {@code name} or {@code name[]}. */
  List<String> params(String name) {
    List<String> out = new ArrayList<>(query.getOrDefault(name, List.of()));
    out.addAll(query.getOrDefault(name + "[]", List.of()));
    return out;
  }

  /** The JSON body as an object ({} when empty); 400 invalid_json when it is not JSON. */
  ObjectNode body() {
    if (body == null) {
      if (rawBody == null || rawBody.isBlank()) {
        body = Json.object();
      } else {
        try {
          body = Json.MAPPER.readTree(rawBody);
        } catch (Exception e) {
          throw new NotionError(400, "invalid_json", "Error parsing JSON body.");
        }
      }
    }
    if (!body.isObject()) {
      throw NotionError.bodyValidation("body", "an object", PropertyCodec.describe(body));
    }
    return (ObjectNode) body;
  }
}
