package com.chittysync.observe.metrics;

import com.chittysync.observe.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes CloudWatch Embedded Metric Format documents, within the specification's limits: at most
 * 100 metrics per document and 100 values per metric (more are split over several documents), at
 * most 30 dimensions per set (ours have two at most), values numbers, the timestamp in epoch
 * milliseconds.
 *
 * <p>One series (one set of dimension values) per document: a document's target members hold one
 * value per dimension name, so two registries cannot share one.
 */
final class EmfWriter {
  /** The specification's maximum of metrics per document. */
  static final int MAX_METRICS = 100;

  /** The specification's maximum of values in one metric's array. */
  static final int MAX_VALUES = 100;

  private EmfWriter() {}

  /** A metric's name and unit as a document declares them. */
  record Definition(String name, String unit) {
    static Definition of(Metric metric) {
      return new Definition(metric.metricName(), metric.unit().wire());
    }
  }

  static List<String> documents(
      String namespace,
      long timestampMillis,
      Map<Dimensions, Map<Definition, List<Double>>> series) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<Dimensions, Map<Definition, List<Double>>> one : series.entrySet()) {
      // Pages of at most MAX_VALUES values; page i of every metric goes into document group i, so
      // no document holds the same metric twice.
      List<Map<Definition, List<Double>>> pages = new ArrayList<>();
      one.getValue()
          .forEach(
              (metric, values) -> {
                for (int from = 0, page = 0; from < values.size(); from += MAX_VALUES, page++) {
                  while (pages.size() <= page) {
                    pages.add(new LinkedHashMap<>());
                  }
                  pages
                      .get(page)
                      .put(
                          metric, values.subList(from, Math.min(values.size(), from + MAX_VALUES)));
                }
              });
      for (Map<Definition, List<Double>> page : pages) {
        List<Map.Entry<Definition, List<Double>>> entries = new ArrayList<>(page.entrySet());
        for (int from = 0; from < entries.size(); from += MAX_METRICS) {
          out.add(
              document(
                  namespace,
                  timestampMillis,
                  one.getKey(),
                  entries.subList(from, Math.min(entries.size(), from + MAX_METRICS))));
        }
      }
    }
    return out;
  }

  private static String document(
      String namespace,
      long timestampMillis,
      Dimensions dimensions,
      List<Map.Entry<Definition, List<Double>>> metrics) {
    StringBuilder json = new StringBuilder(256 + 48 * metrics.size());
    json.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis);
    json.append(",\"CloudWatchMetrics\":[{\"Namespace\":");
    JsonText.quote(json, namespace);
    json.append(",\"Dimensions\":").append(dimensionSets(dimensions.scope()));
    json.append(",\"Metrics\":[");
    for (int i = 0; i < metrics.size(); i++) {
      Definition metric = metrics.get(i).getKey();
      json.append(i == 0 ? "" : ",").append("{\"Name\":");
      JsonText.quote(json, metric.name());
      json.append(",\"Unit\":");
      JsonText.quote(json, metric.unit());
      json.append('}');
    }
    json.append("]}]}");
    if (dimensions.registry() != null) {
      json.append(",\"registry\":");
      JsonText.quote(json, dimensions.registry());
    }
    if (dimensions.endpoint() != null) {
      json.append(",\"endpoint\":");
      JsonText.quote(json, dimensions.endpoint());
    }
    for (Map.Entry<Definition, List<Double>> metric : metrics) {
      json.append(',');
      JsonText.quote(json, metric.getKey().name());
      json.append(':');
      List<Double> values = metric.getValue();
      if (values.size() == 1) {
        number(json, values.get(0));
      } else {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            json.append(',');
          }
          number(json, values.get(i));
        }
        json.append(']');
      }
    }
    return json.append('}').toString();
  }

  /** The dimension sets a scope declares: its own and every coarser one, down to none. */
  static String dimensionSets(Metric.Scope scope) {
    return switch (scope) {
      case FUNCTION -> "[[]]";
      case REGISTRY -> "[[\"registry\"],[]]";
      case ENDPOINT -> "[[\"registry\",\"endpoint\"],[\"registry\"],[]]";
    };
  }

  private static void number(StringBuilder json, double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      json.append((long) value);
    } else {
      json.append(value);
    }
  }
}
