package com.chittysync.observe.log;

import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * How log lines are written: JSON or human text, and from which level.
 *
 * <p>Defaults from the environment: JSON when running in Lambda ({@code AWS_LAMBDA_FUNCTION_NAME}
 * set) or when {@code CHITTYSYNC_LOG_FORMAT=json}, human text otherwise; the level from {@code
 * CHITTYSYNC_LOG_LEVEL} (default {@code info}). Lambda's own {@code LogFormat} can stay {@code
 * Text}: our lines are JSON already, and CloudWatch Logs Insights parses a JSON line whatever
 * Lambda's setting; Lambda's JSON format would wrap each of them in a second object.
 *
 * <p>Library chatter (HikariCP, Flyway) stays at WARN, as it did under slf4j-simple: operators read
 * our own lines.
 */
public final class LogSettings {
  private static final Map<String, Level> QUIET =
      Map.of("com.zaxxer.hikari", Level.WARN, "org.flywaydb", Level.WARN);

  private static volatile boolean json = defaultJson(System.getenv());
  private static volatile boolean jsonToStderr;
  private static volatile Level level = defaultLevel(System.getenv());

  private LogSettings() {}

  /** JSON lines on stdout from now on (Lambda's default; the CLI's {@code --log-json}). */
  public static void json() {
    json = true;
    jsonToStderr = false;
  }

  /**
   * JSON lines on stderr from now on: the CLI's {@code --log-json}, whose stdout is the command's
   * own output (a report a script may parse).
   */
  public static void jsonOnStderr() {
    json = true;
    jsonToStderr = true;
  }

  /** Where JSON lines (and the metrics written beside them) go now. */
  public static java.io.PrintStream jsonStream() {
    return jsonToStderr ? System.err : System.out;
  }

  /** Human lines on stderr from now on (the CLI's default). */
  public static void text() {
    json = false;
  }

  /** Whether lines are JSON. */
  public static boolean isJson() {
    return json;
  }

  /** The lowest level written from now on. */
  public static void level(Level threshold) {
    level = threshold;
  }

  /** Whether {@code logger} writes lines at {@code at}. */
  static boolean enabled(String logger, Level at) {
    Level threshold = level;
    for (Map.Entry<String, Level> quiet : QUIET.entrySet()) {
      if (logger.startsWith(quiet.getKey()) && quiet.getValue().toInt() > threshold.toInt()) {
        threshold = quiet.getValue();
      }
    }
    return at.toInt() >= threshold.toInt();
  }

  static boolean defaultJson(Map<String, String> env) {
    String format = env.get("CHITTYSYNC_LOG_FORMAT");
    if (format != null && !format.isBlank()) {
      return format.trim().equalsIgnoreCase("json");
    }
    return env.get("AWS_LAMBDA_FUNCTION_NAME") != null;
  }

  static Level defaultLevel(Map<String, String> env) {
    String name = env.get("CHITTYSYNC_LOG_LEVEL");
    if (name == null || name.isBlank()) {
      return Level.INFO;
    }
    try {
      return Level.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }
}
