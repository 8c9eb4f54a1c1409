package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, optional JSON body, extra headers. */
record HttpReply(int status, JsonNode body, Map<String, String> headers) {
  static HttpReply ok(JsonNode body) {
    return new HttpReply(200, body, new LinkedHashMap<>());
  }

  static HttpReply redirect(String location) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Location", location);
    return new HttpReply(302, null, h);
  }
}
