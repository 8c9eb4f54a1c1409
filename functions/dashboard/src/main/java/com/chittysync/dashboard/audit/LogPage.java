package com.chittysync.dashboard.audit;

import com.chittysync.audit.log.AuditLog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /audit}: the latest checkpoint and a page of entries, newest first.
 *
 * @param checkpoint the latest signed checkpoint, if any was signed
 * @param logSize entries in the log now (the checkpoint may be older)
 * @param entries this page's entries
 * @param filters the filters in force (empty strings for none)
 * @param before the cursor this page started from ({@code before=<seq>}), if any
 * @param next the cursor of the next (older) page, when there are older entries
 */
public record LogPage(
    Optional<CheckpointView> checkpoint,
    long logSize,
    List<AuditLog.Listed> entries,
    Filters filters,
    Optional<Long> before,
    Optional<Long> next) {

  /** The filters as given in the query string. */
  public record Filters(String type, String registry, String key, String plan) {
    /** Whether any filter is set. */
    public boolean any() {
      return !(type.isEmpty() && registry.isEmpty() && key.isEmpty() && plan.isEmpty());
    }

    /** The query string of these filters, {@code &}-terminated, for links that keep them. */
    public String query() {
      StringBuilder q = new StringBuilder();
      add(q, "type", type);
      add(q, "registry", registry);
      add(q, "key", key);
      add(q, "plan", plan);
      return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
      if (!value.isEmpty()) {
        q.append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8))
            .append('&');
      }
    }
  }

  /** The URL of the next (older) page. */
  public String nextUrl() {
    return next.map(n -> "/audit?" + filters.query() + "before=" + n).orElse("");
  }

  /** The URL of the first (newest) page with the same filters. */
  public String firstUrl() {
    String q = filters.query();
    return q.isEmpty() ? "/audit" : "/audit?" + q.substring(0, q.length() - 1);
  }
}
