package com.chittysync.postgres;

import com.chittysync.postgres.PgColumn.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a column stores for the text form of a value ({@link PgText}), in the form its type prints
 * it back: the type's input function, the column's modifier as an assignment applies it (the length
 * of {@code varchar(n)}, the scale of {@code numeric(p,s)}, the digits of {@code timestamp(p)}),
 * then the type's output function, modelled here so that the endpoint knows what the next fetch
 * reads without asking the database. The read path ({@link PgValues#fromText}) then turns that text
 * into canonical JSON exactly as it does for a fetch.
 *
 * <p>Only input forms whose outcome is certain are modelled; anything else gives {@code null}, "not
 * known", and the endpoint then holds the value as given. That covers the forms the database
 * refuses (the op fails: there is nothing to represent), forms whose reading depends on the
 * server's version or settings (hexadecimal or underscored integers since PostgreSQL 16, dates in
 * other DateStyles, {@code 24:00:00}, leap seconds, years outside 1 to 9999, fractions exactly
 * halfway between two microseconds, which the server rounds through a double), and types not
 * modelled at all (timetz, enums, intervals, ranges, network types, domains' own checks).
 *
 * <p>It assumes what the endpoint's sessions hold: TimeZone UTC (set in every transaction),
 * DateStyle ISO (set by the JDBC driver) and PostgreSQL 12 or later, whose float output is the
 * shortest text that reads back as the same value.
 */
final class PgStored {
  /** PostgreSQL's typmod header: a typmod is the declared modifier plus this. */
  private static final int VARHDRSZ = 4;

  /** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for timestamps. */
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  /** RFC 3339 and its ISO 8601 relatives: a date, then optionally a time and a UTC offset. */
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})"
              + "(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]+))?)?"
              + "(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?");

  private static final Pattern TIME =
      Pattern.compile("([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]+))?)?");

  /** The most digits of an exponent or a scale taken here; the database's own limits are wider. */
  private static final int MAX_EXPONENT = 1000;

  private PgStored() {}

  /**
   * What a column of {@code kind}, base type {@code type} and modifier {@code typmod} prints once
   * {@code text} is written to it, or {@code null} when that is not certain.
   */
  static String output(String text, Kind kind, String type, int typmod) {
    if (text == null || text.indexOf('\0') >= 0) {
      return null; // no type takes a NUL character
    }
    return switch (kind) {
      case TEXT -> text(text, type, typmod);
      case BPCHAR -> bpchar(text, typmod);
      case UUID -> uuid(text);
      case INT -> integer(text, type);
      case NUMERIC -> numeric(text, typmod);
      case FLOAT -> floating(text, type);
      case BOOL -> bool(text);
      case DATE -> date(text);
      case TIMESTAMPTZ -> timestamp(text, true, typmod);
      case TIMESTAMP -> timestamp(text, false, typmod);
      case TIME -> "time".equals(type) ? time(text, typmod) : null;
      // json keeps its input text as it is (PgText sends valid JSON).
      case JSON -> text;
      case JSONB -> jsonb(text);
      default -> null;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // text

  private static String text(String text, String type, int typmod) {
    return switch (type) {
      case "varchar" -> limit(text, typmod);
      // name silently cuts what passes 63 bytes, at a character boundary: not modelled.
      case "name" -> text.getBytes(StandardCharsets.UTF_8).length <= 63 ? text : null;
      default -> text;
    };
  }

  /**
   * {@code text} within the length of {@code varchar(n)} or {@code char(n)}: as it is when it fits;
   * cut to {@code n} characters when all the excess is blanks (SQL's rule for an assignment);
   * {@code null} when the database refuses it.
   */
  private static String limit(String text, int typmod) {
    if (typmod < VARHDRSZ) {
      return text;
    }
    int n = typmod - VARHDRSZ;
    if (text.codePointCount(0, text.length()) <= n) {
      return text;
    }
    int cut = text.offsetByCodePoints(0, n);
    for (int i = cut; i < text.length(); i++) {
      if (text.charAt(i) != ' ') {
        return null;
      }
    }
    return text.substring(0, cut);
  }

  /** char(n) prints its value blank-padded to {@code n} characters. */
  private static String bpchar(String text, int typmod) {
    String limited = limit(text, typmod);
    if (limited == null || typmod < VARHDRSZ) {
      return limited;
    }
    int pad = typmod - VARHDRSZ - limited.codePointCount(0, limited.length());
    return pad <= 0 ? limited : limited + " ".repeat(pad);
  }

  /**
   * uuid reads 32 hex digits in either case, optionally braced, with a hyphen allowed after any
   * group of four; it prints them in lower case, hyphenated 8-4-4-4-12.
   */
  private static String uuid(String text) {
    int i = 0;
    boolean braces = text.startsWith("{");
    if (braces) {
      i = 1;
    }
    StringBuilder hex = new StringBuilder(36);
    for (int b = 0; b < 16; b++) {
      if (i + 2 > text.length()) {
        return null;
      }
      int hi = Character.digit(text.charAt(i), 16);
      int lo = Character.digit(text.charAt(i + 1), 16);
      if (hi < 0 || lo < 0 || text.charAt(i) > 'f' || text.charAt(i + 1) > 'f') {
        return null; // Character.digit takes non-ASCII digits too
      }
      hex.append(Character.forDigit(hi, 16)).append(Character.forDigit(lo, 16));
      i += 2;
      if (b == 3 || b == 5 || b == 7 || b == 9) {
        hex.append('-');
      }
      if (i < text.length() && text.charAt(i) == '-' && b % 2 == 1 && b < 15) {
        i++;
      }
    }
    if (braces) {
      if (i >= text.length() || text.charAt(i) != '}') {
        return null;
      }
      i++;
    }
    return i == text.length() ? hex.toString() : null;
  }

  // ---------------------------------------------------------------------------------------------
  // numbers

  /** smallint, integer and bigint read decimal digits with a sign, blanks around. */
  private static String integer(String text, String type) {
    String t = trim(text);
    if (!INTEGER.matcher(t).matches() || t.length() > 40) {
      return null;
    }
    BigInteger v = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
    int bits =
        switch (type) {
          case "int2" -> 16;
          case "int4" -> 32;
          default -> 64;
        };
    return v.bitLength() < bits ? v.toString() : null;
  }

  /**
   * numeric keeps a decimal exactly, with as many fraction digits as it was given ({@code 2.50});
   * {@code numeric(p,s)} rounds it to {@code s} fraction digits, halves away from zero, and refuses
   * more than {@code p - s} integer digits.
   */
  private static String numeric(String text, int typmod) {
    String t = trim(text);
    String word = t.toLowerCase(Locale.ROOT);
    if (word.equals("nan")) {
      return "NaN";
    }
    if (word.matches("[+-]?inf(inity)?")) {
      // Since PostgreSQL 14, and only where no precision is declared.
      return typmod >= VARHDRSZ ? null : word.startsWith("-") ? "-Infinity" : "Infinity";
    }
    BigDecimal v = decimal(t);
    if (v == null) {
      return null;
    }
    if (typmod >= VARHDRSZ) {
      int modifier = typmod - VARHDRSZ;
      int precision = (modifier >> 16) & 0xffff;
      int scale = ((modifier & 0x7ff) ^ 1024) - 1024; // 11 bits, signed since PostgreSQL 15
      v = v.setScale(scale, RoundingMode.HALF_UP);
      if (v.signum() != 0 && v.precision() - v.scale() > precision - scale) {
        return null; // numeric field overflow
      }
    }
    return v.setScale(Math.max(0, v.scale())).toPlainString();
  }

  /** A decimal number as numeric and JSON numbers read it, or {@code null}. */
  private static BigDecimal decimal(String t) {
    if (!DECIMAL.matcher(t).matches()) {
      return null;
    }
    BigDecimal v;
    try {
      v = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
    if (Math.abs(v.scale()) > MAX_EXPONENT || v.precision() - v.scale() > MAX_EXPONENT) {
      return null;
    }
    return v;
  }

  /**
   * real and double precision round a decimal to the nearest float or double, and print the
   * shortest text that reads back as it (which, for real, is not the double nearest the input).
   */
  private static String floating(String text, String type) {
    String t = trim(text);
    String word = t.toLowerCase(Locale.ROOT);
    switch (word) {
      case "nan" -> {
        return "NaN";
      }
      case "infinity", "+infinity", "inf", "+inf" -> {
        return "Infinity";
      }
      case "-infinity", "-inf" -> {
        return "-Infinity";
      }
      default -> {}
    }
    BigDecimal exact = decimal(t);
    if (exact == null) {
      return null;
    }
    if ("float4".equals(type)) {
      float f = Float.parseFloat(t);
      if (Float.isInfinite(f) || (f == 0 && exact.signum() != 0)) {
        return null; // out of range
      }
      return shortest(f);
    }
    double d = Double.parseDouble(t);
    if (Double.isInfinite(d) || (d == 0 && exact.signum() != 0)) {
      return null;
    }
    // Any text that reads back as the same double reads back the same: no need for the shortest.
    return Double.toString(d);
  }

  /**
   * The text real prints for {@code f}: the shortest decimal strictly inside the interval of reals
   * nearer to {@code f} than to its neighbours, the nearest to {@code f} of those (Ryū's rule, as
   * PostgreSQL's copy applies it: a decimal exactly halfway to a neighbour is never taken, even
   * where reading it would round to {@code f}).
   */
  static String shortest(float f) {
    if (f == 0) {
      return Float.floatToRawIntBits(f) < 0 ? "-0" : "0";
    }
    float magnitude = Math.abs(f);
    BigDecimal exact = new BigDecimal(magnitude);
    BigDecimal two = BigDecimal.valueOf(2);
    BigDecimal low = exact.add(new BigDecimal(Math.nextDown(magnitude))).divide(two);
    BigDecimal high = exact.add(new BigDecimal(Math.ulp(magnitude)).divide(two));
    String sign = f < 0 ? "-" : "";
    for (int digits = 1; digits <= 9; digits++) {
      BigDecimal nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      BigDecimal step = nearest.ulp();
      BigDecimal best = null;
      // Next to a power of two the interval is lopsided: the nearest candidate may miss it while
      // its neighbour on the wider side is inside.
      for (BigDecimal candidate : List.of(nearest, nearest.subtract(step), nearest.add(step))) {
        if (candidate.compareTo(low) > 0
            && candidate.compareTo(high) < 0
            && (best == null
                || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = candidate;
        }
      }
      if (best != null) {
        return sign + best;
      }
    }
    return sign + exact;
  }

  // ---------------------------------------------------------------------------------------------
  // booleans

  /**
   * boolean reads, in any case and blanks around, any prefix of true, false, yes and no, on, of[f],
   * 1 and 0; it prints t or f.
   */
  private static String bool(String text) {
    String t = trim(text).toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return null;
    }
    return switch (t.charAt(0)) {
      case 't' -> "true".startsWith(t) ? "t" : null;
      case 'f' -> "false".startsWith(t) ? "f" : null;
      case 'y' -> "yes".startsWith(t) ? "t" : null;
      case 'n' -> "no".startsWith(t) ? "f" : null;
      case 'o' -> t.equals("on") ? "t" : t.length() >= 2 && "off".startsWith(t) ? "f" : null;
      case '1' -> t.length() == 1 ? "t" : null;
      case '0' -> t.length() == 1 ? "f" : null;
      default -> null;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // dates and times

  /** A date and time of day read from text, and the UTC offset given with it, if any. */
  private record Parsed(LocalDate date, long microsOfDay, Integer offsetSeconds) {
    /** Microseconds since 1970 of the wall clock time, as if it were UTC. */
    long localMicros() {
      return date.toEpochDay() * MICROS_PER_DAY + microsOfDay;
    }
  }

  /**
   * {@code text} in RFC 3339 form (or a bare date, or a blank instead of the T), with its fraction
   * rounded to microseconds as the database rounds it; {@code null} for any other form.
   */
  private static Parsed parse(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      return null;
    }
    LocalDate date;
    try {
      date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return null;
    }
    if (m.group(4) == null) {
      return new Parsed(date, 0, null);
    }
    Long micros = timeOfDay(m.group(4), m.group(5), m.group(6), m.group(7));
    if (micros == null) {
      return null;
    }
    Integer offset = null;
    if (m.group(8) != null) {
      offset = offsetSeconds(m.group(8));
      if (offset == null) {
        return null;
      }
    }
    return new Parsed(date, micros, offset);
  }

  /**
   * Microseconds since midnight, or {@code null} for hours past 23 and leap seconds (which the
   * database reads in ways not modelled) and for fractions that lie, within a double's precision,
   * halfway between two microseconds (which it rounds through a double, half to even).
   */
  private static Long timeOfDay(String h, String m, String s, String fraction) {
    int hours = Integer.parseInt(h);
    int minutes = Integer.parseInt(m);
    int seconds = s == null ? 0 : Integer.parseInt(s);
    if (hours > 23 || minutes > 59 || seconds > 59) {
      return null;
    }
    long micros = 0;
    if (fraction != null) {
      String six = (fraction + "000000").substring(0, 6);
      micros = Long.parseLong(six);
      if (fraction.length() > 6) {
        String rest = fraction.substring(6);
        String digits = rest.length() > 12 ? rest.substring(0, 12) : rest;
        // The server rounds frac * 1e6 computed in a double: near a half, its choice is not ours.
        if (digits.startsWith("5") && rest.substring(1).chars().allMatch(c -> c == '0')
            || rest.startsWith("4999999")
            || rest.startsWith("5000000")) {
          return null;
        }
        if (rest.charAt(0) >= '5') {
          micros++; // up to a whole second, which carries into the time as it does there
        }
      }
    }
    return ((hours * 60L + minutes) * 60 + seconds) * 1_000_000 + micros;
  }

  /**
   * {@code text} with a UTC offset, as the UTC wall clock time it names, in the same form and with
   * all its fraction digits (the database rounds them); any other text as it is.
   */
  static String utcWallClock(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches() || m.group(8) == null) {
      return text;
    }
    Integer offset = offsetSeconds(m.group(8));
    LocalDateTime utc;
    try {
      utc =
          LocalDateTime.of(
                  Integer.parseInt(m.group(1)),
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3)),
                  Integer.parseInt(m.group(4)),
                  Integer.parseInt(m.group(5)))
              .minusSeconds(offset == null ? 0 : offset);
    } catch (DateTimeException e) {
      return text;
    }
    if (offset == null || utc.getYear() < 1 || utc.getYear() > 9999) {
      return text;
    }
    return String.format(
        Locale.ROOT,
        "%04d-%02d-%02dT%02d:%02d:%s%s",
        utc.getYear(),
        utc.getMonthValue(),
        utc.getDayOfMonth(),
        utc.getHour(),
        utc.getMinute(),
        m.group(6) == null ? "00" : m.group(6),
        m.group(7) == null ? "" : "." + m.group(7));
  }

  /** {@code Z}, {@code +hh}, {@code +hhmm} or {@code +hh:mm} in seconds east of UTC, or null. */
  private static Integer offsetSeconds(String zone) {
    if (zone.equals("Z")) {
      return 0;
    }
    String digits = zone.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    if (hours > 15 || minutes > 59) {
      return null;
    }
    return (zone.charAt(0) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  }

  /** date reads a date, or a date and time whose time and zone it drops. */
  private static String date(String text) {
    String t = trim(text);
    if (t.equals("infinity") || t.equals("-infinity")) {
      return t;
    }
    Parsed p = parse(t);
    if (p == null) {
      return null;
    }
    return p.date().toString();
  }

  /**
   * timestamptz reads a time with its offset (without one, in the session's zone: UTC) and prints
   * it in UTC; timestamp drops any offset given and prints the wall clock. Both keep microseconds,
   * or the {@code p} fraction digits of {@code timestamp(p)}, rounded halves away from 2000-01-01.
   */
  private static String timestamp(String text, boolean zoned, int typmod) {
    String t = trim(text);
    if (t.equals("infinity") || t.equals("-infinity")) {
      return t;
    }
    Parsed p = parse(t);
    if (p == null) {
      return null;
    }
    long micros = p.localMicros();
    if (zoned && p.offsetSeconds() != null) {
      micros -= p.offsetSeconds() * 1_000_000L;
    }
    if (typmod >= 0 && typmod < 6) {
      micros = PG_EPOCH_MICROS + roundAwayFromZero(micros - PG_EPOCH_MICROS, typmod);
    }
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long ofDay = Math.floorMod(micros, MICROS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(days);
    if (date.getYear() < 1 || date.getYear() > 9999) {
      return null;
    }
    return date + " " + clock(ofDay) + (zoned ? "+00" : "");
  }

  /** {@code micros} rounded to {@code digits} fraction digits, halves away from zero. */
  private static long roundAwayFromZero(long micros, int digits) {
    long scale = (long) Math.pow(10, 6 - digits);
    long half = scale / 2;
    return micros >= 0 ? (micros + half) / scale * scale : -(((-micros) + half) / scale * scale);
  }

  /**
   * time reads a time of day, rounds it to microseconds (or the {@code p} fraction digits of {@code
   * time(p)}, halves up), and prints it with the fraction digits that are not zero.
   */
  private static String time(String text, int typmod) {
    Matcher m = TIME.matcher(trim(text));
    if (!m.matches()) {
      return null;
    }
    Long micros = timeOfDay(m.group(1), m.group(2), m.group(3), m.group(4));
    if (micros == null) {
      return null;
    }
    if (typmod >= 0 && typmod < 6) {
      micros = roundAwayFromZero(micros, typmod);
    }
    // Rounding up from the day's last microsecond gives 24:00:00, which time holds and prints.
    return clock(micros);
  }

  /** {@code HH:MM:SS}, then the fraction without trailing zeros, as the database prints it. */
  private static String clock(long microsOfDay) {
    long seconds = microsOfDay / 1_000_000;
    long fraction = microsOfDay % 1_000_000;
    String clock =
        String.format(
            Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    if (fraction == 0) {
      return clock;
    }
    String digits = String.format(Locale.ROOT, "%06d", fraction);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return clock + "." + digits.substring(0, end);
  }

  // ---------------------------------------------------------------------------------------------
  // jsonb

  /**
   * jsonb keeps the value, not the text: object keys in its own order (shorter first, then by
   * bytes), the last of duplicate keys, numbers as numeric prints them ({@code 1.0E20} as {@code
   * 100000000000000000000}, {@code 1.50} as it is); it refuses {@code \u0000} in strings.
   */
  private static String jsonb(String text) {
    JsonNode value;
    try {
      value = PgJson.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    return jsonb(out, value) ? out.toString() : null;
  }

  private static boolean jsonb(StringBuilder out, JsonNode value) {
    if (value.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(value.size());
      value.properties().forEach(fields::add);
      fields.sort(
          Comparator.comparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), JSONB_KEYS));
      out.append('{');
      for (int i = 0; i < fields.size(); i++) {
        Map.Entry<String, JsonNode> field = fields.get(i);
        if (field.getKey().indexOf('\0') >= 0) {
          return false;
        }
        out.append(i == 0 ? "" : ", ").append(PgText.json(TextNode.valueOf(field.getKey())));
        out.append(": ");
        if (!jsonb(out, field.getValue())) {
          return false;
        }
      }
      out.append('}');
      return true;
    }
    if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        if (!jsonb(out, value.get(i))) {
          return false;
        }
      }
      out.append(']');
      return true;
    }
    if (value.isTextual()) {
      if (value.textValue().indexOf('\0') >= 0) {
        return false;
      }
      out.append(PgText.json(value));
      return true;
    }
    if (value.isNumber()) {
      BigDecimal v = decimal(value.asText());
      if (v == null) {
        return false;
      }
      out.append(v.setScale(Math.max(0, v.scale())).toPlainString());
      return true;
    }
    out.append(value.isNull() ? "null" : value.asText());
    return true;
  }

  /** jsonb's order of object keys: shorter first, then byte by byte. */
  private static final Comparator<byte[]> JSONB_KEYS =
      Comparator.<byte[]>comparingInt(b -> b.length).thenComparing(Arrays::compareUnsigned);

  // ---------------------------------------------------------------------------------------------

  /** {@code s} without the blanks (C's isspace) that input functions skip around a value. */
  private static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && space(s.charAt(start))) {
      start++;
    }
    while (end > start && space(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
  }
}
