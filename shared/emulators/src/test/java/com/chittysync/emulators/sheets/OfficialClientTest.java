package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.json.jackson2.JacksonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.AppendValuesResponse;
import com.google.api.services.sheets.v4.model.BatchGetValuesResponse;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesResponse;
import com.google.api.services.sheets.v4.model.ClearValuesRequest;
import com.google.api.services.sheets.v4.model.ClearValuesResponse;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.InsertDimensionRequest;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.Spreadsheet;
import com.google.api.services.sheets.v4.model.UpdateValuesResponse;
import com.google.api.services.sheets.v4.model.ValueRange;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the emulator with the official Google Java client (gzip bodies, path encoding, the token
 * flow, 401 refresh): if these pass, a connector built on the same client talks to it unchanged.
 */
class OfficialClientTest {
  private SheetsEmulator emulator;
  private Sheets sheets;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    sheets = GoogleClients.sheets(emulator, emulator.serviceAccount());
    id = emulator.createSpreadsheet("Registry", "Sheet1", "My Sheet");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void scopedCredentialsFetchATokenOnceAndUseItAsBearer() throws Exception {
    sheets.spreadsheets().values().get(id, "Sheet1!A1:B2").execute();
    sheets.spreadsheets().values().get(id, "Sheet1!A1:B2").execute();

    List<RecordedRequest> log = emulator.requestLog().entries();
    assertThat(log).extracting(RecordedRequest::path).first().isEqualTo("/token");
    assertThat(log.get(0).status()).isEqualTo(200);
    assertThat(log.get(0).body())
        .startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
    assertThat(emulator.requestLog().count(RecordedRequest::isTokenRequest)).isEqualTo(1);
    assertThat(log.get(1).header("authorization")).startsWith("Bearer ya29.emulator-");
    assertThat(log.get(2).header("Authorization")).isEqualTo(log.get(1).header("Authorization"));
  }

