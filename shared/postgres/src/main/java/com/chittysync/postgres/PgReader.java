package com.chittysync.postgres;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.connect.RemoteRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads the whole table in one scan streamed through a cursor, as canonical records: a row whose
 * key is empty or shared with another row, or with a column that cannot be read, is a record
 * problem, not a record.
 */
final class PgReader {
  private static final int FETCH_SIZE = 10_000;

  private final String keyField;

  PgReader(PostgresSettings settings) {
    this.keyField = settings.keyField();
  }

  FetchResult read(Connection c, TableShape s) throws SQLException {
    PgTransactions.setLocal(c);
    List<PgColumn> columns = s.columns();
    int n = columns.size();
    int keyIndex = s.key();
    PgColumn modified = s.modified().orElse(null);
    List<RemoteRecord> records = new ArrayList<>();
    List<RecordProblem> problems = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    Set<String> seen = new HashSet<>();
    RowFields row = new RowFields(columns);
    try (PreparedStatement ps = c.prepareStatement(s.selectSql())) {
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<FieldError> errors = null;
          for (int j = 0; j < n; j++) {
            PgColumn column = columns.get(j);
            try {
              row.values[j] = PgValues.read(rs, j + 1, column);
            } catch (SQLException | RuntimeException e) {
              row.values[j] = null;
              if (errors == null) {
                errors = new ArrayList<>();
              }
              errors.add(
                  new FieldError(
                      "/" + column.field(),
                      "cannot read column " + column.display() + ": " + e.getMessage()));
            }
          }
          String key = PgValues.keyText(row.values[keyIndex]);
          if (key == null || key.isBlank()) {
            problems.add(
                new RecordProblem(
                    null, null, List.of(new FieldError("/" + keyField, "key is empty"))));
            continue;
          }
          if (!seen.add(key)) {
            counts.merge(key, counts.containsKey(key) ? 1 : 2, Integer::sum);
          }
          if (errors != null) {
            problems.add(new RecordProblem(key, key, errors));
            continue;
          }
          row.values[keyIndex] = TextNode.valueOf(key);
          Optional<Instant> modifiedAt =
              modified == null
                  ? Optional.empty()
                  : Optional.ofNullable(PgValues.instant(rs, n + 1));
          // CanonicalRecord copies the fields, so the one row map serves every row.
          records.add(new RemoteRecord(key, new CanonicalRecord(key, row), modifiedAt));
        }
      }
    }
    if (!counts.isEmpty()) {
      List<RemoteRecord> kept = new ArrayList<>(records.size());
      for (RemoteRecord r : records) {
        Integer count = counts.get(r.key());
        if (count != null) {
          problems.add(
              new RecordProblem(
                  r.key(),
                  null,
                  List.of(
                      new FieldError(
                          "/" + keyField,
                          count + " rows have this key; the key column must be unique"))));
        } else {
          kept.add(r);
        }
      }
      records = kept;
    }
    return new FetchResult(records, true, Optional.empty(), problems);
  }

  /**
   * One row's fields by canonical name, refilled for each row: {@link CanonicalRecord} copies what
   * it is given, so a scan need not build a map per row. Null values are absent.
   */
  private static final class RowFields extends AbstractMap<String, JsonNode> {
    private final String[] names;
    final JsonNode[] values;

    RowFields(List<PgColumn> columns) {
      names = new String[columns.size()];
      for (int j = 0; j < names.length; j++) {
        names[j] = columns.get(j).field();
      }
      values = new JsonNode[names.length];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
      for (int j = 0; j < names.length; j++) {
        if (values[j] != null) {
          action.accept(names[j], values[j]);
        }
      }
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
      Map<String, JsonNode> copy = new LinkedHashMap<>();
      forEach(copy::put);
      return copy.entrySet();
    }
  }
}
