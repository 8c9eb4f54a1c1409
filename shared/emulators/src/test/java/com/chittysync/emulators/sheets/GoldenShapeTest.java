package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the documented requests of shared/reference/sheets over plain HTTP and compares the
 * emulator's answers with the recorded bodies, field for field.
 */
class GoldenShapeTest {
  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator).login(emulator.serviceAccount());
    id = emulator.createSpreadsheet("Inventory");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String values(String range) {
    return "v4/spreadsheets/" + id + "/values/" + range;
  }

  private void writeFixture03() {
    Http.Response r =
        http.put(
            values("Sheet1!A1:D5") + "?valueInputOption=USER_ENTERED",
            Http.fixture("03-values-update.request.json", id).toString());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Http.fixture("03-values-update.response.json", id));
  }

  @Test
  void valuesUpdateAnswersLikeFixture03() {
    writeFixture03();
  }

  @Test
  void valuesGetAfterFixture03RendersLikeFixture01() {
    writeFixture03();

    Http.Response r = http.get(values("Sheet1!A1:D5"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Http.fixture("01-values-get.response.json"));
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void batchGetOfWholeColumnsUnformattedByColumnsMatchesFixture02() {
    writeFixture03();

    Http.Response r =
        http.get(
            "v4/spreadsheets/"
                + id
                + "/values:batchGet?ranges=Sheet1!B:B&ranges=Sheet1!D:D"
                + "&valueRenderOption=UNFORMATTED_VALUE&majorDimension=COLUMNS");

    assertThat(r.body()).isEqualTo(Http.fixture("02-values-batchGet.response.json", id));
  }

  @Test
  void valuesBatchUpdateMatchesFixture04() {
    Http.Response batch =
        http.post(
            "v4/spreadsheets/" + id + "/values:batchUpdate",
            Http.fixture("04-values-batchUpdate.request.json").toString());

    assertThat(batch.body()).isEqualTo(Http.fixture("04-values-batchUpdate.response.json", id));
  }

  @Test
  void appendAfterATableInA1D2MatchesFixture05() {
    // The documented precondition: the sheet already holds A1:D2.
    emulator.setValues(
        id,
        "Sheet1!A1",
        List.of(
            List.of("Item", "Cost", "Stocked", "Ship Date"),
            List.of("Wheel", "$20.50", "4", "3/1/2016")));

    Http.Response append =
        http.post(
            values("Sheet1!A1:E1:append") + "?valueInputOption=USER_ENTERED",
            Http.fixture("05-values-append.request.json").toString());

    assertThat(append.body()).isEqualTo(Http.fixture("05-values-append.response.json", id));
    assertThat(emulator.formattedValues(id, "Sheet1!A3:D4"))
        .containsExactly(
            List.of("Door", "$15", "2", "3/15/2016"), List.of("Engine", "$100", "1", "3/20/2016"));
  }

  @Test
  void unparseableRangeInSpreadsheetsGetMatchesFixture10() {
    Http.Response r = http.get("v4/spreadsheets/" + id + "?ranges=NOPE!A5:F15");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(Http.fixture("10-error-400-unable-to-parse-range.json"));
  }

  @Test
  void unknownSpreadsheetMatchesFixture11() {
    Http.Response r = http.get("v4/spreadsheets/1NoSuchSpreadsheetxxxxxxxxxxxxxxxxxxxxxxxxxxx");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo(Http.fixture("11-error-404-not-found.json"));
  }

  @Test
  void readQuotaAtGooglesLimitAnswersExactlyFixture12() {
    emulator.quotas().readsPerMinute(60);
    for (int i = 0; i < 60; i++) {
      assertThat(http.get(values("Sheet1!A1")).status()).isEqualTo(200);
    }

    Http.Response r = http.get(values("Sheet1!A1"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.body()).isEqualTo(Http.fixture("12-error-429-resource-exhausted.json"));
  }

  @Test
  void disabledApiMatchesFixture13UpToTheProjectNumber() {
    emulator.faults().serviceDisabled(true);

    Http.Response r = http.get(values("Sheet1!A1"));

    JsonNode expected =
        Json.parse(
            Http.fixture("13-error-403-service-disabled.json")
                .toString()
                .replace("977449744253", SheetsError.PROJECT_NUMBER));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEqualTo(expected);
  }

  @Test
  void unsharedSpreadsheetIsPermissionDenied() {
    emulator.unshare(id, emulator.serviceAccount().clientEmail());

    Http.Response r = http.get(values("Sheet1!A1"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body())
        .isEqualTo(
            Json.parse(
                "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\","
                    + "\"status\":\"PERMISSION_DENIED\"}}"));
  }

  @Test
  void missingOrForeignTokenIsUnauthenticated() {
    Http.Response none = http.token(null).get(values("Sheet1!A1"));
    Http.Response foreign = http.token("ya29.not-issued-here").get(values("Sheet1!A1"));

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body().get("error").get("status").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(none.header("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"https://accounts.google.com/\"");
    assertThat(foreign.status()).isEqualTo(401);
    assertThat(foreign.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void spreadsheetsGetDefaultShape() {
    Http.Response r = http.get("v4/spreadsheets/" + id);

    JsonNode body = r.body();
    assertThat(body.get("spreadsheetId").asText()).isEqualTo(id);
    assertThat(body.get("properties").get("title").asText()).isEqualTo("Inventory");
    assertThat(body.get("properties").get("locale").asText()).isEqualTo("en_US");
    assertThat(body.get("sheets").get(0).get("properties"))
        .isEqualTo(
            Json.parse(
                "{\"sheetId\":0,\"title\":\"Sheet1\",\"index\":0,\"sheetType\":\"GRID\","
                    + "\"gridProperties\":{\"rowCount\":1000,\"columnCount\":26}}"));
    assertThat(body.get("spreadsheetUrl").asText()).endsWith(id + "/edit");
    assertThat(id).hasSize(44);
  }
}
