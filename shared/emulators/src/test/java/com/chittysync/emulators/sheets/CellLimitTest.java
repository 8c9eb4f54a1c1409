package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cell limit: a request that would take a spreadsheet's grids (every tab's rows × columns) over
 * it is refused with Google's 400 and changes nothing. A limit of 30,000 cells stands for Google's
 * 10,000,000; the spreadsheet starts with one 1000 × 26 tab, 26,000 cells.
 */
class CellLimitTest {
  private static final String REFUSED =
      "This action would increase the number of cells in the workbook above the limit of 30000"
          + " cells.";

  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator).login(emulator.serviceAccount());
    id = emulator.createSpreadsheet("Limit");
    emulator.setValues(id, "Sheet1!A1", List.of(List.of("k", "v"), List.of("a", "one")));
    emulator.cellLimit(30_000);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Http.Response batch(String requestJson) {
    return http.post(
        "v4/spreadsheets/" + id + ":batchUpdate", "{\"requests\":[" + requestJson + "]}");
  }

  private Http.Response append(int rows) {
    StringBuilder values = new StringBuilder("[");
    for (int i = 0; i < rows; i++) {
      values.append(i == 0 ? "" : ",").append("[\"n").append(i).append("\",\"x\"]");
    }
    return http.post(
        "v4/spreadsheets/"
            + id
            + "/values/Sheet1!A1:B1:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS",
        "{\"values\":" + values.append("]") + "}");
  }

  private static void assertRefused(Http.Response r, String prefix) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.body().get("error").get("status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(r.body().get("error").get("message").asText()).isEqualTo(prefix + REFUSED);
  }

  @Test
  void theDefaultLimitIsGooglesTenMillionCells() {
    try (SheetsEmulator fresh = SheetsEmulator.start()) {
      assertThat(fresh.cellLimit()).isEqualTo(10_000_000L);
    }
    assertThat(emulator.cells(id)).isEqualTo(26_000L);
  }

  @Test
  void anAppendThatWouldTakeTheSpreadsheetOverTheLimitWritesNothing() {
    // 154 rows × 26 columns = 4,004 cells more: 30,004.
    Http.Response r = append(154);

    assertRefused(r, "");
    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1000, 26));
    assertThat(emulator.values(id, "Sheet1!A1:B200"))
        .containsExactly(List.of("k", "v"), List.of("a", "one"));
  }

  @Test
  void anAppendThatFitsUnderTheLimitIsWritten() {
    // 153 rows × 26 columns = 3,978 cells more: 29,978.
    Http.Response r = append(153);

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1153, 26));
    assertThat(emulator.cells(id)).isEqualTo(29_978L);
  }

  @Test
  void growingAGridOverTheLimitIsRefusedWhateverTheRequest() {
    assertRefused(
        batch("{\"appendDimension\":{\"sheetId\":0,\"dimension\":\"COLUMNS\",\"length\":5}}"),
        "Invalid requests[0].appendDimension: ");
    assertRefused(
        batch(
            "{\"insertDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"ROWS\","
                + "\"startIndex\":1,\"endIndex\":200}}}"),
        "Invalid requests[0].insertDimension: ");
    assertRefused(
        batch(
            "{\"updateSheetProperties\":{\"properties\":{\"sheetId\":0,"
                + "\"gridProperties\":{\"rowCount\":2000}},\"fields\":\"gridProperties.rowCount\"}}"),
        "Invalid requests[0].updateSheetProperties: ");
    assertRefused(
        batch(
            "{\"addSheet\":{\"properties\":{\"title\":\"More\","
                + "\"gridProperties\":{\"rowCount\":1000,\"columnCount\":5}}}}"),
        "Invalid requests[0].addSheet: ");

    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1000, 26));
    assertThat(emulator.cells(id)).isEqualTo(26_000L);
  }

  @Test
  void aBatchWhoseLaterRequestGoesOverTheLimitUndoesItsEarlierOnes() {
    Http.Response r =
        batch(
            "{\"appendDimension\":{\"sheetId\":0,\"dimension\":\"ROWS\",\"length\":100}},"
                + "{\"appendDimension\":{\"sheetId\":0,\"dimension\":\"ROWS\",\"length\":100}}");

    assertRefused(r, "Invalid requests[1].appendDimension: ");
    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1000, 26));
  }

  @Test
  void aBatchThatShrinksOneTabToGrowAnotherWithinTheLimitIsApplied() {
    // Delete 500 rows (13,000 cells), then add a 500 × 26 tab: 26,000 in all again.
    Http.Response r =
        batch(
            "{\"deleteDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"ROWS\","
                + "\"startIndex\":500,\"endIndex\":1000}}},"
                + "{\"addSheet\":{\"properties\":{\"title\":\"More\","
                + "\"gridProperties\":{\"rowCount\":500,\"columnCount\":26}}}}");

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(emulator.cells(id)).isEqualTo(26_000L);
  }

  @Test
  void creatingASpreadsheetOverTheLimitIsRefused() {
    int before = emulator.spreadsheetIds().size();

    Http.Response r =
        http.post(
            "v4/spreadsheets",
            "{\"properties\":{\"title\":\"Huge\"},\"sheets\":[{\"properties\":{\"title\":\"T\","
                + "\"gridProperties\":{\"rowCount\":2000,\"columnCount\":26}}}]}");

    assertRefused(r, "");
    assertThat(emulator.spreadsheetIds()).hasSize(before);
  }

  @Test
  void aSpreadsheetAlreadyOverALoweredLimitMayStillShrink() {
    emulator.cellLimit(10_000);

    Http.Response r =
        batch(
            "{\"deleteDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"ROWS\","
                + "\"startIndex\":100,\"endIndex\":1000}}}");

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(emulator.cells(id)).isEqualTo(2_600L);
  }
}
