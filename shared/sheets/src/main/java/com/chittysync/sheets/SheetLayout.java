package com.chittysync.sheets;

import com.chittysync.core.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each mapped field's column is, found by its header text in the header row (never by
 * position, so columns may be moved or inserted by hand).
 *
 * @param columns canonical field to zero-based column, for every mapped field
 * @param keyColumn the key column, or -1 when the connector keeps the key column and it does not
 *     exist yet
 * @param firstColumn the leftmost non-empty header: the table's first column
 * @param lastColumn the rightmost non-empty header
 */
public record SheetLayout(
    Map<String, Integer> columns, int keyColumn, int firstColumn, int lastColumn) {

  public SheetLayout {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /** The column of {@code field}, or -1. */
  public int column(String field) {
    return columns.getOrDefault(field, -1);
  }

  /**
   * Finds the columns of {@code settings}' headers in {@code headerRow}.
   *
   * @throws ConfigException naming every mapped header that is missing or in several columns
   */
  public static SheetLayout of(List<Object> headerRow, SheetsSettings settings) {
    List<String> headers = new ArrayList<>();
    Map<String, List<Integer>> byText = new LinkedHashMap<>();
    int first = -1;
    int last = -1;
    for (int c = 0; c < headerRow.size(); c++) {
      Object cell = headerRow.get(c);
      String text = CellCodec.blank(cell) ? "" : CellCodec.text(cell).trim();
      headers.add(text);
      if (!text.isEmpty()) {
        byText.computeIfAbsent(text, t -> new ArrayList<>()).add(c);
        first = first < 0 ? c : first;
        last = c;
      }
    }
    List<String> problems = new ArrayList<>();
    String row = "row " + settings.headerRow() + " of tab '" + settings.sheet() + "'";
    Map<String, Integer> columns = new LinkedHashMap<>();
    if (byText.isEmpty()) {
      throw new ConfigException(
          settings.path()
              + ".header_row: "
              + row
              + " is empty; the headers ("
              + String.join(", ", settings.headers().values())
              + ") must be in row "
              + settings.headerRow()
              + " (set header_row to the row that holds them)");
    }
    settings
        .headers()
        .forEach(
            (field, header) -> {
              if (field.equals(settings.keyField()) && settings.managedKey()) {
                return; // found below; it may not exist yet
              }
              List<Integer> found = byText.getOrDefault(header, List.of());
              String where = settings.path() + ".fields." + field;
              if (found.isEmpty()) {
                problems.add(
                    where
                        + ": "
                        + row
                        + " has no header '"
                        + header
                        + "'"
                        + nearMatch(header, byText.keySet())
                        + " (headers: "
                        + String.join(", ", byText.keySet())
                        + ")");
              } else if (found.size() > 1) {
                problems.add(where + ": " + several(header, found, row));
              } else {
                columns.put(field, found.get(0));
              }
            });
    int keyColumn = -1;
    if (settings.managedKey()) {
      List<Integer> found = byText.getOrDefault(SheetsSettings.MANAGED_KEY_HEADER, List.of());
      if (found.size() > 1) {
        problems.add(
            settings.path() + ": " + several(SheetsSettings.MANAGED_KEY_HEADER, found, row));
      } else if (found.size() == 1) {
        keyColumn = found.get(0);
      }
    } else {
      keyColumn = columns.getOrDefault(settings.keyField(), -1);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SheetLayout(columns, keyColumn, first, last);
  }

  private static String several(String header, List<Integer> found, String row) {
    List<String> letters = new ArrayList<>();
    found.forEach(c -> letters.add(A1.column(c)));
    return "header '"
        + header
        + "' is in several columns of "
        + row
        + " ("
        + String.join(", ", letters)
        + "); rename all but one so the column is unambiguous";
  }

  private static String nearMatch(String header, Iterable<String> present) {
    String wanted = normal(header);
    for (String p : present) {
      if (normal(p).equals(wanted)) {
        return "; did you mean '" + p + "'?";
      }
    }
    return "";
  }

  private static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ").trim();
  }
}
