package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A1 notation as the API parses and echoes it, and the grid's limits. */
class RangeTest {
  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator).login(emulator.serviceAccount());
    id = emulator.createSpreadsheet("Ranges", "Sheet1", "My Sheet", "It's", "A1");
    emulator.setValues(id, "Sheet1!A1", List.of(List.of("a", "b"), List.of("c", "d")));
    emulator.setValues(id, "'My Sheet'!A1", List.of(List.of("my")));
    emulator.setValues(id, "'It''s'!B2", List.of(List.of("quote")));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Http.Response get(String encodedRange) {
    return http.get("v4/spreadsheets/" + id + "/values/" + encodedRange);
  }

  private String echo(String encodedRange) {
    Http.Response r = get(encodedRange);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body().get("range").asText();
  }

  @Test
  void rangesAreEchoedBoundedToTheGrid() {
    assertThat(echo("Sheet1!A1:D5")).isEqualTo("Sheet1!A1:D5");
    assertThat(echo("Sheet1!B:B")).isEqualTo("Sheet1!B1:B1000");
    assertThat(echo("Sheet1!1:2")).isEqualTo("Sheet1!A1:Z2");
    assertThat(echo("Sheet1!A2:Z")).isEqualTo("Sheet1!A2:Z1000");
    assertThat(echo("Sheet1")).isEqualTo("Sheet1!A1:Z1000");
    assertThat(echo("Sheet1!C3")).isEqualTo("Sheet1!C3");
    assertThat(echo("Sheet1!b2:a1")).isEqualTo("Sheet1!A1:B2");
    assertThat(echo("sheet1!A1")).isEqualTo("Sheet1!A1");
  }

  @Test
  void aRangeWithoutASheetMeansTheFirstTab() {
    assertThat(echo("A1:B2")).isEqualTo("Sheet1!A1:B2");
    assertThat(get("A1:B2").body().get("values").get(1).get(1).asText()).isEqualTo("d");
  }

  @Test
  void quotedNamesIncludingEscapedQuotesAreRead() {
    assertThat(get("'My%20Sheet'!A:C").body().get("values").get(0).get(0).asText()).isEqualTo("my");
    assertThat(echo("'My%20Sheet'!A:C")).isEqualTo("'My Sheet'!A1:C1000");
    assertThat(echo("'My%20Sheet'")).isEqualTo("'My Sheet'!A1:Z1000");
    Http.Response quoted = get("'It''s'!B2");
    assertThat(quoted.body().get("range").asText()).isEqualTo("'It''s'!B2");
    assertThat(quoted.body().get("values").get(0).get(0).asText()).isEqualTo("quote");
  }

  @Test
  void aTabNamedLikeACellIsQuotedInEchoes() {
    assertThat(echo("'A1'!B2")).isEqualTo("'A1'!B2");
    // Unquoted, "A1" is the cell A1 on the first tab.
    assertThat(echo("A1")).isEqualTo("Sheet1!A1");
  }

  @Test
  void unquotedNameWithASpaceCannotBeParsed() {
    Http.Response r = get("My%20Sheet!A:Z");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            Json.parse(
                "{\"error\":{\"code\":400,\"message\":\"Unable to parse range: My Sheet!A:Z\","
                    + "\"status\":\"INVALID_ARGUMENT\"}}"));
  }

  @Test
  void unknownTabsAndGarbageCannotBeParsed() {
    assertThat(get("Nope!A1").body().get("error").get("message").asText())
        .isEqualTo("Unable to parse range: Nope!A1");
    assertThat(get("Sheet1!A1:B2:C3").status()).isEqualTo(400);
    assertThat(get("Sheet1!").status()).isEqualTo(400);
    assertThat(get("'Sheet1").status()).isEqualTo(400);
    assertThat(get("Sheet1!A0").status()).isEqualTo(400);
  }

  @Test
  void readingPastTheGridIsRejected() {
    Http.Response r = get("Sheet1!A1:A1001");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").get("message").asText())
        .isEqualTo("Range (Sheet1!A1:A1001) exceeds grid limits. Max rows: 1000, max columns: 26");
    assertThat(get("Sheet1!AA1").status()).isEqualTo(400);
  }

  @Test
  void writingPastTheGridIsRejectedAndWritesNothing() {
    Http.Response r =
        http.put(
            "v4/spreadsheets/" + id + "/values/Sheet1!A1001?valueInputOption=RAW",
            "{\"values\":[[\"x\"]]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").get("message").asText())
        .isEqualTo("Range (Sheet1!A1001) exceeds grid limits. Max rows: 1000, max columns: 26");

    // Anchored at A999, three rows run past row 1000: the written range is named.
    Http.Response anchored =
        http.put(
            "v4/spreadsheets/" + id + "/values/'My%20Sheet'!A999?valueInputOption=RAW",
            "{\"values\":[[\"x\"],[\"y\"],[\"z\"]]}");
    assertThat(anchored.body().get("error").get("message").asText())
        .isEqualTo(
            "Range ('My Sheet'!A999:A1001) exceeds grid limits. Max rows: 1000, max columns: 26");
    assertThat(emulator.values(id, "'My Sheet'!A999:A1000")).isEmpty();
  }

  @Test
  void dataLargerThanABoundedRangeIsRejected() {
    Http.Response r =
        http.put(
            "v4/spreadsheets/" + id + "/values/Sheet1!A1:B1?valueInputOption=RAW",
            "{\"values\":[[\"1\",\"2\",\"3\"]]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").get("message").asText())
        .isEqualTo(
            "Requested writing within range [Sheet1!A1:B1], but tried writing to column [C]");
  }

  @Test
  void clearIsBoundedToTheGridInsteadOfFailing() {
    Http.Response r = http.post("v4/spreadsheets/" + id + "/values/Sheet1!A1:AZ5000:clear", "{}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("clearedRange").asText()).isEqualTo("Sheet1!A1:Z1000");
    assertThat(emulator.values(id, "Sheet1")).isEmpty();
  }

  @Test
  void onlyATrailingVerbIsStrippedFromTheRange() {
    emulator.addSheet(id, "x:append", 10, 3);

    Http.Response r =
        http.post(
            "v4/spreadsheets/" + id + "/values/'x:append'!A1:append?valueInputOption=RAW",
            "{\"values\":[[\"ok\"]]}");

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.body().get("updates").get("updatedRange").asText()).isEqualTo("'x:append'!A1");
  }

  @Test
  void batchGetAndBatchClearTakeManyRanges() {
    Http.Response got =
        http.get(
            "v4/spreadsheets/"
                + id
                + "/values:batchGet?ranges=Sheet1!A1&ranges='My%20Sheet'!A1:B2");
    assertThat(got.body().get("valueRanges")).hasSize(2);
    assertThat(got.body().get("valueRanges").get(1).get("range").asText())
        .isEqualTo("'My Sheet'!A1:B2");

    Http.Response cleared =
        http.post(
            "v4/spreadsheets/" + id + "/values:batchClear",
            "{\"ranges\":[\"Sheet1!A1\",\"'My Sheet'!A:A\"]}");
    assertThat(cleared.body().get("clearedRanges").toString())
        .isEqualTo("[\"Sheet1!A1\",\"'My Sheet'!A1:A1000\"]");
    assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("", "b"), List.of("c", "d"));

    Http.Response bad =
        http.get("v4/spreadsheets/" + id + "/values:batchGet?ranges=Sheet1!A1&ranges=Nope!A1");
    assertThat(bad.status()).isEqualTo(400);
  }
}
