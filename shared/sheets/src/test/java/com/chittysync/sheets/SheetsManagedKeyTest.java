package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsHarness.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.sync.engine.SyncEngine;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key mapped to {@code ChittySync key}: the connector keeps the key column, adding it when the
 * tab has none and giving rows typed by hand a key of their own.
 */
class SheetsManagedKeyTest {
  private static final String FIELDS = "{id: ChittySync key, name: Name, age: Age}";

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

  @Test
  void rowsTypedByHandGetAKeyAndTheColumnIsAddedOnce() throws Exception {
    h.config("", FIELDS);
    h.type("B2", List.of(row("Ann", 41), row("Bob", 33)));
    SyncEngine.Result first = h.sync();
    assertThat(first.applied().orElseThrow().errors()).isEmpty();
    // The key column goes right of the last header (Total, column H).
    assertThat(h.sheets.values(h.spreadsheetId, "'People'!I1").get(0))
        .containsExactly("ChittySync key");
    Map<String, Map<String, Object>> sheet = h.sheetRows();
    assertThat(sheet).hasSize(2);
    assertThat(sheet.keySet()).allMatch(k -> k.matches("[0-9a-f-]{36}"));
    assertThat(h.pgRows().keySet()).isEqualTo(sheet.keySet());

    h.sql("INSERT INTO people (id, name, age) VALUES ('P9', 'Zed', 70)");
    h.type("B4", List.of(row("Cy", 29)));
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    assertThat(h.sheetRows()).hasSize(4).containsKey("P9");
    assertThat(h.pgRows()).hasSize(4);

    h.sync();
    h.sheets.requestLog().clear();
    assertThat(h.sync().plan().opCount()).isZero();
    assertThat(h.apiRequests()).hasSize(2);
  }

  @Test
  void aDryRunWritesNoKeyAndSaysTheNextSyncWill() throws Exception {
    h.config("", FIELDS);
    h.type("B2", List.of(row("Ann", 41)));
    h.sheets.requestLog().clear();
    SyncEngine.Result plan = h.sync(true);
    assertThat(h.sheets.requestLog().count(r -> r.isWrite())).isZero();
    assertThat(h.sheets.values(h.spreadsheetId, "'People'!I1")).isEmpty();
    assertThat(plan.plan().invalid()).hasSize(1);
    assertThat(plan.plan().invalid().get(0).toString()).contains("the next sync (not a dry run)");
    assertThat(h.pgRows()).isEmpty();
    // The sync that follows gives the row its key and brings it over.
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    assertThat(h.pgRows()).hasSize(1);
  }

  @Test
  void aTabWithNoColumnToSpareGrowsOneForTheKey() throws Exception {
    h.sheets.addSheet(h.spreadsheetId, "Narrow", 20, 2);
    h.sheets.setValues(h.spreadsheetId, "'Narrow'!A1", List.of(row("Name", "Age"), row("Ann", 41)));
    h.config("Narrow", "", "{id: ChittySync key, name: Name, age: Age}", "");
    h.sql("INSERT INTO people (id, name, age) VALUES ('P9', 'Zed', 70)");
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    assertThat(h.sheets.gridSize(h.spreadsheetId, "Narrow").columns()).isEqualTo(3);
    List<List<Object>> values = h.sheets.values(h.spreadsheetId, "'Narrow'!A1:C");
    assertThat(values.get(0)).containsExactly("Name", "Age", "ChittySync key");
    assertThat(values).hasSize(3);
    assertThat(values.get(2).get(0)).isEqualTo("Zed");
    assertThat((BigDecimal) values.get(2).get(1)).isEqualByComparingTo("70");
    assertThat(values.get(2).get(2)).isEqualTo("P9");
    assertThat(h.pgRows()).hasSize(2);
  }
}
