package com.chittysync.postgres;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.connect.RecordSink;
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
    List<RemoteRecord> records = new ArrayList<>();
    Set<String> withdrawn = new HashSet<>();
    FetchResult result =
        read(
            c,
            s,
            new RecordSink() {
              @Override
              public void accept(RemoteRecord record) {
                records.add(record);
              }

              @Override
              public void withdraw(String key) {
                withdrawn.add(key);
              }
            });
    if (!withdrawn.isEmpty()) {
      records.removeIf(r -> withdrawn.contains(r.key()));
    }
    return new FetchResult(records, true, Optional.empty(), result.problems());
  }

  /**
   * Streams the table to {@code sink}: a record is handed on as its row is read, and withdrawn when
   * a later row shares its key; the result holds the problems only.
   */
  FetchResult read(Connection c, TableShape s, RecordSink sink) throws SQLException {
    PgTransactions.setLocal(c);
    List<PgColumn> columns = s.columns();
    int n = columns.size();
    int keyIndex = s.key();
    PgColumn modified = s.modified().orElse(null);
    List<RecordProblem> problems = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    // Of each shared key, how many of its rows were readable records: each is reported.
    Map<String, Integer> sharedRecords = new LinkedHashMap<>();
    // Keys whose first row could not be read: nothing was handed on for them to withdraw.
    Set<String> firstUnread = new HashSet<>();
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
          boolean first = seen.add(key);
          if (first && errors != null) {
            firstUnread.add(key);
          }
          if (!first) {
            if (!counts.containsKey(key) && !firstUnread.contains(key)) {
              sink.withdraw(key);
              sharedRecords.merge(key, 1, Integer::sum);
            }
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
          if (counts.containsKey(key)) {
            sharedRecords.merge(key, 1, Integer::sum);
          } else {
            sink.accept(new RemoteRecord(key, new CanonicalRecord(key, row), modifiedAt));
          }
        }
      }
    }
    // One problem per readable row of a shared key, each naming how many rows share it.
    sharedRecords.forEach(
        (key, records) -> {
          int count = counts.get(key);
          for (int i = 0; i < records; i++) {
            problems.add(
                new RecordProblem(
                    key,
                    null,
                    List.of(
                        new FieldError(
                            "/" + keyField,
                            count + " rows have this key; the key column must be unique"))));
          }
        });
    return new FetchResult(List.of(), true, Optional.empty(), problems);
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
