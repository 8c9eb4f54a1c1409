package com.chittysync.observe.log;

import com.chittysync.observe.JsonText;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger writing one line per event: a JSON object on stdout, or a human line on stderr (as
 * slf4j-simple wrote them: {@code INFO DiffService - message}).
 */
final class LineLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  /** The MDC keys copied into a JSON line, in order. */
  static final String[] CONTEXT = {"registry", "run_id", "plan_id", "trigger"};

  private final String shortName;

  LineLogger(String name) {
    this.name = name;
    this.shortName = name.substring(name.lastIndexOf('.') + 1);
  }

  @Override
  public boolean isTraceEnabled() {
    return LogSettings.enabled(name, Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return LogSettings.enabled(name, Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return LogSettings.enabled(name, Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return LogSettings.enabled(name, Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return LogSettings.enabled(name, Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    if (LogSettings.isJson()) {
      String line = json(Instant.now(), level, name, message, MDC.getCopyOfContextMap(), throwable);
      // The stream looked up per line: a test (or the CLI) may have replaced it.
      PrintStream out = LogSettings.jsonStream();
      out.println(line);
    } else {
      PrintStream err = System.err;
      synchronized (err) {
        err.println(level + " " + shortName + " - " + message);
        if (throwable != null) {
          throwable.printStackTrace(err);
        }
      }
    }
  }

  /** One JSON log line (without its newline). */
  static String json(
      Instant at,
      Level level,
      String logger,
      String message,
      Map<String, String> mdc,
      Throwable throwable) {
    Map<String, String> context = mdc == null ? Map.of() : mdc;
    StringBuilder out = new StringBuilder(160 + message.length());
    out.append("{\"timestamp\":");
    JsonText.quote(out, at.toString());
    out.append(",\"level\":\"").append(level).append('"');
    out.append(",\"logger\":");
    JsonText.quote(out, logger);
    out.append(",\"message\":");
    JsonText.quote(out, message);
    String function = context.get("function");
    if (function == null) {
      function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    }
    field(out, "function", function);
    field(out, "request_id", context.get("request_id"));
    for (String key : CONTEXT) {
      field(out, key, context.get(key));
    }
    if (throwable != null) {
      // Class and message only: a stack trace would spread one event over many lines, and
      // nothing below the message is for the operator.
      String text = throwable.getMessage();
      field(out, "error", throwable.getClass().getName() + (text == null ? "" : ": " + text));
    }
    return out.append('}').toString();
  }

  private static void field(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append(",\"").append(key).append("\":");
      JsonText.quote(out, value);
    }
  }
}
