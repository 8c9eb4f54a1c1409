package com.chittysync.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How pages write times, durations and numbers: UTC, to the second, unambiguous. */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  /** {@code 2026-12-07 20:31:05 UTC}. */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  /** {@code 2026-12-07 20:31}, where the caption says the zone. */
  public static String minute(Instant t) {
    return MINUTE.format(t);
  }

  /** {@code 2026-12-07T20:31:05Z}, for a {@code <time datetime>}. */
  public static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 850 ms}, {@code 12.4 s}, {@code 3 min 5 s}. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
  }

  /** {@code 1,204}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
