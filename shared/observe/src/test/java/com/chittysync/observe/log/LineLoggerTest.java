package com.chittysync.observe.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.observe.Invocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LineLoggerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Logger log = LoggerFactory.getLogger("com.chittysync.pipeline.DiffService");
  private PrintStream original;
  private ByteArrayOutputStream out;

  @BeforeEach
  void capture() {
    original = System.out;
    out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    LogSettings.json();
  }

  @AfterEach
  void restore() {
    System.setOut(original);
    LogSettings.text();
    MDC.clear();
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void aLineCarriesTheInvocationAndTheRunFromTheMdc() throws Exception {
    try (Invocation invocation = Invocation.begin("diff", "req-1")) {
      invocation.registry("people").trigger("schedule").planId("p-1");
      MDC.put("run_id", "r-1");
      log.info("registry '{}': plan {} is ready", "people", "p-1");
    }
    JsonNode line = lines().get(0);
    assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("logger").asText()).isEqualTo("com.chittysync.pipeline.DiffService");
    assertThat(line.get("message").asText()).isEqualTo("registry 'people': plan p-1 is ready");
    assertThat(line.get("function").asText()).isEqualTo("diff");
    assertThat(line.get("request_id").asText()).isEqualTo("req-1");
    assertThat(line.get("registry").asText()).isEqualTo("people");
    assertThat(line.get("run_id").asText()).isEqualTo("r-1");
    assertThat(line.get("plan_id").asText()).isEqualTo("p-1");
    assertThat(line.get("trigger").asText()).isEqualTo("schedule");
    assertThat(line.has("error")).isFalse();
  }

  @Test
  void aThrowableIsItsClassAndMessageOnOneLine() throws Exception {
    log.error("run failed", new IllegalStateException("lease \"held\"\nby another"));
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("level").asText()).isEqualTo("ERROR");
    assertThat(lines.get(0).get("error").asText())
        .isEqualTo("java.lang.IllegalStateException: lease \"held\"\nby another");
    assertThat(lines.get(0).get("message").asText()).isEqualTo("run failed");
  }

  @Test
  void theInvocationsEndClearsItsContextAndWritesItsMetrics() throws Exception {
    try (Invocation invocation = Invocation.begin("apply", "req-2")) {
      invocation.registry("people");
      invocation
          .metrics()
          .increment(
              com.chittysync.observe.metrics.Metric.RUNS_FAILED,
              com.chittysync.observe.metrics.Dimensions.registry("people"));
    }
    log.info("after");
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("RunsFailed").asInt()).isEqualTo(1);
    assertThat(lines.get(1).has("registry")).isFalse();
    assertThat(lines.get(1).has("request_id")).isFalse();
  }

  @Test
  void libraryChatterBelowWarnIsNotWritten() throws Exception {
    LoggerFactory.getLogger("com.zaxxer.hikari.HikariDataSource").info("pool started");
    LoggerFactory.getLogger("com.zaxxer.hikari.HikariDataSource").warn("pool slow");
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("level").asText()).isEqualTo("WARN");
  }
}
