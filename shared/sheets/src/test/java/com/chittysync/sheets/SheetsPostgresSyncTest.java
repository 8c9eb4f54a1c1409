package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsHarness.row;
import static com.chittysync.sheets.SheetsHarness.valuesGet;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.emulators.sheets.RecordedRequest;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.SyncEngine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tab and a PostgreSQL table kept in sync both ways through the engine, against the Sheets
 * emulator over real HTTP with the official Google client: typed values, dates, formulas, blank
 * rows, rows sorted, inserted and deleted by hand (between syncs, and between the read and the
 * write), and the request budget.
 */
class SheetsPostgresSyncTest {
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

  private static void assertConverged(SyncEngine.Result result) {
    assertThat(result.applied().orElseThrow().errors()).isEmpty();
    assertThat(result.plan().invalid()).isEmpty();
  }

  private static BigDecimal serial(String date) {
    return BigDecimal.valueOf(SerialDates.serial(LocalDate.parse(date)));
  }

  @Test
  void typedValuesDatesAndFormulasFlowBothWays() {
    h.type(
        "A2",
        List.of(
            row("P1", "Ann", 41, LocalDate.parse("1985-04-12"), true, 20.5, "", "=C2*2"),
            row("P2", "Bob", 33, LocalDate.parse("1990-01-02"), false)));
    h.sql(
        "INSERT INTO people VALUES ('P3', 'Cy', 29, '2001-09-09', true, 3.25,"
            + " '2024-03-01T10:15:30.5Z', NULL), ('P4', '=SUM(1,2)', NULL, NULL, NULL, NULL, NULL, NULL)");

    assertConverged(h.sync());

    Map<String, String> ann = h.pgRows().get("P1");
    assertThat(ann)
        .containsEntry("name", "Ann")
        .containsEntry("age", "41")
        .containsEntry("born", "1985-04-12")
        .containsEntry("active", "t")
        .containsEntry("score", "20.5")
        .containsEntry("total", "82");
    assertThat(h.pgRows().get("P2")).containsEntry("active", "f").containsEntry("total", null);
    Map<String, Object> cy = h.sheetRows().get("P3");
    assertThat(cy.get("Name")).isEqualTo("Cy");
    assertThat((BigDecimal) cy.get("Age")).isEqualByComparingTo("29");
    assertThat((BigDecimal) cy.get("Born")).isEqualByComparingTo(serial("2001-09-09"));
    assertThat(cy.get("Active")).isEqualTo(true);
    assertThat((BigDecimal) cy.get("Score")).isEqualByComparingTo("3.25");
    assertThat(SerialDates.instant((BigDecimal) cy.get("Seen")))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30.500Z"));
    // Text that looks like a formula is written RAW: it stays text.
    assertThat(h.sheetFormulas().get("P4").get("Name")).isEqualTo("=SUM(1,2)");
    assertThat(h.sheetRows().get("P4").get("Name")).isEqualTo("=SUM(1,2)");
    assertThat(h.sheetFormulas().get("P1").get("Total")).isEqualTo("=C2*2");

    assertConverged(h.sync());
    h.sheets.requestLog().clear();
    SyncEngine.Result quiet = h.sync();
    assertThat(quiet.plan().opCount()).isZero();
    // Nothing changed: one values.get of the whole tab, plus the tab's properties.
    assertThat(h.apiRequests()).hasSize(2);
    assertThat(h.sheets.requestLog().count(valuesGet("UNFORMATTED_VALUE"))).isEqualTo(1);
    assertThat(h.sheets.requestLog().count(r -> r.path().endsWith(h.spreadsheetId))).isEqualTo(1);
  }

  @Test
  void aHundredChangedRowsCostAtMostFourRequests() {
    h.sql(
        "INSERT INTO people (id, name, age) SELECT 'K' || g, 'Name ' || g, g % 90"
            + " FROM generate_series(1, 300) g");
    h.sheets.requestLog().clear();
    assertConverged(h.sync());
    // The import: properties, read, confirming read, one append.
    assertThat(h.apiRequests()).as(h.apiRequests().toString()).hasSize(4);
    assertThat(h.sheetRows()).hasSize(300);
    h.sql("UPDATE people SET name = 'Changed ' || id WHERE substr(id, 2)::int % 3 = 0");
    h.sheets.requestLog().clear();
    SyncEngine.Result result = h.sync();
    assertConverged(result);
    assertThat(result.applied().orElseThrow().applied()).isEqualTo(100);
    List<RecordedRequest> requests = h.apiRequests();
    assertThat(requests).as(requests.toString()).hasSizeLessThanOrEqualTo(4);
    assertThat(requests.stream().filter(r -> r.path().endsWith("values:batchUpdate"))).hasSize(1);
    assertThat(requests.get(requests.size() - 1).body()).contains("\"valueInputOption\":\"RAW\"");
    assertThat(h.sheetRows().get("K3").get("Name")).isEqualTo("Changed K3");
    assertThat(h.sheetRows().get("K4").get("Name")).isEqualTo("Name 4");
  }

