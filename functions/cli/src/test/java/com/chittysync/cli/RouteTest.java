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

  @Test
  void aGreedyLastSegmentTakesOneOrMoreRemainingSegments() {
    Route route = Route.parse("GET /registries/{proxy+}");
    assertThat(route.match("GET", "/registries/people")).contains(Map.of("proxy", "people"));
    assertThat(route.match("GET", "/registries/people/runs/42"))
        .contains(Map.of("proxy", "people/runs/42"));
    assertThat(route.match("GET", "/registries/people/")).contains(Map.of("proxy", "people/"));
    assertThat(route.match("POST", "/registries/people")).isEmpty();
    assertThat(route.match("GET", "/registries")).isEmpty();
    assertThat(route.match("GET", "/registries/")).isEmpty();
    assertThat(route.match("GET", "/registriesx/people")).isEmpty();
    assertThat(route.match("GET", "/audit/people")).isEmpty();
  }

  @Test
  void theRootRouteMatchesOnlyTheRoot() {
    Route route = Route.parse("GET /");
    assertThat(route.match("GET", "/")).contains(Map.of());
    assertThat(route.match("GET", "/audit")).isEmpty();
    assertThat(route.match("GET", "")).isEmpty();
  }
}
