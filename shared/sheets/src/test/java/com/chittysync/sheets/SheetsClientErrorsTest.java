package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.EndpointFailure;
import com.chittysync.core.ErrorCode;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The client's retries and error messages, against Google's recorded error bodies served to the
 * real Java client.
 */
class SheetsClientErrorsTest {
  private static final String EMAIL = "sync@proj.iam.gserviceaccount.com";

  /** Answers each request with the next scripted answer (the last one forever). */
  static final class Script extends MockHttpTransport {
    final Deque<Callable<LowLevelHttpResponse>> answers = new ArrayDeque<>();
    final List<String> requests = new ArrayList<>();

    Script then(int status, String body) {
      answers.add(
          () ->
              new MockLowLevelHttpResponse()
                  .setStatusCode(status)
                  .setContentType("application/json; charset=UTF-8")
                  .setContent(body));
      return this;
    }

    Script thenNoAnswer() {
      answers.add(
          () -> {
            throw new SocketTimeoutException("Read timed out");
          });
      return this;
    }

    @Override
    public LowLevelHttpRequest buildRequest(String method, String url) {
      requests.add(method + " " + url);
      Callable<LowLevelHttpResponse> answer = answers.size() > 1 ? answers.poll() : answers.peek();
      return new MockLowLevelHttpRequest(url) {
        @Override
        public LowLevelHttpResponse execute() throws IOException {
          try {
            return answer.call();
          } catch (IOException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      };
    }
  }

  static String golden(String name) throws IOException {
    try (InputStream in = SheetsClientErrorsTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SheetsClient client(Script script, int retries) {
    Sheets sheets =
        new Sheets.Builder(script, GsonFactory.getDefaultInstance(), null)
            .setApplicationName("test")
            .setRootUrl("http://127.0.0.1:1/")
            .build();
    return new SheetsClient(
        sheets, "SID", "registries.people.endpoints.sheet", EMAIL, retries, new Backoff(1, 4));
  }

  private static final String VALUES =
      "{\"range\":\"'People'!A1:B2\",\"values\":[[\"ID\",\"Name\"],[\"P1\",\"Ann\"]]}";

  @Test
  void aQuotaRefusalIsWaitedOutAndTheReadRetried() throws Exception {
    Script script =
        new Script().then(429, golden("12-error-429-resource-exhausted.json")).then(200, VALUES);
    List<List<Object>> values =
        client(script, 3).values("'People'!A1:B", SheetsClient.Render.UNFORMATTED_VALUE);
    assertThat(values).hasSize(2);
    assertThat(script.requests).hasSize(2);
    assertThat(script.requests.get(0))
        .contains("/v4/spreadsheets/SID/values/'People'!A1:B")
        .contains("valueRenderOption=UNFORMATTED_VALUE")
        .contains("dateTimeRenderOption=SERIAL_NUMBER");
  }

  @Test
  void aQuotaRefusalThatNeverEndsFailsClearlyAfterBoundedRetries() throws Exception {
    Script script = new Script().then(429, golden("12-error-429-resource-exhausted.json"));
    assertThatThrownBy(() -> client(script, 3).values("'People'!A1:B", SheetsClient.Render.FORMULA))
        .isInstanceOfSatisfying(
            SheetsApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAVAILABLE);
              assertThat(e).isInstanceOf(EndpointFailure.Unavailable.class);
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.googleStatus()).isEqualTo("RESOURCE_EXHAUSTED");
            })
        .hasMessageStartingWith(
            "registries.people.endpoints.sheet: values.get 'People'!A1:B: HTTP 429 RESOURCE_EXHAUSTED"
                + " (after 4 tries): over the Sheets API's per-minute quota");
    assertThat(script.requests).hasSize(4);
  }

  @Test
  void serverErrorsAndLostAnswersAreRetriedForReads() throws Exception {
    Script script =
        new Script()
            .then(
                503,
                "{\"error\":{\"code\":503,\"message\":\"The service is currently unavailable.\",\"status\":\"UNAVAILABLE\"}}")
            .thenNoAnswer()
            .then(200, VALUES);
    assertThat(client(script, 3).values("'People'!A1:B", SheetsClient.Render.FORMULA)).hasSize(2);
    assertThat(script.requests).hasSize(3);
  }

