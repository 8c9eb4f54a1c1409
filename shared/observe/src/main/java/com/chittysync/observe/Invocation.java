package com.chittysync.observe;

import com.chittysync.observe.log.LogSettings;
import com.chittysync.observe.metrics.Metrics;
import org.slf4j.MDC;

/**
 * One handler invocation, in a try-with-resources: at its start the log context ({@code function},
 * {@code request_id}) is set and a fresh {@link Metrics} made; at its end the metrics are written
 * (also when the invocation fails: a failed run is counted) and the log context cleared, so the
 * next invocation of a warm container starts with none of it.
 *
 * <p>The metrics are written where the JSON log lines go, in Lambda always (a function's log format
 * set to text does not lose them); elsewhere only when lines are JSON.
 */
public final class Invocation implements AutoCloseable {
  private final Metrics metrics;

  private Invocation(Metrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Begins an invocation.
   *
   * @param function the function's short name ({@code diff}), used when Lambda's {@code
   *     AWS_LAMBDA_FUNCTION_NAME} is not set (tests, the CLI)
   * @param requestId Lambda's request id, or {@code null} outside Lambda
   */
  public static Invocation begin(String function, String requestId) {
    MDC.clear();
    String deployed = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    MDC.put("function", deployed != null ? deployed : function);
    if (requestId != null) {
      MDC.put("request_id", requestId);
    }
    return new Invocation(new Metrics());
  }

  /** This invocation's metrics, for the service it calls. */
  public Metrics metrics() {
    return metrics;
  }

  /** Names the registry in this invocation's log lines. */
  public Invocation registry(String registry) {
    return put("registry", registry);
  }

  /** Names the plan in this invocation's log lines. */
  public Invocation planId(Object planId) {
    return put("plan_id", planId == null ? null : planId.toString());
  }

  /** Names what triggered the sync ({@code schedule}, {@code notion.webhook}, ...). */
  public Invocation trigger(String trigger) {
    return put("trigger", trigger);
  }

  private Invocation put(String key, String value) {
    if (value != null && !value.isEmpty()) {
      MDC.put(key, value);
    }
    return this;
  }

  @Override
  public void close() {
    try {
      // In Lambda, or wherever lines are JSON; a handler run by the CLI for a person (local
      // invoke, serve) keeps its human lines free of metric documents.
      if (LogSettings.isJson() || System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
        metrics.flush(LogSettings.jsonStream());
      }
    } finally {
      MDC.clear();
    }
  }
}
