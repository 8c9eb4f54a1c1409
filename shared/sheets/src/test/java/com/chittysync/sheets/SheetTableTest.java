package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.config.ConfigException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Headers found by text, rows by key, from a values.get answer (ragged, as the API sends it). */
class SheetTableTest {
  private static SheetsSettings settings(Map<String, String> headers, int headerRow) {
    return new SheetsSettings(
        "registries.people.endpoints.sheet",
        "sheet",
        "SID",
        "People",
        headerRow,
        headers,
        "id",
        Optional.empty(),
        3);
  }

  private static Map<String, String> natural() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("id", "Person ID");
    headers.put("name", "Name");
    headers.put("age", "Age");
    return headers;
  }

  private static List<Object> row(Object... cells) {
    return new ArrayList<>(Arrays.asList(cells));
  }

  @Test
  void columnsAreFoundByHeaderWhereverTheyAre() {
    SheetTable table =
        SheetTable.of(
            List.of(
                row("Notes", " Age ", "Name", "Person ID"),
                row("", new BigDecimal("41"), "Ann", "P1")),
            settings(natural(), 1));
    assertThat(table.layout().columns())
        .containsEntry("age", 1)
        .containsEntry("name", 2)
        .containsEntry("id", 3);
    assertThat(table.layout().keyColumn()).isEqualTo(3);
    assertThat(table.layout().firstColumn()).isZero();
    assertThat(table.rows(("P1"))).singleElement().extracting(SheetTable.Row::number).isEqualTo(2);
  }

  @Test
  void blankRowsAreSkippedRaggedRowsReadAndRowsNumberedFromTheHeader() {
    SheetTable table =
        SheetTable.of(
            List.of(
                row("Person ID", "Name", "Age"),
                row("P1", "Ann"),
                row(),
                row("", "", "", "a note in an unmapped column"),
                row("P2"),
                row("", "Nobody")),
            settings(natural(), 3));
    assertThat(table.rows()).extracting(SheetTable.Row::number).containsExactly(4, 7, 8);
    assertThat(table.rows()).extracting(SheetTable.Row::key).containsExactly("P1", "P2", null);
    assertThat(table.rows(("P1")).get(0).cell(2)).isNull();
    assertThat(table.lastRowNumber()).isEqualTo(8);
  }

  @Test
  void keysHeldByTwoRowsAreDuplicates() {
    SheetTable table =
        SheetTable.of(
            List.of(
                row("Person ID", "Name"),
                row("P1", "Ann"),
                row("P1", "Ann again"),
                row(new BigDecimal("1001"), "Num")),
            settings(Map.of("id", "Person ID", "name", "Name"), 1));
    assertThat(table.duplicates()).containsOnlyKeys("P1");
    assertThat(table.rows("1001")).hasSize(1);
  }

  @Test
  void aKeyIsReadAsTypedNeverTrimmed() {
    // The engine refuses a key with surrounding whitespace or a control character (docs/sync.md);
    // trimming it here would sync "P2 " as "P2" and drop a NUL or tab unseen.
    SheetTable table =
        SheetTable.of(
            List.of(
                row("Person ID", "Name"),
                row(" P1 ", "spaces"),
                row("P2\u0000", "trailing NUL"),
                row("\tP3", "leading tab"),
                row("   ", "only spaces")),
            settings(Map.of("id", "Person ID", "name", "Name"), 1));
    assertThat(table.rows())
        .extracting(SheetTable.Row::key)
        .containsExactly(" P1 ", "P2\u0000", "\tP3", "   ");
    assertThat(table.rows("P1")).isEmpty();
    assertThat(table.duplicates()).isEmpty();
  }

  @Test
  void headerProblemsAreNamedWithWhatTheRowHolds() {
    assertThatThrownBy(
            () ->
                SheetTable.of(
                    List.of(row("Person ID", "name", "Age", "Age")), settings(natural(), 1)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "registries.people.endpoints.sheet.fields.name: row 1 of tab 'People' has no"
                            + " header 'Name'; did you mean 'name'? (headers: Person ID, name, Age)",
                        "registries.people.endpoints.sheet.fields.age: header 'Age' is in several"
                            + " columns of row 1 of tab 'People' (C, D); rename all but one so the"
                            + " column is unambiguous"));
    assertThatThrownBy(() -> SheetTable.of(List.of(), settings(natural(), 2)))
        .hasMessage(
            "registries.people.endpoints.sheet.header_row: row 2 of tab 'People' is empty; the"
                + " headers (Person ID, Name, Age) must be in row 2 (set header_row to the row that"
                + " holds them)");
  }

  @Test
  void theManagedKeyColumnMayNotExistYet() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("id", "ChittySync key");
    headers.put("name", "Name");
    SheetTable table =
        SheetTable.of(List.of(row("", "Name"), row("", "Ann")), settings(headers, 1));
    assertThat(table.layout().keyColumn()).isEqualTo(-1);
    assertThat(table.layout().firstColumn()).isEqualTo(1);
    assertThat(table.rows()).singleElement().extracting(SheetTable.Row::key).isNull();
    SheetTable later =
        SheetTable.of(
            List.of(row("", "Name", "ChittySync key"), row("x", "Ann", "k1")),
            settings(headers, 1));
    assertThat(later.layout().keyColumn()).isEqualTo(2);
    assertThat(later.dataLeftOfHeaders()).isTrue();
  }
}