  @Test
  void formulaCellsAreReadButNeverOverwritten() {
    h.type("A2", List.of(row("P1", "Ann", 41, "", "", "", "", "=C2*2")));
    assertConverged(h.sync());
    assertThat(h.pgRows().get("P1")).containsEntry("total", "82");

    // An input of the formula changes elsewhere: the formula's new result comes back.
    h.sql("UPDATE people SET age = 50 WHERE id = 'P1'");
    assertConverged(h.sync());
    assertConverged(h.sync());
    assertThat(h.pgRows().get("P1")).containsEntry("age", "50").containsEntry("total", "100");

    // The formula's own cell changes elsewhere: the op fails, saying why; the formula stays.
    h.sql("UPDATE people SET total = 5, name = 'Ann B' WHERE id = 'P1'");
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().failed()).isEqualTo(1);
    assertThat(result.applied().orElseThrow().errors().toString())
        .contains(
            "column 'Total' (H2) holds a formula, '=C2*2', which ChittySync never overwrites");
    assertThat(h.sheetFormulas().get("P1").get("Total")).isEqualTo("=C2*2");
    assertThat(h.sheetRows().get("P1").get("Name")).isEqualTo("Ann");
  }

  @Test
  void blankRowsAreSkippedAndRaggedRowsRead() {
    h.type("A2", List.of(row("P1", "Ann", 41)));
    h.type("A5", List.of(row("P2"), row(), row("P3", "Cy", "", "", "", "", "", "")));
    h.type("J9", List.of(row("a note beside the table")));
    SyncEngine.Result result = h.sync();
    assertConverged(result);
    assertThat(h.pgRows()).containsOnlyKeys("P1", "P2", "P3");
    assertThat(h.pgRows().get("P2")).containsEntry("name", null);
  }

  @Test
  void rowsSortedInsertedAndDeletedByHandBetweenSyncsKeepTheirRecords() {
    h.type(
        "A2",
        List.of(
            row("P1", "Ann", 41),
            row("P2", "Bob", 33),
            row("P3", "Cy", 29),
            row("P4", "Dee", 52),
            row("P5", "Eve", 18),
            row("P6", "Fay", 60),
            row("P7", "Gus", 44),
            row("P8", "Hal", 37)));
    assertConverged(h.sync());
    h.sheets
        .humanEdit(h.spreadsheetId, SheetsHarness.TAB)
        .sortRows(2, 2, false)
        .insertRows(4, 2)
        .set("A4", "P9")
        .set("B4", "Ivy")
        .deleteRows(8, 1);
    String deleted =
        h.pgRows().keySet().stream()
            .filter(k -> !h.sheetRows().containsKey(k))
            .findFirst()
            .orElseThrow();
    h.sql("UPDATE people SET name = 'Bob Jr' WHERE id = 'P2'");
    assertConverged(h.sync());
    assertThat(h.pgRows()).containsKey("P9").doesNotContainKey(deleted).hasSize(8);
    assertThat(h.sheetRows().get("P2").get("Name")).isEqualTo("Bob Jr");
    assertSameEverywhere();
  }

  @Test
  void rowsMovedBetweenTheReadAndTheWriteAreFoundByKey() {
    h.type(
        "A2",
        List.of(
            row("P1", "Ann", 41),
            row("P2", "Bob", 33),
            row("P3", "Cy", 29),
            row("P4", "Dee", 52),
            row("P5", "Eve", 18),
            row("P6", "Fay", 60)));
    assertConverged(h.sync());
    h.sql("UPDATE people SET name = 'Bea' WHERE id = 'P2'");
    h.sql("UPDATE people SET age = 99 WHERE id = 'P5'");
    h.sql("DELETE FROM people WHERE id = 'P4'");
    h.sql("INSERT INTO people (id, name) VALUES ('P7', 'Gus')");
    // A person sorts and inserts rows after the sync read the tab, before it writes.
    h.sheets.beforeNextRequest(
        valuesGet("FORMULA"),
        () ->
            h.sheets
                .humanEdit(h.spreadsheetId, SheetsHarness.TAB)
                .sortRows(2, 1, false)
                .insertRows(3, 1)
                .set("A3", "P8")
                .set("B3", "Hal"));
    assertConverged(h.sync());
    Map<String, Map<String, Object>> sheet = h.sheetRows();
    assertThat(sheet.get("P2").get("Name")).isEqualTo("Bea");
    assertThat((BigDecimal) sheet.get("P5").get("Age")).isEqualByComparingTo("99");
    assertThat(sheet).doesNotContainKey("P4").containsKeys("P7", "P8");
    assertThat(sheet.get("P6").get("Name")).isEqualTo("Fay");
    assertConverged(h.sync());
    assertSameEverywhere();
  }

  @Test
  void aRowEditedOrDeletedBetweenTheReadAndTheWriteIsNotWrittenTo() {
    h.type("A2", List.of(row("P1", "Ann", 41), row("P2", "Bob", 33), row("P3", "Cy", 29)));
    assertConverged(h.sync());
    h.sql("UPDATE people SET name = 'Ann B' WHERE id = 'P1'");
    h.sql("UPDATE people SET name = 'Cy B' WHERE id = 'P3'");
    h.sheets.beforeNextRequest(
        valuesGet("FORMULA"),
        () ->
            h.sheets
                .humanEdit(h.spreadsheetId, SheetsHarness.TAB)
                .set("C2", 42) // P1's age, typed by hand
                .deleteRows(4, 1)); // P3's row
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().stale()).isEqualTo(2);
    assertThat(result.applied().orElseThrow().errors().toString())
        .contains("changed since the plan was made (column 'Age')")
        .contains("no row of tab 'People' holds key 'P3' any more");
    Map<String, Map<String, Object>> sheet = h.sheetRows();
    assertThat(sheet.get("P1").get("Name")).isEqualTo("Ann");
    assertThat(sheet.get("P2").get("Name")).isEqualTo("Bob");
    assertThat(sheet).doesNotContainKey("P3");
    // The next run merges the person's edits with the others.
    h.sync();
    h.sync();
    assertThat(h.sheetRows().get("P1").get("Name")).isEqualTo("Ann B");
    assertThat((BigDecimal) h.sheetRows().get("P1").get("Age")).isEqualByComparingTo("42");
    assertSameEverywhere();
  }

  @Test
  void duplicateAndMissingKeysAreReportedAndNotSynced() {
    h.type(
        "A2",
        List.of(
            row("P1", "Ann"),
            row("P2", "Bob"),
            row("P1", "Ann again"),
            row("", "Nobody"),
            row("P3", "Cy", "forty")));
    SyncEngine.Result result = h.sync();
    assertThat(h.pgRows()).containsOnlyKeys("P2");
    List<Plan.Invalid> invalid = result.plan().invalid();
    assertThat(invalid.toString())
        .contains("rows 2, 4 of tab 'People' all hold key 'P1' in column 'Person ID' (A)")
        .contains("row 5 of tab 'People' has values but no key in column 'Person ID' (A5)")
        .contains("row 6, column 'Age' (C6): 'forty' is not a whole number");
  }

  @Test
  void rowsDeletedInPostgresAreDeletedBottomUpInOneRequest() {
    h.type(
        "A2",
        List.of(
            row("P1", "Ann"),
            row("P2", "Bob"),
            row("P3", "Cy"),
            row("P4", "Dee"),
            row("P5", "Eve"),
            row("P6", "Fay")));
    assertConverged(h.sync());
    h.sql("DELETE FROM people WHERE id IN ('P2', 'P3', 'P5')");
    h.sheets.requestLog().clear();
    assertConverged(h.sync());
    assertThat(h.keyColumn("Person ID")).containsExactly("P1", "P4", "P6");
    assertThat(
            h.sheets
                .requestLog()
                .count(r -> r.path().endsWith(":batchUpdate") && !r.path().contains("values")))
        .isEqualTo(1);
  }

  @Test
  void fieldsTheTabDoesNotMapAreLeftAloneElsewhere() throws Exception {
    // The tab holds only names; PostgreSQL also holds ages, which must survive every sync.
    h.config("", "{id: Person ID, name: Name}");
    Path file = dir.resolve("chittysync.yaml");
    Files.writeString(
        file,
        Files.readString(file)
            .replace("fields: {id: id, name: name}", "fields: {id: id, name: name, age: age}"));
    h.type("A2", List.of(row("P1", "Ann")));
    h.sql("INSERT INTO people (id, name, age) VALUES ('P2', 'Bob', 33)");
    assertConverged(h.sync());
    h.sql("UPDATE people SET age = 34 WHERE id = 'P1'");
    h.type("B3", List.of(row("Bob B")));
    assertConverged(h.sync());
    assertConverged(h.sync());
    assertThat(h.pgRows().get("P1")).containsEntry("age", "34");
    assertThat(h.pgRows().get("P2")).containsEntry("age", "33").containsEntry("name", "Bob B");
    assertThat(h.sheetRows().get("P2").get("Age")).isEqualTo("");
  }

  private void assertSameEverywhere() {
    Map<String, Map<String, String>> pg = h.pgRows();
    Map<String, Map<String, Object>> sheet = h.sheetRows();
    assertThat(sheet.keySet()).isEqualTo(pg.keySet());
    pg.forEach(
        (key, row) -> {
          assertThat(String.valueOf(sheet.get(key).get("Name")))
              .as(key)
              .isEqualTo(row.get("name") == null ? "" : row.get("name"));
          Object age = sheet.get(key).get("Age");
          assertThat(age instanceof BigDecimal b ? b.toBigInteger().toString() : "")
              .as(key)
              .isEqualTo(row.get("age") == null ? "" : row.get("age"));
        });
  }
}
