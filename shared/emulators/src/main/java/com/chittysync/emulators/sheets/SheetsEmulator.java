package com.chittysync.emulators.sheets;

import com.chittysync.emulators.EmulatorClock;
import com.chittysync.emulators.LoopbackServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * A stateful, in-process emulator of the Google Sheets API v4 and Google's OAuth token endpoint,
 * for tests and the local sandbox. Point the official Java client at it with {@code
 * Sheets.Builder#setRootUrl(rootUrl())} and credentials from {@code
 * ServiceAccountCredentials.fromStream(serviceAccount().jsonStream()).createScoped(SPREADSHEETS)};
 * the key file's {@code token_uri} already names {@link #tokenUri()}.
 *
 * <p>Endpoints: {@code POST /token} (JWT-bearer grant); under {@code /v4/spreadsheets}: {@code
 * POST} (create), {@code GET /{id}} (get, with {@code ranges}, {@code includeGridData}, {@code
 * fields}), {@code POST /{id}:batchUpdate}, {@code GET /{id}/values/{range}}, {@code PUT
 * /{id}/values/{range}}, {@code POST /{id}/values/{range}:append}, {@code POST
 * /{id}/values/{range}:clear}, {@code GET /{id}/values:batchGet}, {@code POST
 * /{id}/values:batchUpdate}, {@code POST /{id}/values:batchClear}. Request bodies may be gzipped
 * (the Java client does so by default).
 *
 * <p>Every API call needs a bearer token the emulator issued (or a self-signed JWT of an issued
 * account); the token names a service account, which sees only spreadsheets shared with it (403
 * otherwise; 404 for unknown ids). Per-minute read/write quotas apply per account ({@link
 * #quotas()}).
 *
 * <p>Test-side helpers ({@link #createSpreadsheet}, {@link #setValues}, {@link #humanEdit}, ...)
 * act directly, as a person in the Sheets UI would: no auth, quotas, faults or log entries.
 *
 * <h2>Seed format ({@link #loadSeed(Path)})</h2>
 *
 * <pre>{@code
 * { "spreadsheets": [
 *     { "id": "optional 44-char id", "title": "Registry",
 *       "shared_with": ["sync@chittysync-emulator.iam.gserviceaccount.com"],  // default: the default account
 *       "tabs": [
 *         { "title": "People", "rows": 1000, "columns": 26, "sheet_id": 0,   // all optional
 *           "input": "USER_ENTERED",                                         // or RAW
 *           "values": [ ["Name", "Joined", "Score", "Active"],
 *                       ["Ada", "2024-03-01", 12.5, true],
 *                       ["Bob", {"date": "2024-03-02"}, "=C2*2", {"string": "=not a formula"}] ] } ] } ] }
 * }</pre>
 *
 * <p>Known deviations are listed in {@code docs/sheets-emulator.md}: formulas cover a small subset
 * and only the same tab; no R1C1 or named ranges; number formats live with the value typed; only
 * dimension and sheet requests in {@code batchUpdate}.
 */
public final class SheetsEmulator implements AutoCloseable {
  /** The e-mail of the service account every emulator starts with. */
  public static final String DEFAULT_ACCOUNT =
      "chittysync-sync@" + Accounts.PROJECT_ID + ".iam.gserviceaccount.com";

  private final EmulatorClock clock = EmulatorClock.wallClock();
  private final Store store = new Store();
  private final Accounts accounts = new Accounts(this::tokenUri);
  private final AccessTokens tokens = new AccessTokens(accounts, clock);
  private final Quotas quotas = new Quotas(clock);
  private final Faults faults = new Faults();
  private final RequestLog log = new RequestLog();
  private final Hooks hooks = new Hooks();
  private final LoopbackServer server;
  private final ServiceAccount defaultAccount;

  private SheetsEmulator(int port) {
    server =
        LoopbackServer.start(
            "sheets-emulator",
            port,
            new Router(
                store, new TokenEndpoint(accounts, tokens), tokens, quotas, faults, log, hooks));
    // The key file names the token endpoint, whose port is known once the server listens.
    defaultAccount = accounts.create(DEFAULT_ACCOUNT);
  }

  /** Starts an emulator on 127.0.0.1 and a free port. */
  public static SheetsEmulator start() {
    return new SheetsEmulator(0);
  }

  /** Starts an emulator on 127.0.0.1:{@code port} (0 picks a free port). */
  public static SheetsEmulator start(int port) {
    return new SheetsEmulator(port);
  }

  /**
   * {@code http://127.0.0.1:PORT/} with the trailing slash {@code Sheets.Builder#setRootUrl} takes.
   */
  public String rootUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** The OAuth token endpoint, {@code rootUrl() + "token"}; named in every issued key file. */
  public String tokenUri() {
    return rootUrl() + "token";
  }

  /** The port listened on. */
  public int port() {
    return server.port();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.close();
  }

  // ---- accounts and tokens ----

  /**
   * The service account created at start ({@link #DEFAULT_ACCOUNT}); new spreadsheets are shared
   * with it.
   */
  public ServiceAccount serviceAccount() {
    return defaultAccount;
  }

  /** Issues another service account with a fresh key; it sees nothing until {@link #share}d. */
  public ServiceAccount newServiceAccount(String clientEmail) {
    return accounts.create(clientEmail);
  }

  /**
   * Invalidates every access token issued so far: the next API call answers 401 and the Java client
   * fetches a new token and retries, as after a real expiry.
   */
  public void revokeAccessTokens() {
    tokens.revokeAll();
  }

  /**
   * The clock behind quotas and token expiry: the wall clock's, unless a test moves it (also moved
   * by {@link Quotas#advance}) or freezes it.
   */
  public EmulatorClock clock() {
    return clock;
  }

  // ---- spreadsheets ----

  /**
   * Creates a spreadsheet with a Google-like 44-character id, shared with the default service
   * account. Each tab is 1000 rows × 26 columns; with no titles there is one tab, {@code Sheet1}.
   * The first tab has sheetId 0, later ones random ids, as in Sheets.
   */
  public String createSpreadsheet(String title, String... sheetTitles) {
    synchronized (store) {
      SpreadsheetRecord ss = store.create(null, title);
      ss.share(defaultAccount.clientEmail());
      if (sheetTitles.length == 0) {
        ss.addSheet(null, "Sheet1", 1000, 26, null);
      }
      for (String t : sheetTitles) {
        ss.addSheet(null, t, 1000, 26, null);
      }
      return ss.id;
    }
  }

  /** Adds a tab at the end and returns its (random) sheetId. */
  public int addSheet(String spreadsheetId, String title, int rowCount, int columnCount) {
    synchronized (store) {
      return store
          .require(spreadsheetId)
          .addSheet(null, title, rowCount, columnCount, null)
          .sheetId;
    }
  }

  /** Deletes a tab, as a person does from its menu (the last tab cannot be deleted). */
  public void deleteSheet(String spreadsheetId, String sheetTitle) {
    synchronized (store) {
      SpreadsheetRecord ss = store.require(spreadsheetId);
      if (ss.sheets.size() == 1) {
        throw new IllegalArgumentException("the last tab of " + spreadsheetId + " cannot go");
      }
      ss.sheets.remove(sheet(spreadsheetId, sheetTitle));
    }
  }

  /** The sheetId of a tab. */
  public int sheetId(String spreadsheetId, String sheetTitle) {
    synchronized (store) {
      return sheet(spreadsheetId, sheetTitle).sheetId;
    }
  }

  /** Ids of every spreadsheet, in creation order. */
  public List<String> spreadsheetIds() {
    return store.ids();
  }

  /** The spreadsheet's title. */
  public String title(String spreadsheetId) {
    synchronized (store) {
      return store.require(spreadsheetId).title;
    }
  }

  /** Shares a spreadsheet with a service account (by e-mail, as in the Share dialog). */
  public void share(String spreadsheetId, String clientEmail) {
    synchronized (store) {
      store.require(spreadsheetId).share(clientEmail);
    }
  }

  /** Stops sharing: the account's next call on it answers 403 PERMISSION_DENIED. */
  public void unshare(String spreadsheetId, String clientEmail) {
    synchronized (store) {
      store.require(spreadsheetId).unshare(clientEmail);
    }
  }

  // ---- values, as a person sees and types them ----

  /**
   * Types rows into a range (its top-left cell is the anchor) with USER_ENTERED semantics: {@code
   * "=..."} formulas, {@code "2024-03-01"}/{@code "3/1/2024"} dates, numbers, {@code TRUE}/{@code
   * FALSE}; Java numbers, booleans, {@code LocalDate}s and {@code LocalDateTime}s as such; null
   * leaves a cell unchanged and {@code ""} clears it. The grid grows to fit, as pasting in the UI
   * does.
   */
  public void setValues(String spreadsheetId, String a1Range, List<List<Object>> rows) {
    synchronized (store) {
      GridRange g = store.require(spreadsheetId).resolve(a1Range);
      SheetRecord sheet = g.sheet();
      for (int i = 0; i < rows.size(); i++) {
        List<Object> row = rows.get(i);
        for (int j = 0; j < row.size(); j++) {
          Object v = row.get(j);
          if (v == null) {
            continue;
          }
          int r = g.r0() + i;
          int c = g.c0() + j;
          sheet.rowCount = Math.max(sheet.rowCount, r + 1);
          sheet.columnCount = Math.max(sheet.columnCount, c + 1);
          sheet.set(r, c, InputParser.fromJava(v));
        }
      }
    }
  }

  /**
   * The UNFORMATTED_VALUE view of a range, as {@code values.get} returns it: trailing empty cells
   * and rows trimmed, empty cells inside a row as {@code ""}, numbers (dates as serial numbers) as
   * {@code BigDecimal} like the Java client gives them, booleans, strings, errors as {@code
   * "#REF!"}. The range is cut to the grid.
   */
  public List<List<Object>> values(String spreadsheetId, String a1Range) {
    return read(spreadsheetId, a1Range, RenderOptions.UNFORMATTED);
  }

  /** The FORMULA view: formulas as their text ({@code "=SUM(B2:B4)"}), other cells unformatted. */
  public List<List<Object>> formulas(String spreadsheetId, String a1Range) {
    return read(spreadsheetId, a1Range, RenderOptions.FORMULAS);
  }

  /** The FORMATTED_VALUE view: every cell as the string the UI shows ({@code "$20.50"}). */
  public List<List<Object>> formattedValues(String spreadsheetId, String a1Range) {
    return read(spreadsheetId, a1Range, RenderOptions.DEFAULT);
  }

  private List<List<Object>> read(String spreadsheetId, String a1Range, RenderOptions opts) {
    synchronized (store) {
      GridRange g = store.require(spreadsheetId).resolve(a1Range).clamp();
      return ValueReader.toJava(ValueReader.read(g, opts, false));
    }
  }

  /** A tab's grid size. */
  public GridSize gridSize(String spreadsheetId, String sheetTitle) {
    synchronized (store) {
      SheetRecord s = sheet(spreadsheetId, sheetTitle);
      return new GridSize(s.rowCount, s.columnCount);
    }
  }

  /** Cells in every tab's grid of a spreadsheet, empty or not: what the cell limit counts. */
  public long cells(String spreadsheetId) {
    synchronized (store) {
      return store.require(spreadsheetId).cells();
    }
  }

  /**
   * Sets how many cells (every tab's rowCount × columnCount) a spreadsheet may hold; Google's
   * limit, the default, is 10,000,000. An API request that would take a spreadsheet over it (an
   * append, an appendDimension, insertDimension, addSheet or grid resize, a create) answers 400
   * INVALID_ARGUMENT "This action would increase the number of cells in the workbook above the
   * limit of N cells." and changes nothing. Test-side helpers are not held to it, so a test can set
   * up a spreadsheet at or near the limit cheaply (a grid's size costs no memory, only its values
   * do).
   */
  public void cellLimit(long limit) {
    store.cellLimit(limit);
  }

  /** The cell limit in force (default 10,000,000). */
  public long cellLimit() {
    return store.cellLimit();
  }

  /** A person editing the tab in the UI (rows inserted, deleted, sorted, cells typed). */
  public HumanEditor humanEdit(String spreadsheetId, String sheetTitle) {
    synchronized (store) {
      return new HumanEdits(store, store.require(spreadsheetId), sheet(spreadsheetId, sheetTitle));
    }
  }

  private SheetRecord sheet(String spreadsheetId, String sheetTitle) {
    SheetRecord s = store.require(spreadsheetId).sheet(sheetTitle);
    if (s == null) {
      throw new IllegalArgumentException("no tab '" + sheetTitle + "' in " + spreadsheetId);
    }
    return s;
  }

  /**
   * Runs {@code edit} once, just before serving the first request that matches {@code when} (the
   * request's {@code status} is 0 then): a person editing between two of the connector's requests.
   * The edit happens before faults, authentication and quotas, so it runs even if the request then
   * fails.
   */
  public void beforeNextRequest(Predicate<RecordedRequest> when, Runnable edit) {
    hooks.add(when, edit);
  }

  // ---- infrastructure ----

  /** Per-minute read and write quotas per service account. */
  public Quotas quotas() {
    return quotas;
  }

  /** Fault injection. */
  public Faults faults() {
    return faults;
  }

  /** Every request received, including the token endpoint's. */
  public RequestLog requestLog() {
    return log;
  }

  // ---- seeds ----

  /** Loads a seed file (format in the class documentation and docs/sheets-emulator.md). */
  public void loadSeed(Path seedJson) {
    try {
      loadSeed(Json.MAPPER.readTree(Files.readString(seedJson)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a seed given as JSON. */
  public void loadSeed(JsonNode seed) {
    new SeedLoader(store, defaultAccount.clientEmail()).load(seed);
  }
}
