package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed file format of docs/sheets-emulator.md. */
class SeedTest {
  private SheetsEmulator emulator;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void seedCreatesSpreadsheetsTabsTypedValuesAndSharing(@TempDir Path dir) throws Exception {
    String id = "1SeededSpreadsheetId000000000000000000000000";
    Path seed = dir.resolve("seed.json");
    Files.writeString(
        seed,
        """
        { "spreadsheets": [
            { "id": "%s", "title": "Registry",
              "tabs": [
                { "title": "People", "rows": 50, "columns": 5,
                  "values": [ ["Name", "Joined", "Score", "Active", "Note"],
                              ["Ada", "2024-03-01", 12.5, true, {"string": "=not a formula"}],
                              ["Bob", {"date": "2024-03-02"}, "=C2*2", false, null] ] },
                { "title": "Raw", "input": "RAW", "values": [["=1+2", "007"]] } ] },
            { "title": "Private", "shared_with": ["someone@else.iam.gserviceaccount.com"] } ] }
        """
            .formatted(id));

    emulator.loadSeed(seed);

    assertThat(emulator.spreadsheetIds()).hasSize(2).first().isEqualTo(id);
    assertThat(emulator.gridSize(id, "People")).isEqualTo(new GridSize(50, 5));
    assertThat(emulator.gridSize(id, "Raw")).isEqualTo(new GridSize(1000, 26));
    assertThat(emulator.values(id, "People!A2:E3"))
        .containsExactly(
            List.of(
                "Ada", BigDecimal.valueOf(45352), new BigDecimal("12.5"), true, "=not a formula"),
            List.of("Bob", BigDecimal.valueOf(45353), BigDecimal.valueOf(25), false));
    assertThat(emulator.formattedValues(id, "People!B2")).containsExactly(List.of("2024-03-01"));
    assertThat(emulator.values(id, "Raw!A1:B1")).containsExactly(List.of("=1+2", "007"));
    assertThat(emulator.sheetId(id, "People")).isZero();

    Http http = new Http(emulator).login(emulator.serviceAccount());
    assertThat(http.get("v4/spreadsheets/" + id).status()).isEqualTo(200);
    String privateId = emulator.spreadsheetIds().get(1);
    assertThat(http.get("v4/spreadsheets/" + privateId).status()).isEqualTo(403);
  }

  @Test
  void aValueTheSeedCannotReadNamesItsCell() {
    assertThatThrownBy(
            () ->
                emulator.loadSeed(
                    Json.parse(
                        "{\"spreadsheets\":[{\"title\":\"x\",\"tabs\":[{\"title\":\"T\","
                            + "\"values\":[[1,{\"weird\":1}]]}]}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("T'!B1");
  }
}
