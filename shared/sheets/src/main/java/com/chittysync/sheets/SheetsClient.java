package com.chittysync.sheets;

import com.chittysync.connect.RequestBudget;
import com.chittysync.core.ErrorCode;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.AppendValuesResponse;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesRequest;
import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.GridData;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.Sheet;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.Spreadsheet;
import com.google.api.services.sheets.v4.model.ValueRange;
import com.google.auth.Retryable;
import com.google.auth.http.HttpCredentialsAdapter;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Sheets API calls the endpoint makes, over the official Java client, with Google's error
 * answers turned into {@link SheetsApiException}s that say what to fix.
 *
 * <p>Reads are retried here: on 429 {@code RESOURCE_EXHAUSTED} (which the Java client never
 * retries), on 500, 502, 503 and 504, and when no answer came, with {@link Backoff} and at most
 * {@code maxRetries} times. Writes are tried once: whether and how to try a write again depends on
 * what the rows hold by then, which only the caller can check ({@link
 * SheetsApiException#outcomeUnknown()}).
 *
 * <p>Every request, each try of it included, first waits its turn on the service account's {@link
 * RequestBudget}, shared with every other endpoint using the account; a 429 pauses the budget for
 * its wait, so they all hold back.
 */
public final class SheetsClient {
  /** The render options the endpoint reads with. */
  public enum Render {
    /** Computed values, typed: numbers, booleans, serial-number dates. */
    UNFORMATTED_VALUE,
    /** Formulas as their text ({@code =A1*2}); other cells as {@link #UNFORMATTED_VALUE}. */
    FORMULA
  }

  /**
   * A tab's properties.
   *
   * @param sheetId the tab's stable id
   * @param title its title
   * @param rows the grid's row count
   * @param columns the grid's column count
   */
  public record Tab(int sheetId, String title, int rows, int columns) {}

  private static final Logger LOG = LoggerFactory.getLogger(SheetsClient.class);

  private final Sheets sheets;
  private final String spreadsheetId;
  private final String label;
  private final String clientEmail;
  private final int maxRetries;
  private final Backoff backoff;
  private final RequestBudget budget;

  /** Unpaced: for tests that script the answers. */
  private static final RequestBudget UNPACED =
      new RequestBudget() {
        @Override
        public void acquire() {}

        @Override
        public void pause(Duration duration) {}
      };

  /**
   * @param label names the endpoint in errors ({@code registries.people.endpoints.sheet})
   * @param clientEmail the service account, named when the spreadsheet is not shared with it
   */
  SheetsClient(
      Sheets sheets,
      String spreadsheetId,
      String label,
      String clientEmail,
      int maxRetries,
      Backoff backoff) {
    this(sheets, spreadsheetId, label, clientEmail, maxRetries, backoff, UNPACED);
  }

  /**
   * @param budget the service account's request budget
   */
  SheetsClient(
      Sheets sheets,
      String spreadsheetId,
      String label,
      String clientEmail,
      int maxRetries,
      Backoff backoff,
      RequestBudget budget) {
    this.sheets = sheets;
    this.spreadsheetId = spreadsheetId;
    this.label = label;
    this.clientEmail = clientEmail;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.budget = budget;
  }

  /**
   * A client of the API at {@code rootUrl} authenticated as {@code key}, pacing its requests by
   * {@code budget}.
   */
  static SheetsClient open(
      String rootUrl,
      ServiceAccountKey key,
      SheetsSettings settings,
      Backoff backoff,
      RequestBudget budget) {
    HttpCredentialsAdapter credentials = new HttpCredentialsAdapter(key.credentials());
    HttpRequestInitializer initializer =
        request -> {
          credentials.initialize(request);
          request.setConnectTimeout(10_000);
          // Sheets gives up on a request after 180 s; a read of a large tab takes seconds.
          request.setReadTimeout(190_000);
          // The one retry the library makes: after a 401, with a refreshed token.
          request.setNumberOfRetries(1);
        };
    HttpTransport transport = new NetHttpTransport();
    Sheets sheets =
        new Sheets.Builder(transport, GsonFactory.getDefaultInstance(), initializer)
            .setApplicationName("chittysync")
            .setRootUrl(rootUrl)
            .build();
    return new SheetsClient(
        sheets,
        settings.spreadsheetId(),
        settings.path(),
        key.clientEmail(),
        settings.maxRetries(),
        backoff,
        budget);
  }

  /** Every tab's properties: {@code spreadsheets.get} with {@code fields=sheets.properties}. */
  public List<Tab> tabs() {
    Spreadsheet spreadsheet =
        read(
            "spreadsheets.get",
            () ->
                sheets.spreadsheets().get(spreadsheetId).setFields("sheets.properties").execute());
    List<Tab> tabs = new ArrayList<>();
    if (spreadsheet.getSheets() != null) {
      for (Sheet sheet : spreadsheet.getSheets()) {
        SheetProperties p = sheet.getProperties();
        if (p == null) {
          continue;
        }
        boolean grid = p.getSheetType() == null || p.getSheetType().equals("GRID");
        int rows =
            grid && p.getGridProperties() != null ? nz(p.getGridProperties().getRowCount()) : 0;
        int columns =
            grid && p.getGridProperties() != null ? nz(p.getGridProperties().getColumnCount()) : 0;
        tabs.add(new Tab(nz(p.getSheetId()), p.getTitle(), rows, columns));
      }
    }
    return tabs;
  }

  /**
   * The values of {@code range}, rows of cells ({@link String}, {@link java.math.BigDecimal},
   * {@link Boolean}); ragged as the API sends them, empty when the range is.
   */
  public List<List<Object>> values(String range, Render render) {
    ValueRange answer =
        read(
            "values.get " + range,
            () ->
                sheets
                    .spreadsheets()
                    .values()
                    .get(spreadsheetId, range)
                    .setValueRenderOption(render.name())
                    .setDateTimeRenderOption("SERIAL_NUMBER")
                    .setMajorDimension("ROWS")
                    .execute());
    return answer.getValues() == null ? List.of() : answer.getValues();
  }

  /**
   * A cell's place in the grid.
   *
   * @param row zero-based row index (row 1 is 0)
   * @param column zero-based column index (column A is 0)
   */
  public record GridCell(int row, int column) {}

  /**
   * The cells of {@code ranges} (A1, one tab) that hold a formula: one {@code spreadsheets.get} of
   * their grid data, masked to each cell's {@code userEnteredValue.formulaValue}, which only a
   * formula has (text that merely starts with {@code =} has a {@code stringValue}). Retried as
   * every read.
   */
  public Set<GridCell> formulaCells(List<String> ranges) {
    Spreadsheet spreadsheet =
        read(
            "spreadsheets.get (formulas) " + String.join(",", ranges),
            () ->
                sheets
                    .spreadsheets()
                    .get(spreadsheetId)
                    .setRanges(ranges)
                    .setFields(
                        "sheets.data(startRow,startColumn,rowData.values.userEnteredValue"
                            + ".formulaValue)")
                    .execute());
    Set<GridCell> formulas = new HashSet<>();
    if (spreadsheet.getSheets() == null) {
      return formulas;
    }
    for (Sheet sheet : spreadsheet.getSheets()) {
      if (sheet.getData() == null) {
        continue;
      }
      for (GridData data : sheet.getData()) {
        if (data.getRowData() == null) {
          continue;
        }
        int top = nz(data.getStartRow());
        int left = nz(data.getStartColumn());
        for (int r = 0; r < data.getRowData().size(); r++) {
          List<CellData> cells = data.getRowData().get(r).getValues();
          for (int c = 0; cells != null && c < cells.size(); c++) {
            ExtendedValue entered =
                cells.get(c) == null ? null : cells.get(c).getUserEnteredValue();
            if (entered != null && entered.getFormulaValue() != null) {
              formulas.add(new GridCell(top + r, left + c));
            }
          }
        }
      }
    }
    return formulas;
  }

  /** Sets cells, {@code RAW}: one {@code values.batchUpdate}, tried once. */
  public void setValues(List<ValueRange> data) {
    write(
        "values.batchUpdate",
        () ->
            sheets
                .spreadsheets()
                .values()
                .batchUpdate(
                    spreadsheetId,
                    new BatchUpdateValuesRequest().setValueInputOption("RAW").setData(data))
                .execute());
  }

  /**
   * Appends {@code rows} after the table at {@code range}, {@code RAW} and {@code INSERT_ROWS} (so
   * that new rows are inserted, never written over what follows the table), tried once.
   *
   * @return the range written
   */
  public String append(String range, List<List<Object>> rows) {
    AppendValuesResponse answer =
        write(
            "values.append " + range,
            () ->
                sheets
                    .spreadsheets()
                    .values()
                    .append(spreadsheetId, range, new ValueRange().setValues(rows))
                    .setValueInputOption("RAW")
                    .setInsertDataOption("INSERT_ROWS")
                    .execute());
    return answer.getUpdates() == null ? null : answer.getUpdates().getUpdatedRange();
  }

  /** {@code spreadsheets.batchUpdate} (dimension requests), tried once. */
  public void batchUpdate(List<Request> requests) {
    write(
        "spreadsheets.batchUpdate",
        () ->
            sheets
                .spreadsheets()
                .batchUpdate(
                    spreadsheetId, new BatchUpdateSpreadsheetRequest().setRequests(requests))
                .execute());
  }

  /** One call of the client. */
  @FunctionalInterface
  interface Call<T> {
    T execute() throws IOException;
  }

  <T> T read(String what, Call<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        paced(what);
        return call.execute();
      } catch (IOException e) {
        SheetsApiException failure = failure(what, e, true, attempt);
        if (!failure.retryable() || attempt >= maxRetries) {
          throw failure;
        }
        long wait = backoff.delay(attempt, failure.retryAfterMillis());
        if (failure.status() == 429) {
          // The quota is the account's: every endpoint on it holds back, not just this one.
          budget.pause(Duration.ofMillis(wait));
        }
        LOG.info("{}; retrying in {} ms", failure.getMessage(), wait);
        if (!Backoff.sleep(wait)) {
          throw failure;
        }
      }
    }
  }

  <T> T write(String what, Call<T> call) {
    try {
      paced(what);
      return call.execute();
    } catch (IOException e) {
      throw failure(what, e, false, 0);
    }
  }

  /**
   * Waits for this request's turn on the budget. An interrupt ends the wait with nothing sent, and
   * is not retried.
   */
  private void paced(String what) {
    try {
      budget.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SheetsApiException.of(
          ErrorCode.ENDPOINT_UNAVAILABLE,
          label + ": " + what + ": interrupted while waiting its turn; nothing was sent",
          0,
          "",
          false,
          false,
          -1,
          e);
    }
  }

  /** What {@code e}, thrown by {@code what}, means for the endpoint's operator. */
  SheetsApiException failure(String what, IOException e, boolean idempotent, int attempt) {
    String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " tries)";
    if (e instanceof HttpResponseException http) {
      int status = http.getStatusCode();
      GoogleJsonError details =
          e instanceof GoogleJsonResponseException json ? json.getDetails() : null;
      String googleStatus =
          details != null && details.get("status") != null ? details.get("status").toString() : "";
      String message = details != null && details.getMessage() != null ? details.getMessage() : "";
      String reason = errorInfoReason(details);
      long retryAfter =
          retryAfterMillis(http.getHeaders() == null ? null : http.getHeaders().getRetryAfter());
      String head =
          label
              + ": "
              + what
              + ": HTTP "
              + status
              + (googleStatus.isEmpty() ? "" : " " + googleStatus);
      if (status == 401) {
        return SheetsApiException.of(
            ErrorCode.ENDPOINT_UNAUTHORIZED,
            head
                + ": Google refused the credentials of service account "
                + clientEmail
                + " (check that its key is current and not deleted)",
            status,
            googleStatus,
            false,
            false,
            -1,
            e);
      }
      if (status == 403) {
        if (reason.equals("SERVICE_DISABLED") || message.contains("has not been used in project")) {
          return SheetsApiException.of(
              ErrorCode.ENDPOINT_UNAUTHORIZED,
              head
                  + ": the Google Sheets API is not enabled in the service account's project;"
                  + " enable it, wait a few minutes and retry ("
                  + message
                  + ")",
              status,
              googleStatus,
              false,
              false,
              -1,
              e);
        }
        return SheetsApiException.of(
            ErrorCode.ENDPOINT_UNAUTHORIZED,
            head
                + ": spreadsheet "
                + spreadsheetId
                + " is not shared with "
                + clientEmail
                + " (share it with that address as Editor)",
            status,
            googleStatus,
            false,
            false,
            -1,
            e);
      }
      if (status == 404) {
        return SheetsApiException.of(
            ErrorCode.CONFIG_INVALID,
            head
                + ": spreadsheet "
                + spreadsheetId
                + " does not exist (check spreadsheet_id: the part of the spreadsheet's URL"
                + " between /d/ and /edit)",
            status,
            googleStatus,
            false,
            false,
            -1,
            e);
      }
      if (status == 429) {
        return SheetsApiException.of(
            ErrorCode.ENDPOINT_UNAVAILABLE,
            head
                + tries
                + ": over the Sheets API's per-minute quota (60 reads and 60 writes a minute per"
                + " service account)"
                + (message.isEmpty() ? "" : ": " + message),
            status,
            googleStatus,
            true,
            false,
            retryAfter,
            e);
      }
      if (status == 500 || status == 502 || status == 503 || status == 504) {
        return SheetsApiException.of(
            ErrorCode.ENDPOINT_UNAVAILABLE,
            head + tries + (message.isEmpty() ? "" : ": " + message),
            status,
            googleStatus,
            true,
            !idempotent,
            retryAfter,
            e);
      }
      if (status == 400 && message.contains("number of cells in the workbook above the limit")) {
        // The connector checks the limit before appending, from the grids it read; this is
        // Google's own refusal, when a tab grew meanwhile.
        message +=
            " (spreadsheet "
                + spreadsheetId
                + " is full: Google counts every tab's rows × columns, empty cells too; split the"
                + " registry across spreadsheets, or make room: remove columns, delete the empty"
                + " rows below the table, or move other tabs elsewhere)";
      }
      return SheetsApiException.of(
          ErrorCode.SYNC_FAILED,
          head + (message.isEmpty() ? "" : ": " + message),
          status,
          googleStatus,
          false,
          false,
          -1,
          e);
    }
    if (e instanceof Retryable auth) {
      // The token exchange failed (google-auth-library retried it already on 5xx and 429).
      String message = firstLine(e.getMessage());
      boolean retryable = auth.isRetryable();
      return SheetsApiException.of(
          retryable ? ErrorCode.ENDPOINT_UNAVAILABLE : ErrorCode.ENDPOINT_UNAUTHORIZED,
          label
              + ": "
              + what
              + tries
              + ": no access token for service account "
              + clientEmail
              + " from the key's token_uri: "
              + message,
          0,
          "",
          retryable,
          false,
          -1,
          e);
    }
    return SheetsApiException.of(
        ErrorCode.ENDPOINT_UNAVAILABLE,
        label
            + ": "
            + what
            + tries
            + ": no answer ("
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
            + ")",
        0,
        "",
        true,
        !idempotent,
        -1,
        e);
  }

  private static String errorInfoReason(GoogleJsonError details) {
    if (details == null || details.getDetails() == null) {
      return "";
    }
    for (GoogleJsonError.Details d : details.getDetails()) {
      if (d.getReason() != null && d.getType() != null && d.getType().endsWith("ErrorInfo")) {
        return d.getReason();
      }
    }
    return "";
  }

  static long retryAfterMillis(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      return Math.round(Double.parseDouble(header.trim()) * 1000);
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (RuntimeException unparsable) {
        return -1;
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
