package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on Google error bodies. */
final class JsonAssert {
  private JsonAssert() {}

  /** A 429 body's ErrorInfo names the quota limit and its value. */
  static void errorInfo(JsonNode body, String quotaLimit, String value) {
    JsonNode error = body.get("error");
    assertThat(error.get("code").asInt()).isEqualTo(429);
    assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    JsonNode info = error.get("details").get(0);
    assertThat(info.get("reason").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
    assertThat(info.get("metadata").get("quota_limit").asText()).isEqualTo(quotaLimit);
    assertThat(info.get("metadata").get("quota_limit_value").asText()).isEqualTo(value);
  }
}
