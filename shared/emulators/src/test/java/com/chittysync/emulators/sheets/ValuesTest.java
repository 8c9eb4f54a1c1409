package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed cells: input options, render options, serial dates, trimming, formulas. */
class ValuesTest {
  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator).login(emulator.serviceAccount());
    id = emulator.createSpreadsheet("Values");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Http.Response put(String range, String option, String valuesJson) {
    return http.put(
        "v4/spreadsheets/" + id + "/values/" + range + "?valueInputOption=" + option,
        "{\"values\":" + valuesJson + "}");
  }

  private JsonNode read(String range, String query) {
    Http.Response r = http.get("v4/spreadsheets/" + id + "/values/" + range + query);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body().get("values");
  }

  @Test
  void rawKeepsStringsExactly() {
    put("Sheet1!A1", "RAW", "[[\"=1+2\",\"3/1/2016\",\"007\",\"TRUE\",\"$5\",12.5,true]]");

    assertThat(read("Sheet1!A1:G1", "?valueRenderOption=UNFORMATTED_VALUE").toString())
        .isEqualTo("[[\"=1+2\",\"3/1/2016\",\"007\",\"TRUE\",\"$5\",12.5,true]]");
    assertThat(read("Sheet1!A1:G1", "?valueRenderOption=FORMULA").get(0).get(0).asText())
        .isEqualTo("=1+2");
  }

  @Test
  void userEnteredParsesLikeAPersonTyping() {
    put(
        "Sheet1!A1",
        "USER_ENTERED",
        "[[\"=1+2\",\"3/1/2016\",\"007\",\"true\",\"$5\",\"50%\",\"1,234.5\",\"2024-03-01\","
            + "\"'=not a formula\",\"30/20/2016\",\"2016-03-01 14:30\",\"2:30 PM\"]]");

    assertThat(read("Sheet1!A1:L1", "?valueRenderOption=UNFORMATTED_VALUE").toString())
        .isEqualTo(
            "[[3,42430,7,true,5,0.5,1234.5,45352,\"=not a formula\",\"30/20/2016\","
                + "42430.604166666664,0.6041666666666666]]");
    assertThat(read("Sheet1!A1:L1", "").toString())
        .isEqualTo(
            "[[\"3\",\"3/1/2016\",\"7\",\"TRUE\",\"$5\",\"50%\",\"1,234.5\",\"2024-03-01\","
                + "\"=not a formula\",\"30/20/2016\",\"2016-03-01 14:30:00\",\"2:30:00 PM\"]]");
  }

  @Test
  void serialDatesFollowTheDateTimeRenderOption() {
    put("Sheet1!A1", "USER_ENTERED", "[[\"3/1/2016\",\"1900-01-01 12:00\",\"=A1+1\"]]");

    assertThat(read("Sheet1!A1:C1", "?valueRenderOption=UNFORMATTED_VALUE").toString())
        .isEqualTo("[[42430,2.5,42431]]");
    assertThat(
            read(
                    "Sheet1!A1:C1",
                    "?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING")
                .toString())
        .isEqualTo("[[\"3/1/2016\",\"1900-01-01 12:00:00\",\"3/2/2016\"]]");
    // FORMATTED_VALUE ignores dateTimeRenderOption.
    assertThat(read("Sheet1!A1", "?dateTimeRenderOption=SERIAL_NUMBER").toString())
        .isEqualTo("[[\"3/1/2016\"]]");
  }

  @Test
  void trailingEmptiesAreTrimmedAndInnerEmptiesAreEmptyStrings() {
    put("Sheet1!B2", "RAW", "[[\"x\",\"\",\"y\"],[],[\"\",\"z\"]]");

    assertThat(read("Sheet1!A1:F10", "").toString())
        .isEqualTo("[[],[\"\",\"x\",\"\",\"y\"],[],[\"\",\"\",\"z\"]]");
    Http.Response empty = http.get("v4/spreadsheets/" + id + "/values/Sheet1!H1:J5");
    assertThat(empty.body().has("values")).isFalse();
  }

  @Test
  void nullSkipsACellAndEmptyStringClearsIt() {
    put("Sheet1!A1", "RAW", "[[\"a\",\"b\",\"c\"]]");

    Http.Response r = put("Sheet1!A1", "RAW", "[[null,\"\",\"C\"]]");

    assertThat(read("Sheet1!A1:C1", "").toString()).isEqualTo("[[\"a\",\"\",\"C\"]]");
    assertThat(r.body().get("updatedCells").asInt()).isEqualTo(2);
    assertThat(r.body().get("updatedRange").asText()).isEqualTo("Sheet1!A1:C1");
  }

  @Test
  void columnsMajorDimensionWritesAndReadsColumnWise() {
    http.put(
        "v4/spreadsheets/" + id + "/values/Sheet1!A1:B2?valueInputOption=RAW",
        "{\"majorDimension\":\"COLUMNS\",\"values\":[[1,3],[2,4]]}");

    assertThat(read("Sheet1!A1:B2", "?valueRenderOption=UNFORMATTED_VALUE").toString())
        .isEqualTo("[[1,2],[3,4]]");
    assertThat(
            read("Sheet1!A1:B2", "?valueRenderOption=UNFORMATTED_VALUE&majorDimension=COLUMNS")
                .toString())
        .isEqualTo("[[1,3],[2,4]]");
  }

  @Test
  void includeValuesInResponseRendersTheWrittenRange() {
    Http.Response r =
        http.put(
            "v4/spreadsheets/"
                + id
                + "/values/Sheet1!A1?valueInputOption=USER_ENTERED&includeValuesInResponse=true"
                + "&responseValueRenderOption=UNFORMATTED_VALUE",
            "{\"values\":[[\"2\",\"=A1*3\"]]}");

    assertThat(r.body().get("updatedData").toString())
        .isEqualTo("{\"range\":\"Sheet1!A1:B1\",\"majorDimension\":\"ROWS\",\"values\":[[2,6]]}");
  }

  @Test
  void formulasEvaluateOnReadAndFollowTheirInputs() {
    put(
        "Sheet1!A1",
        "USER_ENTERED",
        "[[1,2,\"=A1+B1*2\",\"=SUM(A1:C1)\",\"=CONCATENATE(UPPER(\\\"ab\\\"),LEN(\\\"xyz\\\"))\","
            + "\"=A1&\\\"-\\\"&B1\",\"=IF(A1>B1,\\\"big\\\",\\\"small\\\")\",\"=AVERAGE(A1:B1)\"]]");

    assertThat(read("Sheet1!A1:H1", "?valueRenderOption=UNFORMATTED_VALUE").toString())
        .isEqualTo("[[1,2,5,8,\"AB3\",\"1-2\",\"small\",1.5]]");

    put("Sheet1!B1", "RAW", "[[10]]");
    assertThat(read("Sheet1!C1:D1", "?valueRenderOption=UNFORMATTED_VALUE").toString())
        .isEqualTo("[[21,32]]");
  }

  @Test
  void formulaErrorsLookLikeSheets() {
    put(
        "Sheet1!A1",
        "USER_ENTERED",
        "[[\"=NOSUCH(1)\",\"=1/0\",\"=B1\",\"=C1\",\"=\\\"a\\\"+1\",\"=Other!A1\",\"=foo\"]]");

    assertThat(read("Sheet1!A1:G1", "?valueRenderOption=UNFORMATTED_VALUE").toString())
        .isEqualTo(
            "[[\"#NAME?\",\"#DIV/0!\",\"#DIV/0!\",\"#DIV/0!\",\"#VALUE!\",\"#ERROR!\",\"#NAME?\"]]");
    assertThat(read("Sheet1!A1:G1", "?valueRenderOption=FORMULA").get(0).get(5).asText())
        .isEqualTo("=Other!A1");
    // C1 reads D1 which reads C1: a cycle.
    put("Sheet1!C1", "USER_ENTERED", "[[\"=D1\",\"=C1\"]]");
    assertThat(read("Sheet1!C1:D1", "").toString()).isEqualTo("[[\"#REF!\",\"#REF!\"]]");
  }

  @Test
  void deepFormulaChainsInEitherDirectionEvaluateWithoutOverflowingTheStack() {
    int n = 5000;
    List<List<Object>> down = new ArrayList<>();
    for (int r = 1; r < n; r++) {
      // A1 = A2 + 1, A2 = A3 + 1, ... : evaluated top-down, each cell waits on the one below.
      down.add(List.of("=A" + (r + 1) + "+1", "=B" + Math.max(1, r - 1) + "+1"));
    }
    down.add(List.of(1, 1));
    emulator.setValues(id, "Sheet1!A1", down);
    emulator.humanEdit(id, "Sheet1").set("B1", 1);

    Http.Response r =
        http.get(
            "v4/spreadsheets/" + id + "/values/Sheet1!A1:B2?valueRenderOption=UNFORMATTED_VALUE");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("values").get(0).get(0).asInt()).isEqualTo(n);
    assertThat(emulator.values(id, "Sheet1!B" + (n - 1)))
        .containsExactly(List.of(BigDecimal.valueOf(n - 1)));
  }

  @Test
  void aLongCycleIsARefErrorNotAHang() {
    int n = 1000;
    List<List<Object>> cycle = new ArrayList<>();
    for (int r = 1; r <= n; r++) {
      cycle.add(List.of("=A" + (r % n + 1)));
    }
    emulator.setValues(id, "Sheet1!A1", cycle);

    Http.Response r = http.get("v4/spreadsheets/" + id + "/values/Sheet1!A1:A3");

    assertThat(r.body().get("values").toString())
        .isEqualTo("[[\"#REF!\"],[\"#REF!\"],[\"#REF!\"]]");
  }

  @Test
  void formulaTextIsNormalisedToUpperCase() {
    put("Sheet1!A1", "USER_ENTERED", "[[\"=sum(b1:b2) + $c$1\"]]");

    assertThat(emulator.formulas(id, "Sheet1!A1")).containsExactly(List.of("=SUM(B1:B2) + $C$1"));
  }

  @Test
  void writeOptionsAreValidated() {
    Http.Response missing =
        http.put("v4/spreadsheets/" + id + "/values/Sheet1!A1", "{\"values\":[[1]]}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("error").get("message").asText())
        .isEqualTo("'valueInputOption' is required but not specified");

    Http.Response badRender =
        http.get("v4/spreadsheets/" + id + "/values/Sheet1!A1?valueRenderOption=PRETTY");
    assertThat(badRender.status()).isEqualTo(400);

    Http.Response unknownField =
        http.put(
            "v4/spreadsheets/" + id + "/values/Sheet1!A1?valueInputOption=RAW",
            "{\"value\":[[1]]}");
    assertThat(unknownField.body().get("error").get("message").asText())
        .isEqualTo("Invalid JSON payload received. Unknown name \"value\": Cannot find field.");

    Http.Response nested =
        http.put(
            "v4/spreadsheets/" + id + "/values/Sheet1!A1?valueInputOption=RAW",
            "{\"values\":[[{\"a\":1}]]}");
    assertThat(nested.status()).isEqualTo(400);

    Http.Response mismatch =
        http.put(
            "v4/spreadsheets/" + id + "/values/Sheet1!A1?valueInputOption=RAW",
            "{\"range\":\"Sheet1!B1\",\"values\":[[1]]}");
    assertThat(mismatch.status()).isEqualTo(400);
  }

  @Test
  void valuesBatchUpdateIsAllOrNothing() {
    Http.Response r =
        http.post(
            "v4/spreadsheets/" + id + "/values:batchUpdate",
            "{\"valueInputOption\":\"RAW\",\"data\":[{\"range\":\"Sheet1!A1\",\"values\":[[\"x\"]]},"
                + "{\"range\":\"Sheet1!A1001\",\"values\":[[\"y\"]]}]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(emulator.values(id, "Sheet1")).isEmpty();
  }
}
