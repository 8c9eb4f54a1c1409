package com.chittysync.dashboard.fleet;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet page: the rows the filter keeps, counts by status over every registry, and the filter.
 *
 * @param query the name filter ({@code q}), empty for none
 * @param status the status filter's slug, empty for none
 * @param total registries before filtering
 * @param lettersPending whether the dead-letter queues were still being read when the page was
 *     rendered (their column shows it; the next refresh has them)
 */
public record FleetView(
    List<FleetRow> rows,
    Map<RegistryStatus, Integer> counts,
    int total,
    String query,
    String status,
    Instant asOf,
    boolean lettersPending) {

  /** This page's URL, filter included, for the auto-refresh. */
  public String selfUrl() {
    StringBuilder url = new StringBuilder("/?");
    if (!query.isEmpty()) {
      url.append("q=").append(URLEncoder.encode(query, StandardCharsets.UTF_8)).append('&');
    }
    if (!status.isEmpty()) {
      url.append("status=").append(status).append('&');
    }
    return url.append("fragment=1").toString();
  }
}
