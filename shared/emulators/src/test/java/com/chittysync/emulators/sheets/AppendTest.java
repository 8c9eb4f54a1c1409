package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** values.append: finding the table, where rows land, and growing the grid. */
class AppendTest {
  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator).login(emulator.serviceAccount());
    id = emulator.createSpreadsheet("Append");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private JsonNode append(String range, String query, String valuesJson) {
    Http.Response r =
        http.post(
            "v4/spreadsheets/" + id + "/values/" + range + ":append?valueInputOption=RAW" + query,
            "{\"values\":" + valuesJson + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body();
  }

  @Test
  void anEmptySheetGetsDataAtTheRangesTopLeftAndNoTableRange() {
    JsonNode r = append("Sheet1!B3:D3", "", "[[\"a\",\"b\"]]");

    assertThat(r.has("tableRange")).isFalse();
    assertThat(r.get("updates").get("updatedRange").asText()).isEqualTo("Sheet1!B3:C3");
  }

  @Test
  void rowsGoAfterTheTableStartingAtItsFirstColumn() {
    emulator.setValues(id, "Sheet1!B2", List.of(List.of("h1", "h2"), List.of("x", "y")));

    JsonNode r = append("Sheet1!A:Z", "", "[[\"p\",\"q\"]]");

    assertThat(r.get("tableRange").asText()).isEqualTo("Sheet1!B2:C3");
    assertThat(r.get("updates").get("updatedRange").asText()).isEqualTo("Sheet1!B4:C4");
  }

  @Test
  void aBlankRowEndsTheTableSoDataAfterItIsOverwritten() {
    // A person left row 3 blank: Google's table stops at row 2 (a known gotcha).
    emulator.setValues(
        id, "Sheet1!A1", List.of(List.of("h"), List.of("one"), List.of(""), List.of("after gap")));

    JsonNode r = append("Sheet1!A1", "", "[[\"new\"],[\"newer\"]]");

    assertThat(r.get("tableRange").asText()).isEqualTo("Sheet1!A1:A2");
    assertThat(r.get("updates").get("updatedRange").asText()).isEqualTo("Sheet1!A3:A4");
    assertThat(emulator.values(id, "Sheet1!A1:A5"))
        .containsExactly(List.of("h"), List.of("one"), List.of("new"), List.of("newer"));
  }

  @Test
  void insertRowsPushesLaterDataDownAndMovesFormulaReferences() {
    emulator.setValues(
        id,
        "Sheet1!A1",
        List.of(List.of("h", "n"), List.of("a", 1), List.of(""), List.of("total", "=SUM(B2:B2)")));

    JsonNode r = append("Sheet1!A1", "&insertDataOption=INSERT_ROWS", "[[\"b\",2]]");

    assertThat(r.get("updates").get("updatedRange").asText()).isEqualTo("Sheet1!A3:B3");
    assertThat(emulator.formulas(id, "Sheet1!A1:B5"))
        .containsExactly(
            List.of("h", "n"),
            List.of("a", BigDecimal.ONE),
            List.of("b", BigDecimal.valueOf(2)),
            List.of(),
            List.of("total", "=SUM(B2:B2)"));
    assertThat(emulator.gridSize(id, "Sheet1").rows()).isEqualTo(1001);
  }

  @Test
  void overwriteAtTheEndOfTheSheetGrowsRowsAndColumns() {
    String small = "Small";
    emulator.addSheet(id, small, 3, 2);
    emulator.setValues(id, "Small!A1", List.of(List.of("h1", "h2"), List.of("a", "b")));

    JsonNode r = append(small + "!A1", "&insertDataOption=OVERWRITE", "[[1,2,3],[4,5,6],[7,8,9]]");

    assertThat(r.get("updates").get("updatedRange").asText()).isEqualTo("Small!A3:C5");
    assertThat(emulator.gridSize(id, small)).isEqualTo(new GridSize(5, 3));
    assertThat(emulator.values(id, "Small!A5:C5"))
        .containsExactly(
            List.of(BigDecimal.valueOf(7), BigDecimal.valueOf(8), BigDecimal.valueOf(9)));
  }

  @Test
  void theDefaultInsertDataOptionIsOverwrite() {
    emulator.setValues(id, "Sheet1!A1", List.of(List.of("h"), List.of(""), List.of("kept?")));

    append("Sheet1!A1", "", "[[\"x\"]]");

    assertThat(emulator.values(id, "Sheet1!A1:A3"))
        .containsExactly(List.of("h"), List.of("x"), List.of("kept?"));
    assertThat(emulator.gridSize(id, "Sheet1").rows()).isEqualTo(1000);
  }

  @Test
  void tableDetectionStartsAtTheRangesFirstRow() {
    emulator.setValues(
        id, "Sheet1!A1", List.of(List.of("title"), List.of(""), List.of("h"), List.of("r1")));

    JsonNode r = append("Sheet1!A3:B3", "", "[[\"r2\"]]");

    assertThat(r.get("tableRange").asText()).isEqualTo("Sheet1!A3:A4");
    assertThat(r.get("updates").get("updatedRange").asText()).isEqualTo("Sheet1!A5");
  }

  @Test
  void badInsertDataOptionIsRejected() {
    Http.Response r =
        http.post(
            "v4/spreadsheets/"
                + id
                + "/values/Sheet1!A1:append?valueInputOption=RAW&insertDataOption=APPEND",
            "{\"values\":[[1]]}");

    assertThat(r.status()).isEqualTo(400);
  }
}
