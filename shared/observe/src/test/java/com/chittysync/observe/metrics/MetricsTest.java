package com.chittysync.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-08T04:00:00Z");
  private final Metrics metrics = new Metrics(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aRegistryMetricIsOneDocumentWithTheRegistryAndTheStackWideDimensionSets() throws Exception {
    metrics.add(Metric.RUNS_CONVERGED, Dimensions.registry("people"), 1);
    metrics.add(Metric.PLAN_DURATION, Dimensions.registry("people"), 120);

    List<String> documents = metrics.drain();

    assertThat(documents).hasSize(1);
    JsonNode doc = JSON.readTree(documents.get(0));
    assertThat(doc.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
    JsonNode directive = doc.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Namespace").asText()).isEqualTo("ChittySync");
    assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"registry\"],[]]");
    assertThat(directive.get("Metrics").toString())
        .isEqualTo(
            "[{\"Name\":\"RunsConverged\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"PlanDuration\",\"Unit\":\"Milliseconds\"}]");
    assertThat(doc.get("registry").asText()).isEqualTo("people");
    assertThat(doc.get("RunsConverged").isNumber()).isTrue();
    assertThat(doc.get("RunsConverged").asInt()).isEqualTo(1);
    assertThat(doc.get("PlanDuration").asInt()).isEqualTo(120);
  }

  @Test
  void countsAreSummedAndEachSeriesHasADocumentOfItsOwn() throws Exception {
    metrics.add(Metric.OPS_APPLIED, Dimensions.endpoint("people", "a"), 2);
    metrics.add(Metric.OPS_APPLIED, Dimensions.endpoint("people", "a"), 3);
    metrics.add(Metric.OPS_APPLIED, Dimensions.endpoint("people", "b"), 4);
    metrics.increment(Metric.WEBHOOK_DELIVERIES_ACCEPTED, Dimensions.none());

    List<JsonNode> docs = new ArrayList<>();
    for (String d : metrics.drain()) {
      docs.add(JSON.readTree(d));
    }

    assertThat(docs).hasSize(3);
    assertThat(docs.get(0).get("endpoint").asText()).isEqualTo("a");
    assertThat(docs.get(0).get("OpsApplied").asInt()).isEqualTo(5);
    assertThat(docs.get(0).at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
        .isEqualTo("[[\"registry\",\"endpoint\"],[\"registry\"],[]]");
    assertThat(docs.get(1).get("OpsApplied").asInt()).isEqualTo(4);
    assertThat(docs.get(2).at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[]]");
    assertThat(docs.get(2).has("registry")).isFalse();
    assertThat(docs.get(2).get("WebhookDeliveriesAccepted").asInt()).isEqualTo(1);
  }

  @Test
  void durationsKeepEachValueAndMoreThanAHundredAreSplitOverDocuments() throws Exception {
    for (int i = 0; i < 250; i++) {
      metrics.add(Metric.APPLY_DURATION, Dimensions.registry("people"), i);
    }
    List<String> documents = metrics.drain();

    assertThat(documents).hasSize(3);
    List<Integer> sizes = new ArrayList<>();
    double sum = 0;
    for (String d : documents) {
      JsonNode values = JSON.readTree(d).get("ApplyDuration");
      sizes.add(values.size());
      for (JsonNode v : values) {
        sum += v.asDouble();
      }
    }
    assertThat(sizes).containsExactly(100, 100, 50);
    assertThat(sum).isEqualTo(249 * 250 / 2.0);
  }

  @Test
  void moreThanAHundredMetricsInOneSeriesAreSplitIntoDocumentsOfAtMostAHundred() throws Exception {
    Map<EmfWriter.Definition, List<Double>> many = new LinkedHashMap<>();
    for (int i = 0; i < 230; i++) {
      many.put(new EmfWriter.Definition("M" + i, "Count"), List.of((double) i));
    }
    List<String> documents =
        EmfWriter.documents(
            "ChittySync", NOW.toEpochMilli(), Map.of(Dimensions.registry("people"), many));

    assertThat(documents).hasSize(3);
    Set<String> seen = new HashSet<>();
    for (String d : documents) {
      JsonNode doc = JSON.readTree(d);
      JsonNode declared = doc.at("/_aws/CloudWatchMetrics/0/Metrics");
      assertThat(declared.size()).isLessThanOrEqualTo(100);
      for (JsonNode m : declared) {
        String name = m.get("Name").asText();
        assertThat(seen.add(name)).as(name + " declared once").isTrue();
        assertThat(doc.get(name).asInt()).isEqualTo(Integer.parseInt(name.substring(1)));
      }
      assertThat(doc.get("registry").asText()).isEqualTo("people");
    }
    assertThat(seen).hasSize(230);
  }

  @Test
  void aMetricGivenDimensionsOtherThanItsOwnIsRefused() {
    assertThatThrownBy(() -> metrics.add(Metric.OPS_APPLIED, Dimensions.registry("people"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OpsApplied");
    assertThat(metrics.drain()).isEmpty();
  }

  @Test
  void aValueThatIsNoNumberIsLeftOutAndFractionsStayFractions() throws Exception {
    metrics.add(Metric.RECORDS_PER_SECOND, Dimensions.registry("people"), Double.NaN);
    metrics.add(Metric.RECORDS_PER_SECOND, Dimensions.registry("people"), 12.5);
    JsonNode doc = JSON.readTree(metrics.drain().get(0));
    assertThat(doc.get("RecordsPerSecond").asDouble()).isEqualTo(12.5);
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText())
        .isEqualTo("Count/Second");
  }

  @Test
  void flushingForgetsWhatWasWritten() {
    metrics.increment(Metric.RUNS_FAILED, Dimensions.registry("people"));
    assertThat(metrics.drain()).hasSize(1);
    assertThat(metrics.drain()).isEmpty();
  }
}
