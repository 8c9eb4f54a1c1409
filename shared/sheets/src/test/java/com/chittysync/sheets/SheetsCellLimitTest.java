package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsHarness.append;
import static com.chittysync.sheets.SheetsHarness.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.sheets.GridSize;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.RunStatus;
import com.chittysync.sync.state.jdbc.JdbcRunLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Google's limit of 10,000,000 cells per spreadsheet (every tab's rows × columns, empty cells too):
 * new rows that would take the spreadsheet over it are refused, all of them, before anything is
 * written, saying why; the rest of the sync goes on. The spreadsheet is brought near the limit by a
 * tab with a huge, empty grid, which costs the emulator nothing.
 */
class SheetsCellLimitTest {
  @TempDir Path dir;
  private SheetsHarness h;

  @BeforeEach
  void open() throws Exception {
    h = new SheetsHarness(dir);
  }

  @AfterEach
  void close() {
    h.close();
  }

  /** Adds a one-column tab that leaves {@code room} cells under the limit. */
  private void fillUpTo(long room) {
    long rows = CellLimit.MAX_CELLS - room - h.sheets.cells(h.spreadsheetId);
    h.sheets.addSheet(h.spreadsheetId, "Archive", Math.toIntExact(rows), 1);
    assertThat(h.sheets.cells(h.spreadsheetId)).isEqualTo(CellLimit.MAX_CELLS - room);
  }

  private void somePeople() {
    h.type("A2", List.of(row("P1", "Ann", 41), row("P2", "Bob", 33), row("P3", "Cy", 29)));
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
  }

