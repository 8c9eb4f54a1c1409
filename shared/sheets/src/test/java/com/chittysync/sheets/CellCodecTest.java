package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.model.BatchGetValuesResponse;
import com.google.api.services.sheets.v4.model.ValueRange;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellCodecTest {
  static <T> T golden(String name, Class<T> type) throws Exception {
    try (InputStream in = CellCodecTest.class.getResourceAsStream("/golden/" + name)) {
      return GsonFactory.getDefaultInstance().fromInputStream(in, StandardCharsets.UTF_8, type);
    }
  }

  @Test
  void unformattedGoldenValuesReadAsTheFormattedOnesShow() throws Exception {
    // Fixture 02 is the unformatted, serial-date reading of the table fixture 01 shows formatted.
    BatchGetValuesResponse unformatted =
        golden("02-values-batchGet.response.json", BatchGetValuesResponse.class);
    ValueRange formatted = golden("01-values-get.response.json", ValueRange.class);
    List<Object> costs = unformatted.getValueRanges().get(0).getValues().get(0);
    List<Object> dates = unformatted.getValueRanges().get(1).getValues().get(0);
    assertThat(costs.get(1)).isInstanceOf(BigDecimal.class); // what the Java client gives
    DateTimeFormatter us = DateTimeFormatter.ofPattern("M/d/yyyy");
    for (int row = 1; row <= 4; row++) {
      List<Object> shown = formatted.getValues().get(row);
      JsonNode cost = CellCodec.read(FieldType.NUMBER, costs.get(row));
      assertThat(cost.decimalValue())
          .isEqualByComparingTo(shown.get(1).toString().replace("$", ""));
      JsonNode date = CellCodec.read(FieldType.DATE, dates.get(row));
      assertThat(LocalDate.parse(date.asText()))
          .isEqualTo(LocalDate.parse(shown.get(3).toString(), us));
    }
    assertThat(CellCodec.read(FieldType.DATE, dates.get(1)).asText()).isEqualTo("2016-03-01");
    assertThat(CellCodec.read(FieldType.STRING, costs.get(0)).asText()).isEqualTo("Cost");
  }

  @Test
  void cellsReadByTheirFieldsType() throws Exception {
    assertThat(CellCodec.read(FieldType.STRING, new BigDecimal("1001")))
        .isEqualTo(TextNode.valueOf("1001"));
    assertThat(CellCodec.read(FieldType.STRING, new BigDecimal("1.50")))
        .isEqualTo(TextNode.valueOf("1.5"));
    assertThat(CellCodec.read(FieldType.STRING, Boolean.TRUE)).isEqualTo(TextNode.valueOf("TRUE"));
    assertThat(
            CanonicalRecord.sameValue(
                CellCodec.read(FieldType.INTEGER, new BigDecimal("41")), IntNode.valueOf(41)))
        .isTrue();
    assertThat(
            CanonicalRecord.sameValue(
                CellCodec.read(FieldType.INTEGER, new BigDecimal("41.0")), IntNode.valueOf(41)))
        .isTrue();
    assertThat(
            CanonicalRecord.sameValue(CellCodec.read(FieldType.INTEGER, " 7 "), IntNode.valueOf(7)))
        .isTrue();
    assertThat(CellCodec.read(FieldType.NUMBER, new BigDecimal("20.5")).decimalValue())
        .isEqualByComparingTo("20.5");
    assertThat(CellCodec.read(FieldType.BOOLEAN, Boolean.FALSE)).isEqualTo(BooleanNode.FALSE);
    assertThat(CellCodec.read(FieldType.BOOLEAN, "true")).isEqualTo(BooleanNode.TRUE);
    assertThat(CellCodec.read(FieldType.DATE, "2024-02-29").asText()).isEqualTo("2024-02-29");
    assertThat(CellCodec.read(FieldType.DATE, "42430").asText()).isEqualTo("2016-03-01");
    assertThat(CellCodec.read(FieldType.DATE_TIME, new BigDecimal("33.625")).asText())
        .isEqualTo("1900-02-01T15:00:00Z");
    assertThat(CellCodec.read(FieldType.DATE_TIME, "2024-03-01T10:15:30+02:00").asText())
        .isEqualTo("2024-03-01T08:15:30Z");
    assertThat(CellCodec.read(FieldType.ARRAY, "[\"a\",\"b\"]").toString())
        .isEqualTo("[\"a\",\"b\"]");
    assertThat(CellCodec.read(FieldType.ANY, new BigDecimal("3")).isNumber()).isTrue();
    assertThat(CellCodec.read(FieldType.ANY, "=not a formula"))
        .isEqualTo(TextNode.valueOf("=not a formula"));
    assertThat(CellCodec.read(FieldType.NUMBER, "")).isNull();
    assertThat(CellCodec.read(FieldType.STRING, null)).isNull();
  }

  @Test
  void aCellThatIsNotOfItsFieldsTypeSaysWhy() {
    assertThatThrownBy(() -> CellCodec.read(FieldType.INTEGER, new BigDecimal("3.5")))
        .hasMessage("3.5 is not a whole number");
    assertThatThrownBy(() -> CellCodec.read(FieldType.NUMBER, "lots"))
        .hasMessage("'lots' is not a number");
    assertThatThrownBy(() -> CellCodec.read(FieldType.BOOLEAN, "yes"))
        .hasMessage("'yes' is not TRUE or FALSE");
    assertThatThrownBy(() -> CellCodec.read(FieldType.DATE, "next week"))
        .hasMessageStartingWith("'next week' is not a date");
    assertThatThrownBy(() -> CellCodec.read(FieldType.OBJECT, "[1]"))
        .hasMessage("'[1]' is not a JSON object");
  }

  @Test
  void rawWritesKeepTextAsTextAndTypeTheRest() throws Exception {
    assertThat(CellCodec.write(FieldType.STRING, TextNode.valueOf("=SUM(1,2)")))
        .isEqualTo("=SUM(1,2)");
    assertThat(CellCodec.write(FieldType.STRING, TextNode.valueOf("10"))).isEqualTo("10");
    assertThat(CellCodec.write(FieldType.STRING, TextNode.valueOf("3/1/2016")))
        .isEqualTo("3/1/2016");
    assertThat(CellCodec.write(FieldType.INTEGER, IntNode.valueOf(41))).isEqualTo(41L);
    assertThat(CellCodec.write(FieldType.NUMBER, Json.mapper().readTree("20.5")))
        .isEqualTo(new BigDecimal("20.5"));
    assertThat(CellCodec.write(FieldType.BOOLEAN, BooleanNode.TRUE)).isEqualTo(true);
    assertThat(CellCodec.write(FieldType.DATE, TextNode.valueOf("2016-03-01"))).isEqualTo(42430L);
    assertThat(
            (BigDecimal)
                CellCodec.write(FieldType.DATE_TIME, TextNode.valueOf("1900-02-01T15:00:00Z")))
        .isEqualByComparingTo("33.625");
    assertThat(CellCodec.write(FieldType.DATE, TextNode.valueOf("soon"))).isEqualTo("soon");
    assertThat(CellCodec.write(FieldType.ARRAY, Json.mapper().readTree("[\"a\"]")))
        .isEqualTo("[\"a\"]");
    assertThat(CellCodec.write(FieldType.STRING, null)).isEqualTo("");
  }

  @Test
  void storedFormIsWhatReadingTheWrittenCellGives() {
    assertThat(
            CellCodec.stored(FieldType.DATE_TIME, TextNode.valueOf("2024-03-01T10:15:30.123456Z"))
                .asText())
        .isEqualTo("2024-03-01T10:15:30.123Z");
    assertThat(CellCodec.stored(FieldType.DATE, TextNode.valueOf("2024-03-01")).asText())
        .isEqualTo("2024-03-01");
    assertThat(CellCodec.stored(FieldType.STRING, TextNode.valueOf(""))).isNull();
  }

  @Test
  void storedNumbersAreTheDoublesSheetsKeeps() throws Exception {
    // Every Sheets number is a double: digits past its precision do not come back.
    assertThat(
            CanonicalRecord.sameValue(
                CellCodec.stored(FieldType.INTEGER, Json.mapper().readTree("12345678901234567")),
                Json.mapper().readTree("12345678901234568")))
        .isTrue();
    assertThat(
            CellCodec.stored(FieldType.NUMBER, Json.mapper().readTree("0.333333333333333333333"))
                .decimalValue())
        .isEqualByComparingTo("0.3333333333333333");
    assertThat(CellCodec.stored(FieldType.STRING, Json.mapper().readTree("1.50")))
        .isEqualTo(TextNode.valueOf("1.5"));
    // However the JSON printed a double, it reads as one value.
    assertThat(
            CanonicalRecord.sameValue(
                CellCodec.read(FieldType.NUMBER, new BigDecimal("1.0E20")),
                CellCodec.read(FieldType.NUMBER, new BigDecimal("100000000000000000000"))))
        .isTrue();
    // Text keeps every digit.
    assertThat(
            CellCodec.stored(FieldType.NUMBER, TextNode.valueOf("0.333333333333333333333"))
                .decimalValue())
        .isEqualByComparingTo("0.333333333333333333333");
  }

  @Test
  void jsonTextKeepsEveryDigitOfItsNumbers() throws Exception {
    assertThat(
            CellCodec.read(FieldType.OBJECT, "{\"n\": 0.333333333333333333333}")
                .get("n")
                .decimalValue())
        .isEqualByComparingTo("0.333333333333333333333");
    assertThat(
            CellCodec.stored(
                    FieldType.ARRAY,
                    Json.mapper().createArrayNode().add(new BigDecimal("0.333333333333333333333")))
                .get(0)
                .decimalValue())
        .isEqualByComparingTo("0.333333333333333333333");
  }
}
