package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsHarness.append;
import static com.chittysync.sheets.SheetsHarness.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.sync.engine.SyncEngine;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quota refusals, lost answers, crashes mid-apply and refusals of access, against the emulator: no
 * row is misplaced or duplicated, and every error says what to do.
 */
class SheetsFailuresTest {
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

  private void somePeople() {
    h.type("A2", List.of(row("P1", "Ann", 41), row("P2", "Bob", 33), row("P3", "Cy", 29)));
  }

  @Test
  void quotaRefusalsAreWaitedOutWithNoFailedOp() {
    somePeople();
    h.sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee'), ('P5', 'Eve')");
    h.sheets.faults().failNext(429, 2); // the properties and the read
    h.sheets.faults().failNext(429, 1, r -> r.isWrite()); // the append
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().errors()).isEmpty();
    assertThat(h.sheets.requestLog().count(r -> r.status() == 429)).isEqualTo(3);
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2", "P3", "P4", "P5");
    assertThat(h.pgRows()).containsOnlyKeys("P1", "P2", "P3", "P4", "P5");
  }

  @Test
  void writesRefusedForeverFailTheirOpsClearlyAndMisplaceNothing() {
    somePeople();
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    h.sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee')");
    h.sql("UPDATE people SET name = 'Bob B' WHERE id = 'P2'");
    h.sheets.faults().failNext(429, 1_000, r -> r.isWrite());
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().failed()).isEqualTo(2);
    assertThat(result.applied().orElseThrow().errors())
        .allSatisfy(
            e ->
                assertThat(e)
                    .contains("gave up after 4 tries")
                    .contains("HTTP 429 RESOURCE_EXHAUSTED")
                    .contains("per-minute quota"));
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2", "P3");
    assertThat(h.sheetRows().get("P2").get("Name")).isEqualTo("Bob");
    h.sheets.faults().reset();
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2", "P3", "P4");
    assertThat(h.sheetRows().get("P2").get("Name")).isEqualTo("Bob B");
  }

  @Test
  void readsRefusedForeverStopTheRunNamingTheEndpoint() {
    somePeople();
    h.sheets.faults().failNext(429, 1_000);
    assertThatThrownBy(h::sync)
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE))
        .hasMessageStartingWith("registries.people.endpoints.sheet: spreadsheets.get: HTTP 429")
        .hasMessageContaining("(after 4 tries)");
    assertThat(h.pgRows()).isEmpty();
  }

  @Test
  void anAppendWhoseAnswerWasLostIsRecognisedNotRepeated() {
    somePeople();
    h.sql("INSERT INTO people (id, name) VALUES ('P4', 'Dee'), ('P5', 'Eve')");
    h.sheets.faults().dropAfterWrite(1, append());
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().errors()).isEmpty();
    assertThat(h.sheets.requestLog().count(append())).isEqualTo(1);
    assertThat(h.keyColumn("Person ID")).containsExactly("P1", "P2", "P3", "P4", "P5");
  }

  @Test
  void aLargeExportGoesInSeveralAppendsAndALostOneIsNotRepeated() {
    // About 3 MB of new rows: more than one request under Google's advised size.
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      values
          .append(i == 0 ? "" : ",")
          .append("('L")
          .append(i)
          .append("', '")
          .append("n".repeat(2000))
          .append("')");
    }
    h.sql("INSERT INTO people (id, name) VALUES " + values);
    h.sheets
        .faults()
        .dropAfterWrite(1, append().and(r -> h.sheets.requestLog().count(append()) > 0));
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().failed()).isZero();
    long appends = h.sheets.requestLog().count(append());
    assertThat(appends).isGreaterThanOrEqualTo(3);
    for (var r : h.sheets.requestLog().entries(append())) {
      assertThat(r.body().length()).isLessThan(2_000_000);
    }
    List<String> keys = h.keyColumn("Person ID");
    assertThat(keys).hasSize(1500).doesNotHaveDuplicates();
  }

  @Test
  void lostAnswersToUpdatesAndDeletesAreRecognisedAndNeverRepeated() {
    h.type(
        "A2",
        List.of(
            row("P1", "Ann"),
            row("P2", "Bob"),
            row("P3", "Cy"),
            row("P4", "Dee"),
            row("P5", "Eve"),
            row("P6", "Fay")));
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    h.sql("UPDATE people SET name = 'Ann B' WHERE id = 'P1'");
    h.sql("DELETE FROM people WHERE id IN ('P2', 'P4')");
    // Both writes take effect and lose their answers; a repeated deleteDimension would delete the
    // rows that moved up into their places.
    h.sheets.faults().dropAfterWrite(2);
    h.sheets.faults().failNext(503, 1, r -> r.isWrite());
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().errors()).isEmpty();
    assertThat(h.keyColumn("Person ID")).containsExactly("P1", "P3", "P5", "P6");
    assertThat(h.sheetRows().get("P1").get("Name")).isEqualTo("Ann B");
    assertThat(h.sheets.requestLog().count(r -> r.status() == -1)).isEqualTo(2);
  }

  @Test
  void aValueTooLongForACellFailsOnlyItsOwnOp() {
    somePeople();
    h.sql("INSERT INTO people (id, name) VALUES ('P4', repeat('x', 50001)), ('P5', 'Eve')");
    SyncEngine.Result result = h.sync();
    assertThat(result.applied().orElseThrow().failed()).isEqualTo(1);
    assertThat(result.applied().orElseThrow().errors().toString())
        .contains(
            "key 'P4': field 'name' has 50,001 characters; a Sheets cell holds at most 50,000");
    assertThat(h.sheetRows()).containsOnlyKeys("P1", "P2", "P3", "P5");
  }

  @Test
  void aRunThatLostItsAppendIsFinishedByTheNextWithoutADuplicateRow() throws Exception {
    somePeople();
    h.config("        max_retries: 0\n", SheetsHarness.FIELDS);
    h.sql("INSERT INTO people (id, name, age) VALUES ('P4', 'Dee', 52)");
    // The append takes effect but its answer never comes, and no retry is allowed: as if the
    // process had died right after sending it.
    h.sheets.faults().dropAfterWrite(1, append());
    SyncEngine.Result lost = h.sync();
    assertThat(lost.applied().orElseThrow().failed()).isEqualTo(1);
    assertThat(lost.applied().orElseThrow().errors().toString()).contains("no answer");
    assertThat(h.keyColumn("Person ID")).containsExactly("P1", "P2", "P3", "P4");
    SyncEngine.Result rerun = h.sync();
    assertThat(rerun.applied().orElseThrow().errors()).isEmpty();
    assertThat(h.keyColumn("Person ID")).containsExactly("P1", "P2", "P3", "P4");
    assertThat(h.sync().plan().opCount()).isZero();
  }

  @Test
  void opsReplayedAfterACrashAreRecognisedAsAlreadyApplied() throws Exception {
    somePeople();
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    var service = h.service();
    RegistryConfig registry = service.config(Optional.empty()).registry("people");
    EndpointContext context = h.context();
    CanonicalRecord bob =
        new CanonicalRecord(
            "P2",
            Map.of("id", text("P2"), "name", text("Bob"), "age", Json.mapper().valueToTree(33)));
    CanonicalRecord cy =
        new CanonicalRecord(
            "P3",
            Map.of("id", text("P3"), "name", text("Cy"), "age", Json.mapper().valueToTree(29)));
    List<Op> ops =
        List.of(
            new Op.Create(
                1, "P9", new CanonicalRecord("P9", Map.of("id", text("P9"), "name", text("Zed")))),
            new Op.Update(2, "P2", "P2", bob, Map.of("name", text("Bobby"))),
            new Op.Delete(3, "P3", "P3", cy));
    SheetsEndpointType type = new SheetsEndpointType(null);
    try (SheetsEndpoint first = type.open(registry.endpoints().get("sheet"), registry, context)) {
      assertThat(first.apply(ops))
          .extracting(OpResult::outcome)
          .containsOnly(OpResult.Outcome.APPLIED);
    }
    // The process died before journaling: a new one applies the same ops again.
    try (SheetsEndpoint second = type.open(registry.endpoints().get("sheet"), registry, context)) {
      assertThat(second.apply(ops))
          .extracting(OpResult::outcome)
          .containsOnly(OpResult.Outcome.ALREADY_APPLIED);
      assertThat(second.fetch(FetchRequest.fullScan()).records()).hasSize(3);
    }
    assertThat(h.keyColumn("Person ID")).containsExactly("P1", "P2", "P9");
    assertThat(h.sheetRows().get("P2").get("Name")).isEqualTo("Bobby");
  }

  @Test
  void aSpreadsheetNotSharedNamesTheAddressToShareItWith() {
    somePeople();
    h.sheets.unshare(h.spreadsheetId, h.sheets.serviceAccount().clientEmail());
    assertThatThrownBy(h::sync)
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAUTHORIZED))
        .hasMessageContaining("registries.people.endpoints.sheet")
        .hasMessageContaining(
            "spreadsheet "
                + h.spreadsheetId
                + " is not shared with "
                + h.sheets.serviceAccount().clientEmail()
                + " (share it with that address as Editor)")
        .hasMessageNotContaining("PRIVATE KEY")
        .hasMessageNotContaining("Bearer");
  }

  @Test
  void aDisabledApiSaysToEnableIt() {
    h.sheets.faults().serviceDisabled(true);
    assertThatThrownBy(h::sync)
        .hasMessageContaining(
            "the Google Sheets API is not enabled in the service account's project");
  }

  @Test
  void anUnknownSpreadsheetSaysItDoesNotExist() throws Exception {
    String yaml = Files.readString(dir.resolve("chittysync.yaml"));
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        yaml.replace(h.spreadsheetId, "1NoSuchSpreadsheet0000000000000000000000000"));
    assertThatThrownBy(h::sync)
        .hasMessageContaining(
            "spreadsheet 1NoSuchSpreadsheet0000000000000000000000000 does not exist");
  }

  @Test
  void aMissingTabListsTheTabs() throws Exception {
    h.config("Peeple", "", SheetsHarness.FIELDS, "");
    assertThatThrownBy(h::sync)
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessage(
            "registries.people.endpoints.sheet.sheet: spreadsheet "
                + h.spreadsheetId
                + " has no tab 'Peeple' (tabs: 'People', 'Other tab')");
  }

  @Test
  void missingAndDuplicatedHeadersAreNamed() throws Exception {
    h.config("", SheetsHarness.FIELDS.replace("name: Name", "name: Full name"));
    assertThatThrownBy(h::sync)
        .hasMessageContaining(
            "registries.people.endpoints.sheet.fields.name: row 1 of tab 'People' has no header"
                + " 'Full name' (headers: Person ID, Name, Age, Born, Active, Score, Seen, Total)");
    h.config("", SheetsHarness.FIELDS);
    h.type("J1", List.of(row("Age")));
    assertThatThrownBy(h::sync)
        .hasMessageContaining(
            "registries.people.endpoints.sheet.fields.age: header 'Age' is in several columns of"
                + " row 1 of tab 'People' (C, J)");
  }

  @Test
  void aTabWhoseNameNeedsQuotingIsRead() throws Exception {
    h.sheets.addSheet(h.spreadsheetId, "It's a tab", 100, 10);
    h.sheets.setValues(
        h.spreadsheetId, "'It''s a tab'!A1", List.of(row("Person ID", "Name"), row("Q1", "Quinn")));
    h.config("It's a tab", "", "{id: Person ID, name: Name}", "");
    assertThat(h.sync().applied().orElseThrow().errors()).isEmpty();
    assertThat(h.pgRows()).containsOnlyKeys("Q1");
  }

  private static JsonNode text(String s) {
    return Json.mapper().getNodeFactory().textNode(s);
  }
}
