package com.chittysync.schedule;

import com.chittysync.sync.config.ScheduleExpressions;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a registry's {@code schedule:} next fires after a given time. Expressions are EventBridge's:
 * {@code rate(N unit)} or {@code cron(minutes hours day-of-month month day-of-week year)} in UTC.
 *
 * <p>The scheduler uses it to tell which registries are due; the dashboard to show when each is
 * next asked for. Stateless and thread-safe.
 */
public final class Schedules {
  private static final Pattern RATE = Pattern.compile("rate\\(([1-9][0-9]{0,8}) ([a-z]+?)s?\\)");
  private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");

  /** EventBridge's cron: Quartz without seconds, with a year; day-of-week 1-7 is SUN-SAT. */
  private static final CronDefinition EVENTBRIDGE =
      CronDefinitionBuilder.defineCron()
          .withMinutes()
          .withValidRange(0, 59)
          .and()
          .withHours()
          .withValidRange(0, 23)
          .and()
          .withDayOfMonth()
          .withValidRange(1, 31)
          .supportsL()
          .supportsW()
          .supportsLW()
          .supportsQuestionMark()
          .and()
          .withMonth()
          .withValidRange(1, 12)
          .and()
          .withDayOfWeek()
          .withValidRange(1, 7)
          .withMondayDoWValue(2)
          .supportsHash()
          .supportsL()
          .supportsQuestionMark()
          .and()
          .withYear()
          .withValidRange(1970, 2199)
          .and()
          .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
          .instance();

  private static final CronParser PARSER = new CronParser(EVENTBRIDGE);

  private Schedules() {}

  /**
   * The first time after {@code after} that {@code expression} fires; empty when it never fires
   * again (a cron whose years are past).
   *
   * @throws IllegalArgumentException when the expression is not valid (config validation has
   *     normally caught it)
   */
  public static Optional<Instant> next(String expression, Instant after) {
    ScheduleExpressions.problem(expression)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    Matcher rate = RATE.matcher(expression);
    if (rate.matches()) {
      long n = Long.parseLong(rate.group(1));
      Duration unit =
          switch (rate.group(2)) {
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
          };
      return Optional.of(after.plus(unit.multipliedBy(n)));
    }
    Matcher cron = CRON.matcher(expression);
    if (!cron.matches()) {
      throw new IllegalArgumentException("not a schedule expression: " + expression);
    }
    ExecutionTime times = ExecutionTime.forCron(PARSER.parse(cron.group(1).strip().toUpperCase()));
    return times.nextExecution(after.atZone(ZoneOffset.UTC)).map(t -> t.toInstant());
  }
}
