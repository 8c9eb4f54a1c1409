package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsHarness.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell holding a formula against a cell holding text that starts with {@code =}, through the
 * endpoint against the emulator: the formula is never overwritten (its op fails, saying so), the
 * text is a value like any other and is overwritten by an update.
 */
class SheetsFormulasTest {
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

  private SheetsEndpoint endpoint() {
    RegistryConfig registry = h.service().config(Optional.empty()).registry("people");
    return new SheetsEndpointType(null, new Backoff(5, 40))
        .open(registry.endpoints().get("sheet"), registry, h.context());
  }

  private static CanonicalRecord fetched(SheetsEndpoint sheet, String key) {
    FetchResult result = sheet.fetch(FetchRequest.fullScan());
    assertThat(result.problems()).isEmpty();
    return result.records().stream()
        .filter(r -> r.key().equals(key))
        .map(RemoteRecord::record)
        .findFirst()
        .orElseThrow();
  }

  private static OpResult.Outcome outcome(List<OpResult> results) {
    assertThat(results).hasSize(1);
    return results.get(0).outcome();
  }

  private static JsonNode text(String s) {
    return TextNode.valueOf(s);
  }

  @Test
  void formulaLookingTextIsOverwrittenByAnUpdate() {
    CanonicalRecord created =
        new CanonicalRecord("P1", Map.of("id", text("P1"), "name", text("=SUM(A1)")));
    try (SheetsEndpoint sheet = endpoint()) {
      assertThat(outcome(sheet.apply(List.of(new Op.Create(1, "P1", created)))))
          .isEqualTo(OpResult.Outcome.APPLIED);
      CanonicalRecord held = fetched(sheet, "P1");
      assertThat(held.get("name")).isEqualTo(text("=SUM(A1)"));

      // Another text that looks like a formula, then plain text: both are written.
      Op.Update toOtherFormulaText =
          new Op.Update(2, "P1", "P1", held, Map.of("name", text("=B2")));
      assertThat(outcome(sheet.apply(List.of(toOtherFormulaText))))
          .isEqualTo(OpResult.Outcome.APPLIED);
      held = fetched(sheet, "P1");
      assertThat(held.get("name")).isEqualTo(text("=B2"));
      Op.Update toText = new Op.Update(3, "P1", "P1", held, Map.of("name", text("Ann")));
      assertThat(outcome(sheet.apply(List.of(toText)))).isEqualTo(OpResult.Outcome.APPLIED);

      assertThat(fetched(sheet, "P1").get("name")).isEqualTo(text("Ann"));
      assertThat(h.sheetFormulas().get("P1").get("Name")).isEqualTo("Ann");
      // The same update again finds its target in place.
      assertThat(outcome(sheet.apply(List.of(toText)))).isEqualTo(OpResult.Outcome.ALREADY_APPLIED);
    }
  }

  @Test
  void updateOfACellHoldingARealFormulaFails() {
    h.type("A2", List.of(row("P1", "Ann", 41, "", "", "", "", "=C2*2")));
    try (SheetsEndpoint sheet = endpoint()) {
      CanonicalRecord held = fetched(sheet, "P1");
      assertThat(held.get("total").asInt()).isEqualTo(82);

      List<OpResult> results =
          sheet.apply(
              List.of(
                  new Op.Update(
                      1, "P1", "P1", held, Map.of("total", Json.mapper().valueToTree(5)))));

      assertThat(outcome(results)).isEqualTo(OpResult.Outcome.FAILED);
      assertThat(results.get(0).error())
          .contains(
              "row 2 (key 'P1'): column 'Total' (H2) holds a formula, '=C2*2', which ChittySync"
                  + " never overwrites");
      assertThat(h.sheetFormulas().get("P1").get("Total")).isEqualTo("=C2*2");
    }
  }

  @Test
  void anUpdateBesideARealFormulaIsWrittenAndLeavesTheFormula() {
    h.type("A2", List.of(row("P1", "Ann", 41, "", "", "", "", "=C2*2")));
    try (SheetsEndpoint sheet = endpoint()) {
      CanonicalRecord held = fetched(sheet, "P1");
      Op.Update rename = new Op.Update(1, "P1", "P1", held, Map.of("name", text("=Ann")));

      assertThat(outcome(sheet.apply(List.of(rename)))).isEqualTo(OpResult.Outcome.APPLIED);
      assertThat(outcome(sheet.apply(List.of(rename)))).isEqualTo(OpResult.Outcome.ALREADY_APPLIED);

      assertThat(h.sheetFormulas().get("P1"))
          .containsEntry("Name", "=Ann")
          .containsEntry("Total", "=C2*2");
      assertThat(fetched(sheet, "P1").get("total").asInt()).isEqualTo(82);
    }
  }

  @Test
  void aCreateMeetingItsKeyInARowWithARealFormulaIsStale() {
    h.type("A2", List.of(row("P1", "Ann", 41, "", "", "", "", "=C2*2")));
    CanonicalRecord target =
        new CanonicalRecord(
            "P1",
            Map.of(
                "id",
                text("P1"),
                "name",
                text("Ann"),
                "age",
                Json.mapper().valueToTree(41),
                "total",
                Json.mapper().valueToTree(82)));
    try (SheetsEndpoint sheet = endpoint()) {
      // A create writes every column as a value: a row with a formula is not its target.
      assertThat(outcome(sheet.apply(List.of(new Op.Create(1, "P1", target)))))
          .isEqualTo(OpResult.Outcome.STALE);
      assertThat(h.sheetFormulas().get("P1").get("Total")).isEqualTo("=C2*2");
    }
  }
}