  @Test
  void aSpreadsheetNotSharedNamesTheServiceAccount() throws Exception {
    Script script =
        new Script()
            .then(
                403,
                "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\",\"status\":\"PERMISSION_DENIED\"}}");
    assertThatThrownBy(() -> client(script, 3).tabs())
        .isInstanceOfSatisfying(
            SheetsApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAUTHORIZED);
              assertThat(e).isInstanceOf(EndpointFailure.CredentialsRefused.class);
            })
        .hasMessage(
            "registries.people.endpoints.sheet: spreadsheets.get: HTTP 403 PERMISSION_DENIED:"
                + " spreadsheet SID is not shared with "
                + EMAIL
                + " (share it with that address as Editor)");
    assertThat(script.requests).hasSize(1);
    assertThat(script.requests.get(0)).endsWith("/v4/spreadsheets/SID?fields=sheets.properties");
  }

  @Test
  void aDisabledApiIsToldApartFromAMissingShare() throws Exception {
    Script script = new Script().then(403, golden("13-error-403-service-disabled.json"));
    assertThatThrownBy(() -> client(script, 3).tabs())
        .isInstanceOfSatisfying(
            SheetsApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENDPOINT_UNAUTHORIZED))
        .hasMessageContaining(
            "the Google Sheets API is not enabled in the service account's project")
        .hasMessageContaining("console.developers.google.com/apis/api/sheets.googleapis.com")
        .hasMessageNotContaining("not shared");
  }

  @Test
  void anUnknownSpreadsheetSaysItDoesNotExist() throws Exception {
    Script script = new Script().then(404, golden("11-error-404-not-found.json"));
    assertThatThrownBy(() -> client(script, 3).tabs())
        .isInstanceOfSatisfying(SheetsApiException.class, e -> assertThat(e.fatal()).isTrue())
        .hasMessage(
            "registries.people.endpoints.sheet: spreadsheets.get: HTTP 404 NOT_FOUND: spreadsheet SID"
                + " does not exist (check spreadsheet_id: the part of the spreadsheet's URL between"
                + " /d/ and /edit)");
  }

  @Test
  void aBadRequestIsNotRetriedAndCarriesGooglesMessage() throws Exception {
    Script script = new Script().then(400, golden("10-error-400-unable-to-parse-range.json"));
    assertThatThrownBy(() -> client(script, 3).values("NOPE!A5:F15", SheetsClient.Render.FORMULA))
        .isInstanceOfSatisfying(SheetsApiException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageEndingWith("HTTP 400 INVALID_ARGUMENT: Unable to parse range: NOPE!A5:F15");
    assertThat(script.requests).hasSize(1);
  }

  @Test
  void aWriteIsTriedOnceAndSaysWhetherItMayHaveHappened() throws Exception {
    Script busy = new Script().then(429, golden("12-error-429-resource-exhausted.json"));
    assertThatThrownBy(() -> client(busy, 3).append("'P'!A1:B1", List.of(List.of("x"))))
        .isInstanceOfSatisfying(
            SheetsApiException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.outcomeUnknown()).isFalse();
            });
    assertThat(busy.requests).hasSize(1);
    Script lost = new Script().thenNoAnswer();
    assertThatThrownBy(() -> client(lost, 3).append("'P'!A1:B1", List.of(List.of("x"))))
        .isInstanceOfSatisfying(
            SheetsApiException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.outcomeUnknown()).isTrue();
            })
        .hasMessageContaining("no answer (SocketTimeoutException");
    assertThat(lost.requests).hasSize(1);
  }

  @Test
  void retryAfterIsHonouredOverTheBackoff() {
    Backoff backoff = new Backoff(1_000, 32_000);
    assertThat(backoff.delay(5, 2_000)).isBetween(2_000L, 2_200L);
    assertThat(backoff.delay(0, -1)).isBetween(500L, 1_000L);
    assertThat(backoff.delay(10, -1)).isBetween(16_000L, 32_000L);
    assertThat(SheetsClient.retryAfterMillis("1.5")).isEqualTo(1_500);
    assertThat(SheetsClient.retryAfterMillis(null)).isEqualTo(-1);
  }

  @Test
  void rowsAreDeletedBottomUpInTheShapeTheJavaClientSends() throws Exception {
    var requests = SheetRequests.deleteRequests(0, List.of(2, 3, 9, 5, 4, 12));
    String json =
        GsonFactory.getDefaultInstance()
            .toString(new BatchUpdateSpreadsheetRequest().setRequests(requests));
    assertThat(json)
        .isEqualTo(
            "{\"requests\":["
                + "{\"deleteDimension\":{\"range\":{\"dimension\":\"ROWS\",\"endIndex\":12,\"sheetId\":0,\"startIndex\":11}}},"
                + "{\"deleteDimension\":{\"range\":{\"dimension\":\"ROWS\",\"endIndex\":9,\"sheetId\":0,\"startIndex\":8}}},"
                + "{\"deleteDimension\":{\"range\":{\"dimension\":\"ROWS\",\"endIndex\":5,\"sheetId\":0,\"startIndex\":1}}}]}");
    // The observed body (fixture 20) deletes rows 2-3 as {startIndex 1, endIndex 3}: same shape.
    assertThat(golden("20-observed-java-batchUpdate-dimensions.request.json"))
        .contains(
            "{\"deleteDimension\":{\"range\":{\"dimension\":\"ROWS\",\"endIndex\":3,\"sheetId\":0,\"startIndex\":1}}}");
  }
}