  @Test
  void writesGzippedBodiesAndReadsTypedValuesBack() throws Exception {
    ValueRange body =
        new ValueRange()
            .setValues(
                List.of(List.of("Name", "Score", "Joined"), List.of("Ada", 12.5, "2024-03-01")));
    UpdateValuesResponse updated =
        sheets
            .spreadsheets()
            .values()
            .update(id, "Sheet1!A1", body)
            .setValueInputOption("USER_ENTERED")
            .execute();

    assertThat(updated.getUpdatedRange()).isEqualTo("Sheet1!A1:C2");
    assertThat(updated.getUpdatedCells()).isEqualTo(6);
    RecordedRequest put = emulator.requestLog().entries(r -> r.method().equals("PUT")).get(0);
    assertThat(put.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(put.body()).contains("\"Ada\"");

    ValueRange read =
        sheets
            .spreadsheets()
            .values()
            .get(id, "Sheet1!A1:C")
            .setValueRenderOption("UNFORMATTED_VALUE")
            .execute();
    assertThat(read.getRange()).isEqualTo("Sheet1!A1:C1000");
    assertThat(read.getValues())
        .containsExactly(
            List.of("Name", "Score", "Joined"),
            List.of("Ada", new BigDecimal("12.5"), new BigDecimal("45352")));
    ValueRange formatted = sheets.spreadsheets().values().get(id, "Sheet1!A2:C2").execute();
    assertThat(formatted.getValues()).containsExactly(List.of("Ada", "12.5", "2024-03-01"));
  }

  @Test
  void quotedSheetNamesAreEncodedInThePathAndDecoded() throws Exception {
    sheets
        .spreadsheets()
        .values()
        .update(id, "'My Sheet'!B2", new ValueRange().setValues(List.of(List.of("x"))))
        .setValueInputOption("RAW")
        .execute();

    ValueRange read = sheets.spreadsheets().values().get(id, "'My Sheet'!A1:C3").execute();
    assertThat(read.getRange()).isEqualTo("'My Sheet'!A1:C3");
    assertThat(read.getValues()).containsExactly(List.of(), List.of("", "x"));
    RecordedRequest get = emulator.requestLog().last();
    assertThat(get.rawPath()).contains("/values/'My%20Sheet'!A1:C3");
    assertThat(get.path()).endsWith("/values/'My Sheet'!A1:C3");
  }

  @Test
  void emptyRangeGivesNullValues() throws Exception {
    ValueRange read = sheets.spreadsheets().values().get(id, "Sheet1!A1:D5").execute();
    assertThat(read.getValues()).isNull();
    assertThat(read.getMajorDimension()).isEqualTo("ROWS");
  }

  @Test
  void appendClearBatchGetAndBatchUpdateWork() throws Exception {
    AppendValuesResponse appended =
        sheets
            .spreadsheets()
            .values()
            .append(id, "Sheet1!A1", new ValueRange().setValues(List.of(List.of("h1", "h2"))))
            .setValueInputOption("RAW")
            .setInsertDataOption("INSERT_ROWS")
            .execute();
    assertThat(appended.getTableRange()).isNull();
    assertThat(appended.getUpdates().getUpdatedRange()).isEqualTo("Sheet1!A1:B1");
    appended =
        sheets
            .spreadsheets()
            .values()
            .append(id, "Sheet1!A1", new ValueRange().setValues(List.of(List.of("x", "y"))))
            .setValueInputOption("USER_ENTERED")
            .setInsertDataOption("INSERT_ROWS")
            .execute();
    assertThat(appended.getTableRange()).isEqualTo("Sheet1!A1:B1");
    assertThat(appended.getUpdates().getUpdatedRange()).isEqualTo("Sheet1!A2:B2");

    BatchUpdateValuesResponse batch =
        sheets
            .spreadsheets()
            .values()
            .batchUpdate(
                id,
                new BatchUpdateValuesRequest()
                    .setValueInputOption("USER_ENTERED")
                    .setData(
                        List.of(
                            new ValueRange()
                                .setRange("Sheet1!C1")
                                .setValues(List.of(List.of("=A2&B2"))))))
            .execute();
    assertThat(batch.getTotalUpdatedCells()).isEqualTo(1);

    BatchGetValuesResponse got =
        sheets
            .spreadsheets()
            .values()
            .batchGet(id)
            .setRanges(List.of("Sheet1!A:A", "Sheet1!C1"))
            .setMajorDimension("COLUMNS")
            .execute();
    assertThat(got.getValueRanges())
        .extracting(ValueRange::getRange)
        .containsExactly("Sheet1!A1:A1002", "Sheet1!C1");
    assertThat(got.getValueRanges().get(0).getValues()).containsExactly(List.of("h1", "x"));
    assertThat(got.getValueRanges().get(1).getValues()).containsExactly(List.of("xy"));

    ClearValuesResponse cleared =
        sheets.spreadsheets().values().clear(id, "Sheet1!A2:Z", new ClearValuesRequest()).execute();
    assertThat(cleared.getClearedRange()).isEqualTo("Sheet1!A2:Z1002");
    assertThat(emulator.requestLog().last().path()).endsWith("/values/Sheet1!A2:Z:clear");
    // C1 still holds =A2&B2, which is now "" and so trimmed from the values view.
    assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("h1", "h2"));
    assertThat(emulator.formulas(id, "Sheet1")).containsExactly(List.of("h1", "h2", "=A2&B2"));
  }

  @Test
  void dimensionBatchUpdateAsTheJavaClientSendsIt() throws Exception {
    emulator.setValues(
        id, "Sheet1!A1", List.of(List.of("r1"), List.of("r2"), List.of("r3"), List.of("r4")));
    int sheetId = emulator.sheetId(id, "Sheet1");
    BatchUpdateSpreadsheetResponse r =
        sheets
            .spreadsheets()
            .batchUpdate(
                id,
                new BatchUpdateSpreadsheetRequest()
                    .setRequests(
                        List.of(
                            new Request()
                                .setDeleteDimension(
                                    new DeleteDimensionRequest()
                                        .setRange(
                                            new DimensionRange()
                                                .setSheetId(sheetId)
                                                .setDimension("ROWS")
                                                .setStartIndex(1)
                                                .setEndIndex(3))),
                            new Request()
                                .setInsertDimension(
                                    new InsertDimensionRequest()
                                        .setInheritFromBefore(false)
                                        .setRange(
                                            new DimensionRange()
                                                .setSheetId(sheetId)
                                                .setDimension("ROWS")
                                                .setStartIndex(1)
                                                .setEndIndex(2))),
                            new Request()
                                .setAppendDimension(
                                    new AppendDimensionRequest()
                                        .setSheetId(sheetId)
                                        .setDimension("ROWS")
                                        .setLength(10)))))
            .execute();

    assertThat(r.getReplies()).hasSize(3);
    assertThat(Json.parse(emulator.requestLog().last().body()))
        .isEqualTo(Http.fixture("20-observed-java-batchUpdate-dimensions.request.json"));
    assertThat(emulator.values(id, "Sheet1"))
        .containsExactly(List.of("r1"), List.of(), List.of("r4"));
    assertThat(emulator.gridSize(id, "Sheet1")).isEqualTo(new GridSize(1000 - 2 + 1 + 10, 26));
  }

