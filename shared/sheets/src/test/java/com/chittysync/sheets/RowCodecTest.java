package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A row read with FORMULA rendering compared with a record, as the writer judges its ops. */
class RowCodecTest {
  private static final Map<String, String> HEADERS = new LinkedHashMap<>();

  static {
    HEADERS.put("id", "Person ID");
    HEADERS.put("name", "Name");
    HEADERS.put("total", "Total");
  }

  private static final SheetsSettings SETTINGS =
      new SheetsSettings(
          "registries.people.endpoints.sheet",
          "sheet",
          "SID",
          "People",
          1,
          HEADERS,
          "id",
          Optional.empty(),
          3);

  private static final RowCodec CODEC =
      new RowCodec(
          SETTINGS,
          SchemaTypes.of(
              "{\"properties\":{\"name\":{\"type\":\"string\"},\"total\":{\"type\":\"integer\"}}}",
              "test",
              "id",
              HEADERS.keySet()));

  private static SheetTable table(Object... cells) {
    return SheetTable.of(
        List.of(
            new ArrayList<>(List.<Object>of("Person ID", "Name", "Total")),
            new ArrayList<>(Arrays.asList(cells))),
        SETTINGS);
  }

  private static CanonicalRecord person(String name, int total) {
    return new CanonicalRecord(
        "P1",
        Map.of(
            "id",
            TextNode.valueOf("P1"),
            "name",
            TextNode.valueOf(name),
            "total",
            IntNode.valueOf(total)));
  }

  @Test
  void textStartingWithEqualsIsComparedInFull() {
    SheetTable table = table("P1", "=SUM(A1)", new BigDecimal("7"));
    SheetTable.Row row = table.rows("P1").get(0);

    assertThat(CODEC.holds(row, table.layout(), person("Ann", 7), Set.of("name"))).isFalse();
    assertThat(CODEC.firstDifference(row, table.layout(), person("Ann", 7), Set.of("name")))
        .isEqualTo("name");
    assertThat(CODEC.holds(row, table.layout(), person("=B2", 7), Set.of("name"))).isFalse();
    assertThat(CODEC.holds(row, table.layout(), person("=SUM(A1)", 7), Set.of("name"))).isTrue();
  }

  @Test
  void aFormulaCellIsPassedOverUnlessTheOpWritesIt() {
    SheetTable read = table("P1", "Ann", "=LEN(B2)");
    // The grid data says that C2 (row index 1, column index 2) holds a formula.
    SheetTable table = read.withFormulas(Set.of(new SheetsClient.GridCell(1, 2)));
    SheetTable.Row row = table.rows("P1").get(0);
    assertThat(row.cell(2)).isEqualTo(new CellCodec.Formula("=LEN(B2)"));

    // Its computed value is not in this read: only an op writing it is told apart.
    assertThat(CODEC.holds(row, table.layout(), person("Ann", 3), Set.of())).isTrue();
    assertThat(CODEC.holds(row, table.layout(), person("Ann", 3), Set.of("name"))).isTrue();
    assertThat(CODEC.holds(row, table.layout(), person("Ann", 3), Set.of("total"))).isFalse();
    assertThat(CODEC.firstDifference(row, table.layout(), person("Ann", 3), Set.of("total")))
        .isEqualTo("total");
    // The same text unmarked is a value (not a whole number).
    assertThat(CODEC.holds(read.rows("P1").get(0), read.layout(), person("Ann", 3), Set.of()))
        .isFalse();
  }
}
