package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a status and either a JSON tree or a streamed body. Large value ranges
 * are streamed straight to the socket with Jackson so a 50,000-row read never becomes one big
 * string.
 */
record HttpReply(int status, JsonNode body, BodyWriter stream, Map<String, String> headers) {
  /** Writes a JSON body with a generator. */
  @FunctionalInterface
  interface BodyWriter {
    void write(JsonGenerator out) throws IOException;
  }

  static HttpReply ok(JsonNode body) {
    return new HttpReply(200, body, null, new LinkedHashMap<>());
  }

  static HttpReply streamed(BodyWriter writer) {
    return new HttpReply(200, null, writer, new LinkedHashMap<>());
  }

  static HttpReply json(int status, JsonNode body) {
    return new HttpReply(status, body, null, new LinkedHashMap<>());
  }
}