  @Test
  void spreadsheetGetWithFieldsMaskGivesSheetProperties() throws Exception {
    Spreadsheet s = sheets.spreadsheets().get(id).setFields("sheets.properties").execute();
    assertThat(s.getSpreadsheetId()).isNull();
    assertThat(s.getSheets()).hasSize(2);
    assertThat(s.getSheets().get(0).getProperties().getSheetId()).isEqualTo(0);
    assertThat(s.getSheets().get(1).getProperties().getTitle()).isEqualTo("My Sheet");
    assertThat(s.getSheets().get(1).getProperties().getIndex()).isEqualTo(1);
    assertThat(s.getSheets().get(1).getProperties().getGridProperties().getRowCount())
        .isEqualTo(1000);
    assertThat(emulator.requestLog().last().rawPath()).isEqualTo("/v4/spreadsheets/" + id);
    assertThat(emulator.requestLog().last().param("fields")).isEqualTo("sheets.properties");
  }

  @Test
  void aRevokedTokenIsRefreshedAfterA401AndTheCallRetried() throws Exception {
    sheets.spreadsheets().values().get(id, "Sheet1!A1").execute();
    emulator.revokeAccessTokens();

    sheets.spreadsheets().values().get(id, "Sheet1!A1").execute();

    assertThat(emulator.requestLog().entries())
        .extracting(
            r -> r.method() + " " + (r.isTokenRequest() ? "token" : "values") + " " + r.status())
        .containsExactly(
            "POST token 200",
            "GET values 200",
            "GET values 401",
            "POST token 200",
            "GET values 200");
  }

  @Test
  void errorsSurfaceAsGoogleJsonResponseExceptionsWithStatus() {
    assertThatThrownBy(() -> sheets.spreadsheets().values().get(id, "My Sheet!A1").execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getDetails().getMessage())
                  .isEqualTo("Unable to parse range: My Sheet!A1");
              assertThat(e.getDetails().get("status")).isEqualTo("INVALID_ARGUMENT");
            });
    emulator.quotas().readsPerMinute(0);
    assertThatThrownBy(() -> sheets.spreadsheets().values().get(id, "Sheet1!A1").execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(429));
  }

  @Test
  void unscopedCredentialsSendASelfSignedJwtWhichIsAccepted() throws Exception {
    Sheets selfSigned = GoogleClients.selfSigned(emulator, emulator.serviceAccount());
    selfSigned.spreadsheets().values().get(id, "Sheet1!A1").execute();

    assertThat(emulator.requestLog().count(RecordedRequest::isTokenRequest)).isZero();
    assertThat(emulator.requestLog().last().status()).isEqualTo(200);
  }

  @Test
  @SuppressWarnings("deprecation")
  void theJacksonJsonFactoryWorksToo() throws Exception {
    Sheets jackson =
        GoogleClients.sheets(
            emulator, emulator.serviceAccount(), JacksonFactory.getDefaultInstance());
    emulator.setValues(id, "Sheet1!A1", List.of(List.of(1, "two", true)));
    ValueRange read =
        jackson
            .spreadsheets()
            .values()
            .get(id, "Sheet1!A1:C1")
            .setValueRenderOption("UNFORMATTED_VALUE")
            .execute();
    assertThat(read.getValues()).containsExactly(List.of(new BigDecimal("1"), "two", true));
  }
}
