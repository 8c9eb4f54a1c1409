package com.chittysync.sync.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the {@code schedule:} setting, which is an Amazon EventBridge schedule expression: {@code
 * rate(N unit)} or {@code cron(minutes hours day-of-month month day-of-week year)}.
 *
 * <p>Rates are checked strictly, as EventBridge does: {@code N} is a positive whole number without
 * leading zeros, and the unit is {@code minute}, {@code hour} or {@code day} when {@code N} is 1
 * and {@code minutes}, {@code hours} or {@code days} otherwise. Cron expressions are checked
 * minimally: six space-separated fields of the characters EventBridge allows.
 */
public final class ScheduleExpressions {
  private static final Pattern RATE = Pattern.compile("rate\\(([1-9][0-9]{0,8}) ([a-z]+)\\)");
  private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
  private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*?,/#L W-]+");

  private ScheduleExpressions() {}

  /** What is wrong with {@code expression}, or empty when EventBridge would accept it. */
  public static Optional<String> problem(String expression) {
    Matcher rate = RATE.matcher(expression);
    if (rate.matches()) {
      boolean one = rate.group(1).equals("1");
      String unit = rate.group(2);
      String base = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
      if (!base.equals("minute") && !base.equals("hour") && !base.equals("day")) {
        return Optional.of(
            "rate unit must be minute(s), hour(s) or day(s), got '" + expression + "'");
      }
      if (one && unit.endsWith("s")) {
        return Optional.of("a rate of 1 takes a singular unit: rate(1 " + base + ")");
      }
      if (!one && !unit.endsWith("s")) {
        return Optional.of(
            "a rate above 1 takes a plural unit: rate(" + rate.group(1) + " " + base + "s)");
      }
      return Optional.empty();
    }
    Matcher cron = CRON.matcher(expression);
    if (cron.matches()) {
      String body = cron.group(1).strip();
      String[] fields = body.isEmpty() ? new String[0] : body.split(" +");
      if (fields.length != 6) {
        return Optional.of(
            "cron(...) takes 6 fields (minutes hours day-of-month month day-of-week year), got "
                + fields.length
                + " in '"
                + expression
                + "'");
      }
      for (String field : fields) {
        if (!CRON_FIELD.matcher(field).matches()) {
          return Optional.of(
              "cron field '" + field + "' has characters EventBridge does not allow");
        }
      }
      return Optional.empty();
    }
    return Optional.of(
        "must be rate(N minute|minutes|hour|hours|day|days) or cron(...) with 6 fields, got '"
            + expression
            + "'");
  }
}
