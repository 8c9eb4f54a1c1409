package com.chittysync.sheets;

import com.chittysync.core.config.ConfigException;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.ValueRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Gives rows without a key a new one, when the connector keeps the key column itself: a person adds
 * a row by hand, and from then on it is tracked by the key written into its key cell (creating the
 * {@link SheetsSettings#MANAGED_KEY_HEADER} column first if the tab has none).
 *
 * <p>A key is written only to a row that, in a confirming read just before the write, is still at
 * the same place with the same values and still has no key; a row moved meanwhile gets its key at
 * the next sync. This is the one write a fetch makes (a dry run too): it changes no value, only
 * fills key cells.
 */
final class KeyAssigner {
  /**
   * What was assigned.
   *
   * @param keys row number (as of the fetch) to its new key
   * @param why why the other rows got none
   */
  record Assigned(Map<Integer, String> keys, String why) {}

  private final SheetsSettings settings;
  private final SheetsClient client;
  private final Supplier<SheetsClient.Tab> tab;
  private final IntConsumer grew;
  private final Backoff backoff;
  private final Supplier<String> newKey;

  KeyAssigner(
      SheetsSettings settings,
      SheetsClient client,
      Supplier<SheetsClient.Tab> tab,
      IntConsumer grew,
      Backoff backoff,
      Supplier<String> newKey) {
    this.settings = settings;
    this.client = client;
    this.tab = tab;
    this.grew = grew;
    this.backoff = backoff;
    this.newKey = newKey;
  }

  /** Assigns keys to {@code keyless} rows of {@code fetched}. */
  Assigned assign(SheetTable fetched, List<SheetTable.Row> keyless) {
    String why = "";
    long retryAfter = -1;
    for (int round = 0; round <= settings.maxRetries(); round++) {
      if (round > 0 && !Backoff.sleep(backoff.delay(round - 1, retryAfter))) {
        break;
      }
      SheetsClient.Tab t = tab.get();
      SheetTable now;
      try {
        now =
            SheetTable.of(
                client.values(SheetsEndpoint.range(settings, t), SheetsClient.Render.FORMULA),
                settings);
      } catch (ConfigException e) {
        return new Assigned(Map.of(), "the header row changed meanwhile: " + e.getMessage());
      }
      SheetLayout layout = fetched.layout();
      if (!now.layout().equals(layout)) {
        return new Assigned(
            Map.of(), "the columns changed while keys were being given; the next sync gives them");
      }
      int keyColumn = layout.keyColumn() >= 0 ? layout.keyColumn() : layout.lastColumn() + 1;
      boolean newColumn = layout.keyColumn() < 0;
      Map<Integer, SheetTable.Row> byNumber = new HashMap<>();
      now.rows().forEach(r -> byNumber.put(r.number(), r));
      Map<Integer, String> keys = new LinkedHashMap<>();
      for (SheetTable.Row row : keyless) {
        SheetTable.Row current = byNumber.get(row.number());
        if (current != null && current.key() == null && sameCells(row, current, layout)) {
          keys.put(row.number(), newKey.get());
        }
      }
      if (keys.isEmpty()) {
        return new Assigned(
            Map.of(), "the rows moved while keys were being given; the next sync gives them");
      }
      try {
        if (newColumn && keyColumn >= t.columns()) {
          client.batchUpdate(
              List.of(
                  new Request()
                      .setAppendDimension(
                          new AppendDimensionRequest()
                              .setSheetId(t.sheetId())
                              .setDimension("COLUMNS")
                              .setLength(keyColumn - t.columns() + 1))));
          grew.accept(keyColumn + 1);
        }
        List<ValueRange> data = new ArrayList<>();
        if (newColumn) {
          data.add(
              new ValueRange()
                  .setRange(A1.cell(settings.sheet(), keyColumn, settings.headerRow()))
                  .setValues(List.of(List.of(SheetsSettings.MANAGED_KEY_HEADER))));
        }
        data.addAll(runs(keyColumn, keys));
        client.setValues(data);
        return new Assigned(keys, "");
      } catch (SheetsApiException e) {
        if (e.fatal()) {
          throw e;
        }
        why = "its key could not be written: " + e.getMessage();
        if (!e.retryable()) {
          break;
        }
        retryAfter = e.retryAfterMillis();
      }
    }
    return new Assigned(Map.of(), why);
  }

  /** Key cells of consecutive rows as one range each. */
  private List<ValueRange> runs(int column, Map<Integer, String> keys) {
    List<ValueRange> ranges = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>(keys.keySet());
    numbers.sort(null);
    int i = 0;
    while (i < numbers.size()) {
      int top = numbers.get(i);
      List<List<Object>> values = new ArrayList<>();
      values.add(List.of(keys.get(top)));
      int bottom = top;
      while (i + 1 < numbers.size() && numbers.get(i + 1) == bottom + 1) {
        bottom = numbers.get(++i);
        values.add(List.of(keys.get(bottom)));
      }
      i++;
      ranges.add(
          new ValueRange()
              .setRange(A1.range(settings.sheet(), column, top, column, bottom))
              .setValues(values));
    }
    return ranges;
  }

  /**
   * Whether {@code now} (formulas rendered as formulas) holds what {@code before} (computed values)
   * held in every mapped column; a formula cell is taken as unchanged.
   */
  private boolean sameCells(SheetTable.Row before, SheetTable.Row now, SheetLayout layout) {
    for (int column : layout.columns().values()) {
      Object a = before.cell(column);
      Object b = now.cell(column);
      if (CellCodec.blank(a) && CellCodec.blank(b)) {
        continue;
      }
      if (a instanceof Number x && b instanceof Number y) {
        if (CellCodec.decimal(x).compareTo(CellCodec.decimal(y)) != 0) {
          return false;
        }
        continue;
      }
      if (Objects.equals(a, b)) {
        continue;
      }
      if (CellCodec.looksLikeFormula(b)) {
        continue;
      }
      return false;
    }
    return true;
  }
}
