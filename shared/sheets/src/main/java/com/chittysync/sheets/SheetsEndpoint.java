package com.chittysync.sheets;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A registry's endpoint in one tab of a Google Sheet.
 *
 * <p>Rows are matched to records by their key cell, never by row number, so rows may be sorted,
 * inserted and deleted by hand between syncs. A sync costs one {@code spreadsheets.get} (the tab's
 * id and grid size) and one {@code values.get} of the whole tab; applying a plan costs one
 * confirming {@code values.get} and at most one {@code values.batchUpdate} (changed cells), one
 * {@code spreadsheets.batchUpdate} (rows deleted bottom-up) and one {@code values.append} (new
 * rows). Every op is checked against the confirming read first: a row that no longer holds the key
 * or the values the plan was made against is never written, and the op is reported stale. New rows
 * that would take the spreadsheet over Google's cell limit fail all together, before anything of
 * them is written; updates and deletes still go on ({@link CellLimit}, {@link WriteRound}).
 */
public final class SheetsEndpoint implements Endpoint {
  /**
   * Ops per apply: all of a plan, so that one sync is one confirming read and at most three writes
   * (a spreadsheet has at most 10 million cells, so never more rows than this). One batch is also
   * what lets the cell limit be judged for all of a sync's new rows at once.
   */
  static final int MAX_BATCH = (int) CellLimit.MAX_CELLS;

  private final SheetsSettings settings;
  private final SheetsClient client;
  private final Supplier<SchemaTypes> typesSource;
  private final Backoff backoff;
  private final Supplier<String> newKey;
  private final Set<String> elsewhere;
  private SchemaTypes types;
  private SheetsClient.Tab tab;
  // The cells of the spreadsheet's other tabs, read with tab: the cell limit counts them too.
  private long otherTabsCells;
  // What check() read, for the fetch that follows it: one values.get per sync, not two.
  private SheetTable checked;

  SheetsEndpoint(
      SheetsSettings settings,
      SheetsClient client,
      Supplier<SchemaTypes> types,
      Backoff backoff,
      Supplier<String> newKey,
      Set<String> elsewhere) {
    this.elsewhere = Set.copyOf(elsewhere);
    this.settings = settings;
    this.client = client;
    this.typesSource = types;
    this.backoff = backoff;
    this.newKey = newKey;
  }

  @Override
  public String name() {
    return settings.name();
  }

  /**
   * Sheets keeps no change times: every fetch is a full scan, which also shows deletions. Formula
   * cells are found per cell when writing (see {@link BatchWriter}), not per column.
   *
   * <p>The fields other endpoints of the registry map and this tab does not are declared read-only:
   * the tab neither holds nor writes them, so the engine must not plan them here nor take their
   * absence from the tab for a change (which would clear them everywhere).
   */
  @Override
  public EndpointCapabilities capabilities() {
    return new EndpointCapabilities(false, MAX_BATCH, elsewhere);
  }

  /** Checks that the tab exists and its header row has every mapped header, once. */
  @Override
  public synchronized void check() {
    checked = read();
  }

  @Override
  public synchronized FetchResult fetch(FetchRequest request) {
    SheetTable table = checked != null ? checked : read();
    checked = null;
    RowCodec codec = codec();
    List<RemoteRecord> records = new ArrayList<>(table.rows().size());
    List<RecordProblem> problems = new ArrayList<>();
    Map<String, List<SheetTable.Row>> duplicates = table.duplicates();
    List<SheetTable.Row> keyless = new ArrayList<>();
    for (SheetTable.Row row : table.rows()) {
      if (row.key() == null) {
        keyless.add(row);
        continue;
      }
      if (duplicates.containsKey(row.key())) {
        continue;
      }
      add(codec.read(row, table.layout(), row.key()), row.key(), records, problems);
    }
    duplicates.forEach((key, rows) -> problems.add(duplicate(key, rows, table.layout())));
    if (!keyless.isEmpty()) {
      if (settings.managedKey() && request.dryRun()) {
        // A dry run changes nothing: the keys are written by the next sync.
        for (SheetTable.Row row : keyless) {
          problems.add(
              keyless(
                  row,
                  "has no key yet; the next sync (not a dry run) writes one in column '"
                      + SheetsSettings.MANAGED_KEY_HEADER
                      + "'"));
        }
      } else if (settings.managedKey()) {
        KeyAssigner.Assigned assigned =
            new KeyAssigner(settings, client, this::tab, this::grew, backoff, newKey)
                .assign(table, keyless);
        for (SheetTable.Row row : keyless) {
          String key = assigned.keys().get(row.number());
          if (key != null) {
            add(codec.read(row, table.layout(), key), key, records, problems);
          } else {
            problems.add(keyless(row, "has no key yet: " + assigned.why()));
          }
        }
      } else {
        for (SheetTable.Row row : keyless) {
          problems.add(
              keyless(
                  row,
                  "has values but no key in column '"
                      + settings.keyHeader()
                      + "' ("
                      + A1.cell(table.layout().keyColumn(), row.number())
                      + "); type a key there that no other row has"));
        }
      }
    }
    return new FetchResult(records, true, Optional.empty(), problems);
  }

  /** A row without a key, reported by row number: "row N of tab 'T' {@code why}". */
  private RecordProblem keyless(SheetTable.Row row, String why) {
    return new RecordProblem(
        null,
        "row " + row.number(),
        List.of(
            new RecordProblem.FieldError(
                "/" + settings.keyField(),
                "row " + row.number() + " of tab '" + settings.sheet() + "' " + why)));
  }

