package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** spreadsheets.batchUpdate: dimension requests, tabs, atomicity, replies. */
class SpreadsheetBatchUpdateTest {
  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator).login(emulator.serviceAccount());
    id = emulator.createSpreadsheet("Dims");
    emulator.setValues(
        id,
        "Sheet1!A1",
        List.of(
            List.of("k", "v"),
            List.of("r2", 2),
            List.of("r3", 3),
            List.of("r4", 4),
            List.of("r5", 5),
            List.of("r6", 6),
            List.of("sum", "=SUM(B2:B6)"),
            List.of("ref", "=B4")));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Http.Response batch(String requestsJson) {
    return http.post(
        "v4/spreadsheets/" + id + ":batchUpdate", "{\"requests\":" + requestsJson + "}");
  }

  private static String deleteRows(int start, int end) {
    return "{\"deleteDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"ROWS\",\"startIndex\":"
        + start
        + ",\"endIndex\":"
        + end
        + "}}}";
  }

  @Test
  void deletingRowsBottomUpKeepsEarlierIndexesValid() {
    // Delete sheet rows 5 and 3 (indexes 4 and 2), highest first, in one atomic batch.
    Http.Response r = batch("[" + deleteRows(4, 5) + "," + deleteRows(2, 3) + "]");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("replies").toString()).isEqualTo("[{},{}]");
    assertThat(emulator.formulas(id, "Sheet1!A1:B6"))
        .containsExactly(
            List.of("k", "v"),
            List.of("r2", BigDecimal.valueOf(2)),
            List.of("r4", BigDecimal.valueOf(4)),
            List.of("r6", BigDecimal.valueOf(6)),
            List.of("sum", "=SUM(B2:B4)"),
            List.of("ref", "=B3"));
    assertThat(emulator.values(id, "Sheet1!B5")).containsExactly(List.of(BigDecimal.valueOf(12)));
    assertThat(emulator.gridSize(id, "Sheet1").rows()).isEqualTo(998);
  }

  @Test
  void deletingTheReferencedRowLeavesRefError() {
    batch("[" + deleteRows(3, 4) + "]");

    assertThat(emulator.formulas(id, "Sheet1!B7")).containsExactly(List.of("=#REF!"));
    assertThat(emulator.values(id, "Sheet1!B7")).containsExactly(List.of("#REF!"));
  }

  @Test
  void insertingRowsInsideARangeWidensIt() {
    batch(
        "[{\"insertDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"ROWS\",\"startIndex\":3,"
            + "\"endIndex\":5},\"inheritFromBefore\":true}}]");

    assertThat(emulator.formulas(id, "Sheet1!B9:B10"))
        .containsExactly(List.of("=SUM(B2:B8)"), List.of("=B6"));
    assertThat(emulator.gridSize(id, "Sheet1").rows()).isEqualTo(1002);
  }

  @Test
  void aFailingRequestRollsBackTheWholeBatch() {
    Http.Response r =
        batch(
            "["
                + deleteRows(1, 3)
                + ",{\"appendDimension\":{\"sheetId\":0,\"dimension\":\"ROWS\",\"length\":5}},"
                + "{\"deleteDimension\":{\"range\":{\"sheetId\":99,\"dimension\":\"ROWS\","
                + "\"startIndex\":0,\"endIndex\":1}}}]");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").get("message").asText())
        .isEqualTo("Invalid requests[2].deleteDimension: No grid with id: 99");
    assertThat(emulator.values(id, "Sheet1!A2")).containsExactly(List.of("r2"));
    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1000, 26));
  }

  @Test
  void dimensionIndexesAreValidated() {
    assertThat(batch("[" + deleteRows(999, 1001) + "]").status()).isEqualTo(400);
    assertThat(batch("[" + deleteRows(0, 1000) + "]").body().get("error").get("message").asText())
        .isEqualTo(
            "Invalid requests[0].deleteDimension: You can't delete all the rows on the sheet.");
    assertThat(
            batch(
                    "[{\"insertDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"ROWS\","
                        + "\"startIndex\":0,\"endIndex\":1},\"inheritFromBefore\":true}}]")
                .status())
        .isEqualTo(400);
    assertThat(batch("[]").status()).isEqualTo(400);
    assertThat(batch("[{\"frobnicate\":{}}]").body().get("error").get("message").asText())
        .isEqualTo(
            "Invalid JSON payload received. Unknown name \"frobnicate\" at 'requests[0]': Cannot"
                + " find field.");
    assertThat(batch("[{\"repeatCell\":{}}]").status()).isEqualTo(400);
  }

  @Test
  void columnsCanBeDeletedAndInserted() {
    batch(
        "[{\"insertDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"COLUMNS\",\"startIndex\":1,"
            + "\"endIndex\":2}}}]");
    assertThat(emulator.formulas(id, "Sheet1!A7:C7"))
        .containsExactly(List.of("sum", "", "=SUM(C2:C6)"));

    batch(
        "[{\"deleteDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"COLUMNS\",\"startIndex\":1,"
            + "\"endIndex\":2}}}]");
    assertThat(emulator.formulas(id, "Sheet1!A7:B7"))
        .containsExactly(List.of("sum", "=SUM(B2:B6)"));
    assertThat(emulator.gridSize(id, "Sheet1").columns()).isEqualTo(26);
  }

  @Test
  void addSheetRepliesWithItsPropertiesAndTabsCanBeRenamedAndResized() {
    Http.Response r =
        batch(
            "[{\"addSheet\":{\"properties\":{\"title\":\"Log\",\"gridProperties\":{\"rowCount\":10,"
                + "\"columnCount\":3}}}}]");

    JsonNode props = r.body().get("replies").get(0).get("addSheet").get("properties");
    assertThat(props.get("title").asText()).isEqualTo("Log");
    assertThat(props.get("index").asInt()).isEqualTo(1);
    assertThat(props.get("sheetId").asInt()).isPositive();
    assertThat(props.get("gridProperties").toString())
        .isEqualTo("{\"rowCount\":10,\"columnCount\":3}");

    int logId = props.get("sheetId").asInt();
    batch(
        "[{\"updateSheetProperties\":{\"properties\":{\"sheetId\":"
            + logId
            + ",\"title\":\"Audit Log\",\"gridProperties\":{\"rowCount\":20}},"
            + "\"fields\":\"title,gridProperties.rowCount\"}}]");
    assertThat(emulator.gridSize(id, "Audit Log")).isEqualTo(new GridSize(20, 3));

    Http.Response dup = batch("[{\"addSheet\":{\"properties\":{\"title\":\"sheet1\"}}}]");
    assertThat(dup.status()).isEqualTo(400);
  }

  @Test
  void includeSpreadsheetInResponseReturnsTheNewState() {
    Http.Response r =
        http.post(
            "v4/spreadsheets/" + id + ":batchUpdate",
            "{\"requests\":[{\"appendDimension\":{\"sheetId\":0,\"dimension\":\"COLUMNS\","
                + "\"length\":4}}],\"includeSpreadsheetInResponse\":true}");

    assertThat(
            r.body()
                .get("updatedSpreadsheet")
                .get("sheets")
                .get(0)
                .get("properties")
                .get("gridProperties")
                .get("columnCount")
                .asInt())
        .isEqualTo(30);
  }

  @Test
  void spreadsheetsGetHonoursRangesGridDataAndFieldMasks() {
    emulator.addSheet(id, "Other", 5, 5);

    Http.Response masked =
        http.get("v4/spreadsheets/" + id + "?fields=sheets(properties(sheetId,title))");
    assertThat(masked.body().toString())
        .isEqualTo(
            "{\"sheets\":[{\"properties\":{\"sheetId\":0,\"title\":\"Sheet1\"}},"
                + "{\"properties\":{\"sheetId\":"
                + emulator.sheetId(id, "Other")
                + ",\"title\":\"Other\"}}]}");

    Http.Response one = http.get("v4/spreadsheets/" + id + "?ranges=Other!A1:B2");
    assertThat(one.body().get("sheets")).hasSize(1);

    Http.Response grid =
        http.get("v4/spreadsheets/" + id + "?ranges=Sheet1!A7:B7&includeGridData=true");
    JsonNode cells = grid.body().get("sheets").get(0).get("data").get(0);
    assertThat(cells.get("startRow").asInt()).isEqualTo(6);
    JsonNode sum = cells.get("rowData").get(0).get("values").get(1);
    assertThat(sum.get("userEnteredValue").get("formulaValue").asText()).isEqualTo("=SUM(B2:B6)");
    assertThat(sum.get("effectiveValue").get("numberValue").asDouble()).isEqualTo(20.0);
    assertThat(sum.get("formattedValue").asText()).isEqualTo("20");

    Http.Response all = http.get("v4/spreadsheets/" + id + "?fields=*");
    assertThat(all.body().get("spreadsheetId").asText()).isEqualTo(id);
    Http.Response idOnly = http.get("v4/spreadsheets/" + id + "?fields=spreadsheetId");
    assertThat(idOnly.body().toString()).isEqualTo("{\"spreadsheetId\":\"" + id + "\"}");

    Http.Response bad = http.get("v4/spreadsheets/" + id + "?fields=sheets.nope");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(
            bad.body()
                .get("error")
                .get("details")
                .get(0)
                .get("fieldViolations")
                .get(0)
                .get("description")
                .asText())
        .isEqualTo(
            "Error expanding 'fields' parameter. Cannot find matching fields for path 'sheets.nope'.");
  }

  @Test
  void spreadsheetsCreateIsSharedWithTheCaller() {
    Http.Response r =
        http.post(
            "v4/spreadsheets",
            "{\"properties\":{\"title\":\"New\"},\"sheets\":[{\"properties\":{\"title\":\"Data\"}}]}");

    String newId = r.body().get("spreadsheetId").asText();
    assertThat(emulator.title(newId)).isEqualTo("New");
    assertThat(http.get("v4/spreadsheets/" + newId + "/values/Data!A1").status()).isEqualTo(200);
  }
}
