package com.chittysync.testkit;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a log line against the structure of the CloudWatch Embedded Metric Format specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * the limits included, and reads the metric values out of the valid ones.
 */
public final class EmfCheck {
  private static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  private EmfCheck() {}

  /** Whether {@code line} is meant as an EMF document (a JSON object with an {@code _aws}). */
  public static boolean isEmf(String line) {
    if (!line.startsWith("{")) {
      return false;
    }
    try {
      return Json.mapper().readTree(line).has("_aws");
    } catch (Exception e) {
      return false;
    }
  }

  /** What is wrong with {@code line} as an EMF document; empty when it is valid. */
  public static List<String> violations(String line) {
    List<String> out = new ArrayList<>();
    if (line.getBytes(StandardCharsets.UTF_8).length > 256 * 1024) {
      out.add("larger than a log event's 256 KB");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(line);
    } catch (Exception e) {
      out.add("not JSON: " + e.getMessage());
      return out;
    }
    if (root == null || !root.isObject()) {
      out.add("not a JSON object");
      return out;
    }
    JsonNode aws = root.get("_aws");
    if (aws == null || !aws.isObject()) {
      out.add("no _aws metadata object");
      return out;
    }
    JsonNode timestamp = aws.get("Timestamp");
    if (timestamp == null
        || !timestamp.isIntegralNumber()
        || timestamp.asLong() < 1_000_000_000_000L) {
      out.add("_aws.Timestamp is not epoch milliseconds: " + timestamp);
    }
    JsonNode directives = aws.get("CloudWatchMetrics");
    if (directives == null || !directives.isArray()) {
      out.add("_aws.CloudWatchMetrics is not an array");
      return out;
    }
    for (JsonNode directive : directives) {
      JsonNode namespace = directive.get("Namespace");
      if (namespace == null
          || !namespace.isTextual()
          || namespace.asText().isEmpty()
          || namespace.asText().length() > 1024) {
        out.add("Namespace is not a string of 1 to 1024 characters");
      }
      JsonNode sets = directive.get("Dimensions");
      if (sets == null || !sets.isArray()) {
        out.add("Dimensions is not an array of dimension sets");
      } else {
        for (JsonNode set : sets) {
          if (!set.isArray()) {
            out.add("a dimension set is not an array");
            continue;
          }
          if (set.size() > 30) {
            out.add("a dimension set has more than 30 dimensions");
          }
          for (JsonNode name : set) {
            JsonNode value = root.get(name.asText());
            if (value == null || !value.isTextual()) {
              out.add("dimension '" + name.asText() + "' has no string value at the root");
            } else if (value.asText().isBlank()
                || value.asText().length() > 1024
                || !value.asText().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
              out.add("dimension '" + name.asText() + "' is not 1 to 1024 printable ASCII");
            }
          }
        }
      }
      JsonNode metrics = directive.get("Metrics");
      if (metrics == null || !metrics.isArray()) {
        out.add("Metrics is not an array");
        continue;
      }
      if (metrics.size() > 100) {
        out.add("more than 100 metrics in one directive: " + metrics.size());
      }
      Set<String> names = new HashSet<>();
      for (JsonNode metric : metrics) {
        String name = metric.path("Name").asText("");
        if (name.isEmpty() || name.length() > 1024) {
          out.add("a metric has no Name of 1 to 1024 characters");
        }
        if (!names.add(name)) {
          out.add("metric '" + name + "' is declared twice");
        }
        if (metric.has("Unit") && !UNITS.contains(metric.get("Unit").asText())) {
          out.add("metric '" + name + "' has unit '" + metric.get("Unit").asText() + "'");
        }
        JsonNode value = root.get(name);
        if (value == null) {
          out.add("metric '" + name + "' has no value at the root");
        } else if (value.isArray()) {
          if (value.size() > 100) {
            out.add("metric '" + name + "' has more than 100 values");
          }
          value.forEach(
              v -> {
                if (!v.isNumber()) {
                  out.add("metric '" + name + "' has a value that is not a number");
                }
              });
        } else if (!value.isNumber()) {
          out.add("metric '" + name + "' is not a number: " + value);
        }
      }
    }
    return out;
  }

  /**
   * The sum of metric {@code name} over the EMF documents among {@code lines} whose dimension
   * values are {@code dimensions} (exactly: a registry's series is not its endpoints').
   */
  public static double sum(List<String> lines, String name, Map<String, String> dimensions) {
    double total = 0;
    for (String line : lines) {
      if (!isEmf(line)) {
        continue;
      }
      JsonNode root = parse(line);
      if (!matches(root, dimensions) || !root.has(name)) {
        continue;
      }
      JsonNode value = root.get(name);
      if (value.isArray()) {
        for (JsonNode v : value) {
          total += v.asDouble();
        }
      } else {
        total += value.asDouble();
      }
    }
    return total;
  }

  /** The EMF documents among {@code lines}. */
  public static List<String> documents(List<String> lines) {
    return lines.stream().filter(EmfCheck::isEmf).toList();
  }

  private static JsonNode parse(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + line, e);
    }
  }

  private static boolean matches(JsonNode root, Map<String, String> dimensions) {
    for (String key : List.of("registry", "endpoint")) {
      String want = dimensions.get(key);
      JsonNode have = root.get(key);
      if (want == null ? have != null : have == null || !have.asText().equals(want)) {
        return false;
      }
    }
    return true;
  }
}