  /** The record, remote id its key; or, when a cell does not fit its type, the problem. */
  private static void add(
      RowCodec.Converted converted,
      String key,
      List<RemoteRecord> records,
      List<RecordProblem> problems) {
    if (converted.record() != null) {
      records.add(new RemoteRecord(key, converted.record(), Optional.empty()));
    } else {
      problems.add(new RecordProblem(key, key, converted.errors()));
    }
  }

  private RecordProblem duplicate(String key, List<SheetTable.Row> rows, SheetLayout layout) {
    List<String> numbers = new ArrayList<>();
    rows.forEach(r -> numbers.add(String.valueOf(r.number())));
    return new RecordProblem(
        key,
        key,
        List.of(
            new RecordProblem.FieldError(
                "/" + settings.keyField(),
                "rows "
                    + String.join(", ", numbers)
                    + " of tab '"
                    + settings.sheet()
                    + "' all hold key '"
                    + key
                    + "' in column '"
                    + settings.keyHeader()
                    + "' ("
                    + A1.column(layout.keyColumn())
                    + "); none of them is synced until only one does")));
  }

  /**
   * The record as the next fetch reads it once it is written: each mapped field through the
   * connector's own write and read of its cell ({@link CellCodec#stored}), with what Sheets keeps
   * of a {@code RAW} write between them. So an empty string comes back as no value, a number as the
   * double Sheets keeps (17 significant digits at most), a date-time to the millisecond in UTC, a
   * date as {@code 2016-03-01} whatever way it was given, a boolean or number in a text column as
   * its text ({@code TRUE}, {@code 1.5}); text (with {@code =}, a leading {@code '}, spaces or
   * newlines) exactly as given. Makes no request; the schema's types are read once, as for a fetch.
   */
  @Override
  public CanonicalRecord represent(CanonicalRecord record) {
    return codec().represent(record);
  }

  @Override
  public synchronized List<OpResult> apply(List<Op> ops) {
    checked = null; // what check() read is stale once anything is written
    return new BatchWriter(settings, client, codec(), grids(), backoff).apply(ops);
  }

  @Override
  public void close() {
    // The JDK transport holds no resources of its own.
  }

  /** The whole tab from the header row down, computed values, with its headers checked. */
  private SheetTable read() {
    SheetsClient.Tab t = tab();
    if (t.rows() < settings.headerRow()) {
      throw new ConfigException(
          settings.path()
              + ".header_row: tab '"
              + t.title()
              + "' has "
              + t.rows()
              + " rows; the header row "
              + settings.headerRow()
              + " is past its end");
    }
    List<List<Object>> values =
        client.values(range(settings, t), SheetsClient.Render.UNFORMATTED_VALUE);
    return SheetTable.of(values, settings);
  }

  /** {@code 'Tab'!A<header>:<last column>}: every column of the grid, every row below. */
  static String range(SheetsSettings settings, SheetsClient.Tab t) {
    return A1.openRows(t.title(), 0, settings.headerRow(), Math.max(0, t.columns() - 1));
  }

  /** The tab's properties, read once per endpoint. */
  synchronized SheetsClient.Tab tab() {
    if (tab == null) {
      List<SheetsClient.Tab> tabs = client.tabs();
      for (SheetsClient.Tab t : tabs) {
        if (t.title().equals(settings.sheet())) {
          long others = 0;
          for (SheetsClient.Tab other : tabs) {
            others += other == t ? 0 : (long) other.rows() * other.columns();
          }
          otherTabsCells = others;
          if (t.columns() == 0) {
            throw new ConfigException(
                settings.path()
                    + ".sheet: tab '"
                    + t.title()
                    + "' is a chart, not a grid of cells");
          }
          tab = t;
          return t;
        }
      }
      List<String> titles = new ArrayList<>();
      String hint = "";
      for (SheetsClient.Tab t : tabs) {
        titles.add("'" + t.title() + "'");
        if (t.title()
            .trim()
            .toLowerCase(Locale.ROOT)
            .equals(settings.sheet().trim().toLowerCase(Locale.ROOT))) {
          hint = "; did you mean '" + t.title() + "'?";
        }
      }
      throw new ConfigException(
          settings.path()
              + ".sheet: spreadsheet "
              + settings.spreadsheetId()
              + " has no tab '"
              + settings.sheet()
              + "'"
              + hint
              + " (tabs: "
              + String.join(", ", titles)
              + ")");
    }
    return tab;
  }

  /** Records that the grid now has {@code columns} columns (after an appendDimension). */
  synchronized void grew(int columns) {
    SheetsClient.Tab t = tab();
    tab = new SheetsClient.Tab(t.sheetId(), t.title(), t.rows(), Math.max(columns, t.columns()));
  }

  /** Records that the grid gained {@code delta} rows (appended) or lost {@code -delta}. */
  synchronized void rowsChanged(int delta) {
    SheetsClient.Tab t = tab();
    tab = new SheetsClient.Tab(t.sheetId(), t.title(), Math.max(0, t.rows() + delta), t.columns());
  }

  /** What the writes see of the spreadsheet's grids, through this endpoint's record of them. */
  private Grids grids() {
    return new Grids() {
      @Override
      public SheetsClient.Tab tab() {
        return SheetsEndpoint.this.tab();
      }

      @Override
      public long otherTabsCells() {
        synchronized (SheetsEndpoint.this) {
          SheetsEndpoint.this.tab();
          return otherTabsCells;
        }
      }

      @Override
      public void grew(int columns) {
        SheetsEndpoint.this.grew(columns);
      }

      @Override
      public void rowsChanged(int delta) {
        SheetsEndpoint.this.rowsChanged(delta);
      }
    };
  }

  private synchronized RowCodec codec() {
    if (types == null) {
      types = typesSource.get();
    }
    return new RowCodec(settings, types);
  }
}
