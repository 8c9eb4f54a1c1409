package com.chittysync.emulators.notion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Injected failures: fail the next N (matching) requests with a given error, add latency, or drop
 * the connection after a write took effect. Rules are consumed in the order they were added.
 */
public final class Faults {
  private static final class Rule {
    final String method;
    final String pathPrefix;
    int remaining;
    final int status;
    final String code;
    final Integer retryAfterSeconds;

    Rule(String method, String pathPrefix, int n, int status, String code, Integer retryAfter) {
      this.method = method;
      this.pathPrefix = pathPrefix;
      this.remaining = n;
      this.status = status;
      this.code = code;
      this.retryAfterSeconds = retryAfter;
    }

    boolean matches(String m, String path) {
      return (method == null || method.equalsIgnoreCase(m))
          && (pathPrefix == null || path.startsWith(pathPrefix));
    }
  }

  private final List<Rule> failures = new ArrayList<>();
  private final List<Rule> drops = new ArrayList<>();
  private volatile Duration latency = Duration.ZERO;

  /**
   * Fails the next {@code n} requests with {@code status} and Notion error {@code code} (e.g. 500
   * internal_server_error, 502 bad_gateway, 503 service_unavailable, 504 gateway_timeout, 529
   * service_overload, 409 conflict_error). 429 and 529 carry {@code Retry-After: 1}.
   */
  public Faults failNext(int n, int status, String code) {
    return failNext(n, status, code, null, null);
  }

  /**
   * As {@link #failNext(int, int, String)} for requests with this method (null: any) and path
   * prefix (null: any).
   */
  public synchronized Faults failNext(
      int n, int status, String code, String method, String pathPrefix) {
    Integer retryAfter = status == 429 || status == 529 ? 1 : null;
    failures.add(new Rule(method, pathPrefix, n, status, code, retryAfter));
    return this;
  }

  /** Fails the next {@code n} requests with 429/529 and the given Retry-After seconds. */
  public synchronized Faults failNextWithRetryAfter(
      int n, int status, String code, int retryAfterSeconds) {
    failures.add(new Rule(null, null, n, status, code, retryAfterSeconds));
    return this;
  }

  /** Delays every request by {@code latency} before it is handled. */
  public Faults latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /**
   * For the next {@code n} write requests (POST /v1/pages, PATCH /v1/pages/..., PATCH
   * /v1/data_sources/...): perform the write, then close the connection without a response, so the
   * client cannot know the write happened.
   */
  public Faults dropAfterWrite(int n) {
    return dropAfterWrite(n, null, null);
  }

  /** As {@link #dropAfterWrite(int)}, restricted to a method (null: any) and path prefix. */
  public synchronized Faults dropAfterWrite(int n, String method, String pathPrefix) {
    drops.add(new Rule(method, pathPrefix, n, 0, null, null));
    return this;
  }

  /** Removes every pending fault and the latency. */
  public synchronized void reset() {
    failures.clear();
    drops.clear();
    latency = Duration.ZERO;
  }

  Duration currentLatency() {
    return latency;
  }

  /** Consumes a matching failure rule and returns its error, or null. */
  synchronized NotionError nextFailure(String method, String path) {
    Rule r = consume(failures, method, path);
    if (r == null) {
      return null;
    }
    NotionError e = new NotionError(r.status, r.code, messageFor(r.code));
    if (r.retryAfterSeconds != null) {
      e.withHeader("Retry-After", Integer.toString(r.retryAfterSeconds));
    }
    return e;
  }

  /** Consumes a matching drop rule; true if this write's response must be dropped. */
  synchronized boolean consumeDrop(String method, String path) {
    return consume(drops, method, path) != null;
  }

  private static Rule consume(List<Rule> rules, String method, String path) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if (r.matches(method, path)) {
        if (--r.remaining <= 0) {
          it.remove();
        }
        return r;
      }
    }
    return null;
  }

  private static String messageFor(String code) {
    return switch (code) {
      case "conflict_error" ->
          "The transaction could not be completed, potentially due to a data collision. Make sure"
              + " the parameters are up to date and try again.";
      case "rate_limited" -> "You have been rate limited. Please try again in a few minutes.";
      case "service_overload" -> "Notion is overloaded. Please try again later.";
      case "service_unavailable" -> "Notion is unavailable, please try again later.";
      case "database_connection_unavailable" -> "Notion's database is unavailable.";
      case "gateway_timeout" -> "Notion timed out while processing the request.";
      case "internal_server_error" -> "Unexpected error occurred.";
      default -> "Injected failure: " + code + ".";
    };
  }
}
