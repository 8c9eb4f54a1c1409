package com.chittysync.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.core.json.Json;
import com.chittysync.postgres.PgColumn.Kind;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The value conversions on their own, without a database. */
class PostgresValuesTest {
  private static final DateTimeFormatter PG =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  @Test
  void fastTimestampFormatMatchesInstantToString() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long micros = (long) (random.nextDouble() * 253_402_300_799_000_000L); // year 1970..9999
      if (i % 3 == 0) {
        micros -= micros % 1_000_000; // whole seconds
      } else if (i % 3 == 1) {
        micros -= micros % 1_000; // milliseconds
      }
      Instant instant = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
      // PostgreSQL prints the fraction without trailing zeros, and none when it is zero.
      String text = PG.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
      assertThat(PgValues.rfc3339(text + "+00", true)).isEqualTo(instant.toString());
      assertThat(PgValues.rfc3339(text, false)).isEqualTo(instant.toString());
    }
    assertThat(PgValues.rfc3339("infinity", true)).isNull();
    assertThat(PgValues.rfc3339("0044-03-15 12:00:00+00 BC", true)).isNull();
    assertThat(PgValues.rfc3339("0044-03-15 12:00:00 BC", false)).isNull();
    assertThat(PgValues.rfc3339("2024-01-01 00:00:00+02", true)).isNull();
    assertThat(PgValues.rfc3339("12024-01-01 00:00:00+00", true)).isNull();
  }

  @Test
  void jsonParserKeepsNumbersExactAndHandlesEscapes() throws Exception {
    String json =
        "{\"a\": [1, -2, 3.50, 1e3, 12345678901234567890123, -9007199254740993],"
            + " \"s\": \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\", \"t\": true,"
            + " \"f\": false, \"n\": null, \"o\": {}, \"e\": [], \"a\": [\"dup\"]}";
    JsonNode parsed = PgJson.parse(json);
    JsonNode jackson =
        Json.mapper()
            .reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .readTree(json);
    assertThat(CanonicalRecord.sameValue(parsed, jackson)).isTrue();
    assertThat(parsed.toString()).isEqualTo(jackson.toString());
    assertThat(parsed.get("s").textValue()).isEqualTo("q\"\\/\b\f\n\r\té😀");
    assertThat(parsed.get("a").get(0).textValue()).isEqualTo("dup");
    JsonNode numbers =
        PgJson.parse("[1, -2, 3.50, 1e3, 12345678901234567890123, -9007199254740993]");
    assertThat(numbers.get(2).decimalValue().toPlainString()).isEqualTo("3.50");
    assertThat(numbers.get(4).bigIntegerValue().toString()).isEqualTo("12345678901234567890123");
    assertThat(numbers.get(5).longValue()).isEqualTo(-9007199254740993L);
    assertThat(CanonicalRecord.sameValue(numbers.get(3), Json.mapper().valueToTree(1000))).isTrue();
    for (String bad : List.of("", "{", "[1,", "{\"a\" 1}", "tru", "\"x", "[1] 2", "{\"a\":1,}")) {
      assertThatThrownBy(() -> PgJson.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static PgColumn column(Kind kind, Kind element) {
    return new PgColumn(
        "f", "f", "t", "\"pg_catalog\".\"text\"", kind, element, "text", -1, false, null);
  }

  @Test
  void textFormsForTheDatabase() {
    PgColumn text = column(Kind.TEXT, Kind.OTHER);
    PgColumn json = column(Kind.JSONB, Kind.OTHER);
    PgColumn array = column(Kind.ARRAY, Kind.TEXT);
    PgColumn jsonArray = column(Kind.ARRAY, Kind.JSONB);
    assertThat(PgText.of(null, text)).isNull();
    assertThat(PgText.of(PgJson.parse("null"), text)).isNull();
    assertThat(PgText.of(PgJson.parse("\"x\""), text)).isEqualTo("x");
    assertThat(PgText.of(PgJson.parse("1.50"), text)).isEqualTo("1.50");
    assertThat(PgText.of(PgJson.parse("1E+2"), text)).isEqualTo("100");
    assertThat(PgText.of(Json.mapper().valueToTree(1.0e20), text))
        .isEqualTo("100000000000000000000");
    assertThat(PgText.of(PgJson.parse("true"), text)).isEqualTo("true");
    assertThat(PgText.of(PgJson.parse("\"x\""), json)).isEqualTo("\"x\"");
    assertThat(PgText.of(PgJson.parse("{\"a\":[1,\"\\u0001\\\"\"]}"), json))
        .isEqualTo("{\"a\":[1,\"\\u0001\\\"\"]}");
    assertThat(PgText.of(PgJson.parse("[\"a\", null, \"b\\\"c\\\\\", [\"x\"]]"), array))
        .isEqualTo("{\"a\",NULL,\"b\\\"c\\\\\",{\"x\"}}");
    assertThat(PgText.of(PgJson.parse("[]"), array)).isEqualTo("{}");
    assertThat(PgText.of(PgJson.parse("[{\"k\":1}, \"s\"]"), jsonArray))
        .isEqualTo("{\"{\\\"k\\\":1}\",\"\\\"s\\\"\"}");
  }

  @Test
  void canonicalKeys() {
    PgColumn integer = column(Kind.INT, Kind.OTHER);
    for (String good : List.of("0", "7", "-7", "9223372036854775807")) {
      assertThat(PgValues.nonCanonicalKey(good, integer)).as(good).isNull();
    }
    for (String bad :
        List.of("", "-", "-0", "007", "+7", "7.0", "1e3", " 7", "99999999999999999999")) {
      assertThat(PgValues.nonCanonicalKey(bad, integer)).as(bad).isNotNull();
    }
    PgColumn uuid = column(Kind.UUID, Kind.OTHER);
    assertThat(PgValues.nonCanonicalKey("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", uuid)).isNull();
    assertThat(PgValues.nonCanonicalKey("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", uuid)).isNotNull();
  }
}