  @Test
  void aSyncThatWouldTakeASpreadsheetOverItsCellLimitIsRefusedBeforeAnyWrite() throws Exception {
    somePeople();
    // Two new rows of the tab's 26 columns need 52 cells; 51 are left.
    fillUpTo(51);
    h.sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee'), ('P5', 'Eve')");
    h.type("A5", List.of(row("P6", "Fay", 50))); // typed in the tab: PostgreSQL still gets it
    Map<String, Map<String, Object>> before = h.sheetRows();
    h.sheets.requestLog().clear();

    SyncEngine.Result result = h.sync();

    assertThat(result.applied().orElseThrow().failed()).isEqualTo(2);
    assertThat(result.applied().orElseThrow().errors())
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e)
                    .contains(
                        "spreadsheet "
                            + h.spreadsheetId
                            + " holds 9,999,949 cells (every tab's rows × columns, empty cells"
                            + " too) and would hold 10,000,001 after appending 2 row(s) of 26"
                            + " columns to tab 'People'; Google Sheets holds at most 10,000,000"
                            + " cells per spreadsheet, so none of the 2 new row(s) was appended."
                            + " Split the registry across spreadsheets, or make room"));
    assertThat(h.sheets.requestLog().count(r -> r.isWrite())).isZero();
    assertThat(h.sheets.requestLog().count(append())).isZero();
    assertThat(h.sheetRows()).isEqualTo(before);
    assertThat(h.sheets.gridSize(h.spreadsheetId, "People")).isEqualTo(new GridSize(1000, 26));
    assertThat(h.pgRows()).containsOnlyKeys("P1", "P2", "P3", "P4", "P5", "P6");
    assertThat(h.pgRows().get("P6").get("name")).isEqualTo("Fay");
    assertThat(result.converged()).isFalse();
    assertThat(result.reasons()).contains("2 op(s) failed");
    RunLog.RunSummary run = new JdbcRunLog(h.database).recentRuns(Optional.of("people"), 1).get(0);
    assertThat(run.status()).isEqualTo(RunStatus.ATTENTION);
    assertThat(Json.mapper().readTree(run.counts()).get("failed").asInt()).isEqualTo(2);

    // A person deletes the empty tab, and so makes room: the next sync appends the new rows.
    h.sheets.deleteSheet(h.spreadsheetId, "Archive");
    h.sheets.requestLog().clear();
    SyncEngine.Result next = h.sync();
    assertThat(next.applied().orElseThrow().errors()).isEmpty();
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2", "P3", "P4", "P5", "P6");
    assertThat(h.sheets.requestLog().count(append())).isEqualTo(1);
  }

  @Test
  void updatesAndDeletesOfRowsInTheTabStillApplyWhenItsNewRowsDoNotFit() {
    somePeople();
    fillUpTo(51);
    h.sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee'), ('P5', 'Eve')");
    h.sql("UPDATE people SET name = 'Bob B' WHERE id = 'P2'");
    h.sql("DELETE FROM people WHERE id = 'P3'");
    h.sheets.requestLog().clear();

    SyncEngine.Result result = h.sync();

    assertThat(result.applied().orElseThrow().failed()).isEqualTo(2);
    assertThat(result.applied().orElseThrow().errors())
        .allSatisfy(e -> assertThat(e).contains("none of the 2 new row(s) was appended"));
    assertThat(h.sheets.requestLog().count(append())).isZero();
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2");
    assertThat(h.sheetRows().get("P2").get("Name")).isEqualTo("Bob B");
    assertThat(h.sheets.gridSize(h.spreadsheetId, "People")).isEqualTo(new GridSize(999, 26));
  }

  @Test
  void newRowsThatFitToTheLastCellAreAppended() {
    somePeople();
    fillUpTo(52);
    h.sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee'), ('P5', 'Eve')");

    SyncEngine.Result result = h.sync();

    assertThat(result.applied().orElseThrow().errors()).isEmpty();
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2", "P3", "P4", "P5");
    assertThat(h.sheets.cells(h.spreadsheetId)).isEqualTo(CellLimit.MAX_CELLS);
  }

  @Test
  void googlesOwnRefusalWhenAnotherTabGrewMeanwhileFailsTheNewRowsSayingWhy() {
    somePeople();
    fillUpTo(52);
    h.sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee'), ('P5', 'Eve')");
    // A person grows another tab after the connector read the grids, just before the append.
    h.sheets.beforeNextRequest(append(), () -> h.sheets.addSheet(h.spreadsheetId, "Notes", 1, 1));

    SyncEngine.Result result = h.sync();

    assertThat(result.applied().orElseThrow().errors())
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e)
                    .contains(
                        "HTTP 400 INVALID_ARGUMENT: This action would increase the number of cells"
                            + " in the workbook above the limit of 10000000 cells. (spreadsheet "
                            + h.spreadsheetId
                            + " is full"));
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2", "P3");
    assertThat(h.pgRows()).containsOnlyKeys("P1", "P2", "P3", "P4", "P5");
  }

  @Test
  void theManagedKeyColumnCountsAndIsNotAddedWhenTheNewRowsWouldNotFitWithIt() throws Exception {
    // A tab exactly as wide as its headers: the key column would grow it by one column.
    h.sheets.addSheet(h.spreadsheetId, "Narrow", 20, 2);
    h.sheets.setValues(h.spreadsheetId, "'Narrow'!A1", List.of(row("Name", "Age")));
    h.config("Narrow", "", "{id: ChittySync key, name: Name, age: Age}", "");
    // 22 rows × 2 columns fit, 22 rows × 3 columns (66 cells, 26 more) do not.
    fillUpTo(25);
    h.sql("INSERT INTO people (id, name, age) VALUES ('P8', 'Yan', 60), ('P9', 'Zed', 70)");
    h.sheets.requestLog().clear();

    SyncEngine.Result result = h.sync();

    assertThat(result.applied().orElseThrow().errors())
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e)
                    .contains("after appending 2 row(s) of 3 columns to tab 'Narrow'")
                    .contains("(grown for its 'ChittySync key' column)"));
    assertThat(h.sheets.requestLog().count(r -> r.isWrite())).isZero();
    assertThat(h.sheets.gridSize(h.spreadsheetId, "Narrow")).isEqualTo(new GridSize(20, 2));
    assertThat(h.sheets.values(h.spreadsheetId, "'Narrow'!A1:C"))
        .containsExactly(List.of("Name", "Age"));
  }
}
