package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
  @Test
  void literalRoutesMatchExactly() {
    Route route = Route.parse("GET /health");
    assertThat(route.match("GET", "/health")).contains(Map.of());
    assertThat(route.match("get", "/health")).contains(Map.of());
    assertThat(route.match("POST", "/health")).isEmpty();
    assertThat(route.match("GET", "/health/")).isEmpty();
    assertThat(route.match("GET", "/healthz")).isEmpty();
  }

  @Test
  void parametersCaptureOneNonEmptySegment() {
    Route route = Route.parse("GET /v1/registries/{name}/records");
    assertThat(route.match("GET", "/v1/registries/people/records"))
        .contains(Map.of("name", "people"));
    assertThat(route.match("GET", "/v1/registries//records")).isEmpty();
    assertThat(route.match("GET", "/v1/registries/a/b/records")).isEmpty();
  }
}
