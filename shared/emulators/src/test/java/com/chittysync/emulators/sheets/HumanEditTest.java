package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.ValueRange;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A person editing between the connector's requests: inserts, deletes, sorts, typing. */
class HumanEditTest {
  private SheetsEmulator emulator;
  private Sheets sheets;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    sheets = GoogleClients.sheets(emulator, emulator.serviceAccount());
    id = emulator.createSpreadsheet("People", "Sheet1");
    emulator.setValues(
        id,
        "Sheet1!A1",
        List.of(
            List.of("Name", "Score", "Double"),
            List.of("Cleo", 3, "=B2*2"),
            List.of("Ada", 1, "=B3*2"),
            List.of("Bob", 2, "=B4*2"),
            List.of("Total", "", "=SUM(C2:C4)")));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static BigDecimal n(long v) {
    return BigDecimal.valueOf(v);
  }

  @Test
  void insertingRowsMovesDataAndAdjustsFormulaReferences() {
    emulator.humanEdit(id, "Sheet1").insertRows(3, 2);

    assertThat(emulator.formulas(id, "Sheet1!A1:C7"))
        .containsExactly(
            List.of("Name", "Score", "Double"),
            List.of("Cleo", n(3), "=B2*2"),
            List.of(),
            List.of(),
            List.of("Ada", n(1), "=B5*2"),
            List.of("Bob", n(2), "=B6*2"),
            List.of("Total", "", "=SUM(C2:C6)"));
    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1002, 26));
    assertThat(emulator.values(id, "Sheet1!C7")).containsExactly(List.of(n(12)));
  }

  @Test
  void deletingRowsShrinksRangesAndBreaksReferencesToDeletedCells() {
    emulator.setValues(id, "Sheet1!D3", List.of(List.of("=C3+1")));
    emulator.humanEdit(id, "Sheet1").deleteRows(3, 1);

    assertThat(emulator.formulas(id, "Sheet1!A1:D4"))
        .containsExactly(
            List.of("Name", "Score", "Double"),
            List.of("Cleo", n(3), "=B2*2"),
            List.of("Bob", n(2), "=B3*2"),
            List.of("Total", "", "=SUM(C2:C3)"));
    assertThat(emulator.values(id, "Sheet1!A4:C4")).containsExactly(List.of("Total", "", n(10)));
    assertThat(emulator.gridSize(id, "Sheet1").rows()).isEqualTo(999);
  }

  @Test
  void aReferenceToADeletedRowBecomesRefError() {
    emulator.setValues(id, "Sheet1!E1", List.of(List.of("=B3+1")));
    emulator.humanEdit(id, "Sheet1").deleteRows(3, 1);

    assertThat(emulator.formulas(id, "Sheet1!E1")).containsExactly(List.of("=#REF!+1"));
    assertThat(emulator.values(id, "Sheet1!E1")).containsExactly(List.of("#REF!"));
  }

  @Test
  void sortingMovesFormulasWithTheirRows() {
    emulator.humanEdit(id, "Sheet1").sortRows(2, 0, true);

    assertThat(emulator.formulas(id, "Sheet1!A1:C4"))
        .containsExactly(
            List.of("Name", "Score", "Double"),
            List.of("Ada", n(1), "=B2*2"),
            List.of("Bob", n(2), "=B3*2"),
            List.of("Cleo", n(3), "=B4*2"));
    // "Total" sorts after the names (text order), keeping its SUM.
    assertThat(emulator.values(id, "Sheet1!A5:C5")).containsExactly(List.of("Total", "", n(12)));
  }

  @Test
  void sortingDescendingByNumberPutsEmptyCellsLast() {
    emulator.humanEdit(id, "Sheet1").sortRows(2, 1, false);

    assertThat(emulator.values(id, "Sheet1!A2:A5"))
        .containsExactly(List.of("Cleo"), List.of("Bob"), List.of("Ada"), List.of("Total"));
  }

  @Test
  void setAndClearRowActLikeTyping() {
    emulator
        .humanEdit(id, "Sheet1")
        .set("B3", "42")
        .set("D1", "3/1/2016")
        .set("Z1001", "grows the grid")
        .clearRow(4);

    assertThat(emulator.values(id, "Sheet1!A3:D4")).containsExactly(List.of("Ada", n(42), n(84)));
    assertThat(emulator.values(id, "Sheet1!D1")).containsExactly(List.of(n(42430)));
    assertThat(emulator.formattedValues(id, "Sheet1!D1")).containsExactly(List.of("3/1/2016"));
    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1001, 26));
  }

  @Test
  void aPersonSortsBetweenTheConnectorsReadAndItsRowDelete() throws Exception {
    // The connector reads, decides row 3 (Ada) must go, but a person sorts first: the delete
    // then hits whoever is in row 3 now. This is the hazard Sheets' docs warn about.
    ValueRange read = sheets.spreadsheets().values().get(id, "Sheet1!A2:A4").execute();
    assertThat(read.getValues().get(1)).containsExactly("Ada");
    emulator.beforeNextRequest(
        r -> r.is("POST", ":batchUpdate"),
        () -> emulator.humanEdit(id, "Sheet1").sortRows(2, 0, false));

    sheets
        .spreadsheets()
        .batchUpdate(
            id,
            new BatchUpdateSpreadsheetRequest()
                .setRequests(
                    List.of(
                        new Request()
                            .setDeleteDimension(
                                new DeleteDimensionRequest()
                                    .setRange(
                                        new DimensionRange()
                                            .setSheetId(0)
                                            .setDimension("ROWS")
                                            .setStartIndex(2)
                                            .setEndIndex(3))))))
        .execute();

    // Sorted descending: Total, Cleo, Bob, Ada → row 3 was Cleo.
    assertThat(emulator.values(id, "Sheet1!A2:A4"))
        .containsExactly(List.of("Total"), List.of("Bob"), List.of("Ada"));
  }

  @Test
  void beforeNextRequestRunsOnceOnTheFirstMatchingRequestOnly() throws Exception {
    int[] runs = new int[1];
    emulator.beforeNextRequest(r -> r.isRead(), () -> runs[0]++);

    sheets.spreadsheets().values().get(id, "Sheet1!A1").execute();
    sheets.spreadsheets().values().get(id, "Sheet1!A1").execute();

    assertThat(runs[0]).isEqualTo(1);
  }

  @Test
  void anEditBeforeTheReadIsSeenByThatRead() throws Exception {
    emulator.beforeNextRequest(
        r -> r.isRead(), () -> emulator.humanEdit(id, "Sheet1").insertRows(2, 1).set("A2", "Eve"));

    ValueRange read = sheets.spreadsheets().values().get(id, "Sheet1!A2:A3").execute();

    assertThat(read.getValues()).containsExactly(List.of("Eve"), List.of("Cleo"));
  }
}
