package com.chittysync.postgres;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.postgres.PgColumn.Kind;
import com.chittysync.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
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
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A registry kept in a PostgreSQL table, keyed by a PRIMARY KEY or UNIQUE column.
 *
 * <p>Reads are full scans streamed through a cursor. Writes go in batches, one transaction per
 * {@link #apply} call: each batch is one statement over {@code unnest} of one {@code text[]}
 * parameter per column, so values always travel as parameters, in their text form, and are cast to
 * the column types by the database. Creates are {@code INSERT ... ON CONFLICT (key) DO NOTHING};
 * updates and deletes carry their precondition (every writable mapped column {@code IS NOT DISTINCT
 * FROM} its expected value) in their {@code WHERE} clause, and ops the statement did not touch are
 * then probed to tell a re-run ({@code ALREADY_APPLIED}) from a change made elsewhere ({@code
 * STALE}). A batch the database refuses is split in halves, each under its own savepoint, until the
 * ops at fault are alone and {@code FAILED} with the database's message; the rest apply.
 *
 * <p>Everything is safe behind a transaction-mode pooler: no session state, only {@code SET LOCAL}.
 */
public final class PostgresEndpoint implements Endpoint {
  /** SQLSTATEs worth retrying a whole transaction for: serialization failure, deadlock. */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

  /**
   * SQLSTATE classes of errors caused by an op's data: data exceptions (a value not castable to its
   * column), integrity constraint violations, errors raised by triggers and check options.
   */
  private static final Set<String> DATA_ERRORS =
      Set.of("22", "23", "27", "44", "P0", "09", "38", "39");

  private static final String UNIQUE_VIOLATION = "23505";

  private static final int MAX_ATTEMPTS = 5;
  private static final int FETCH_SIZE = 10_000;

  private final PostgresSettings settings;
  private final Database database;
  private final boolean ownsDatabase;
  private volatile TableShape shape;

  PostgresEndpoint(PostgresSettings settings, Database database, boolean ownsDatabase) {
    this.settings = settings;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public EndpointCapabilities capabilities() {
    TableShape s = shape;
    return new EndpointCapabilities(
        false, settings.batchSize(), s == null ? Set.of() : s.readOnlyFields());
  }

  /** The table, as {@code schema.table}. */
  public String table() {
    return settings.tableDisplay();
  }

  @Override
  public synchronized void check() {
    shape = transaction("inspecting", this::inspect);
  }

  private TableShape shape() {
    TableShape s = shape;
    if (s == null) {
      synchronized (this) {
        if (shape == null) {
          check();
        }
        s = shape;
      }
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // check

  private TableShape inspect(Connection c) throws SQLException {
    String path = settings.path();
    String table = settings.tableDisplay();
    List<String> problems = new ArrayList<>();

    long oid;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.oid, c.relkind,"
                + " has_any_column_privilege(c.oid, 'SELECT'),"
                + " has_any_column_privilege(c.oid, 'INSERT'),"
                + " has_any_column_privilege(c.oid, 'UPDATE'),"
                + " has_table_privilege(c.oid, 'DELETE')"
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
      ps.setString(1, settings.schema());
      ps.setString(2, settings.table());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ConfigException(
              path + ".table: table " + table + " does not exist" + similarTables(c));
        }
        oid = rs.getLong(1);
        String kind = rs.getString(2);
        switch (kind) {
          case "r", "p" -> {}
          case "v" -> problems.add(path + ".table: " + table + " is a view, not a table");
          case "m" ->
              problems.add(path + ".table: " + table + " is a materialized view, not a table");
          case "f" ->
              problems.add(
                  path
                      + ".table: "
                      + table
                      + " is a foreign table, which does not support INSERT ... ON CONFLICT");
          default -> problems.add(path + ".table: " + table + " is not a table");
        }
        List<String> missing = new ArrayList<>();
        String[] privileges = {"SELECT", "INSERT", "UPDATE", "DELETE"};
        for (int p = 0; p < privileges.length; p++) {
          if (!rs.getBoolean(3 + p)) {
            missing.add(privileges[p]);
          }
        }
        if (!missing.isEmpty()) {
          problems.add(
              path
                  + ": the database user lacks "
                  + String.join(", ", missing)
                  + " privilege on table "
                  + table);
        }
      }
    }

    record Attr(
        int num,
        String sqlType,
        String castType,
        Kind kind,
        Kind element,
        String typeName,
        int typmod,
        String readOnly) {}
    Map<String, Attr> attrs = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
                + " bt.typname, bt.typcategory, et.typname, a.attgenerated, a.attidentity,"
                + " tn.nspname, t.typname,"
                + " CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END"
                + " FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                + " JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace"
                + " JOIN pg_catalog.pg_type bt"
                + "   ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END"
                + " LEFT JOIN pg_catalog.pg_type et"
                + "   ON bt.typcategory = 'A' AND et.oid = bt.typelem"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String generated = rs.getString(7);
          String identity = rs.getString(8);
          String readOnly =
              generated != null && !generated.isEmpty()
                  ? "a generated column"
                  : "a".equals(identity) ? "an identity column GENERATED ALWAYS" : null;
          String element = rs.getString(6);
          attrs.put(
              rs.getString(2),
              new Attr(
                  rs.getInt(1),
                  rs.getString(3),
                  PgNames.quote(rs.getString(9)) + "." + PgNames.quote(rs.getString(10)),
                  Kind.of(rs.getString(4), rs.getString(5)),
                  element == null ? Kind.OTHER : Kind.of(element, ""),
                  element == null ? rs.getString(4) : element,
                  rs.getInt(11),
                  readOnly));
        }
      }
    }

    List<PgColumn> columns = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    int key = -1;
    int keyAttnum = -1;
    for (Map.Entry<String, String> mapping : settings.columns().entrySet()) {
      String field = mapping.getKey();
      String name = mapping.getValue();
      Attr attr = attrs.get(name);
      if (attr == null) {
        missing.add(PgNames.display(name));
        for (String existing : attrs.keySet()) {
          if (existing.equalsIgnoreCase(name)) {
            hints.add(
                "field '"
                    + field
                    + "': the column is "
                    + PgNames.quote(existing)
                    + " (write it double-quoted to keep its case)");
          }
        }
        continue;
      }
      if (field.equals(settings.keyField())) {
        key = columns.size();
        keyAttnum = attr.num();
      }
      columns.add(
          new PgColumn(
              field,
              name,
              attr.sqlType(),
              attr.castType(),
              attr.kind(),
              attr.element(),
              attr.typeName(),
              attr.typmod(),
              attr.readOnly() != null,
              attr.readOnly()));
    }
    if (!missing.isEmpty()) {
      problems.add(
          path
              + ": table "
              + table
              + " has no column(s) "
              + String.join(", ", missing)
              + (hints.isEmpty() ? "" : "; " + String.join("; ", hints)));
    }

    Optional<PgColumn> modified = Optional.empty();
    if (settings.modifiedColumn().isPresent()) {
      String name = settings.modifiedColumn().get();
      Attr attr = attrs.get(name);
      if (attr == null) {
        problems.add(
            path + ".modified_column: table " + table + " has no column " + PgNames.display(name));
      } else if (attr.kind() == Kind.TIMESTAMP) {
        // Its values name no zone: whoever wrote them wrote their own session's local time. Taken
        // in a wrong zone, a change would win or lose conflicts by hours, so refuse to guess.
        problems.add(
            path
                + ".modified_column: column "
                + PgNames.display(name)
                + " is "
                + attr.sqlType()
                + ", which does not say which time zone its times are in; make it timestamp with"
                + " time zone: ALTER TABLE "
                + settings.tableSql()
                + " ALTER COLUMN "
                + PgNames.quote(name)
                + " TYPE timestamptz USING "
                + PgNames.quote(name)
                + " AT TIME ZONE '<the zone its times are in>'");
      } else if (attr.kind() != Kind.TIMESTAMPTZ) {
        problems.add(
            path
                + ".modified_column: column "
                + PgNames.display(name)
                + " is "
                + attr.sqlType()
                + "; it must be a timestamp with time zone");
      } else if (attr.readOnly() != null) {
        problems.add(
            path
                + ".modified_column: column "
                + PgNames.display(name)
                + " is "
                + attr.readOnly()
                + "; it cannot be set to the time of each write");
      } else {
        modified =
            Optional.of(
                new PgColumn(
                    "",
                    name,
                    attr.sqlType(),
                    attr.castType(),
                    attr.kind(),
                    Kind.OTHER,
                    attr.typeName(),
                    attr.typmod(),
                    true,
                    "modification time"));
      }
    }

    if (key >= 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i"
                  + " WHERE i.indrelid = ? AND i.indisunique AND i.indimmediate AND i.indisvalid"
                  + " AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indnkeyatts = 1"
                  + " AND i.indkey[0] = ?)")) {
        ps.setLong(1, oid);
        ps.setInt(2, keyAttnum);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            String col = columns.get(key).display();
            problems.add(
                path
                    + ": key column "
                    + col
                    + " (field '"
                    + settings.keyField()
                    + "') of table "
                    + table
                    + " is not unique: it needs a PRIMARY KEY or a UNIQUE constraint on exactly"
                    + " that column (not partial, not deferrable), because creates rely on"
                    + " INSERT ... ON CONFLICT ("
                    + col
                    + ") to stay idempotent; for example: ALTER TABLE "
                    + table
                    + " ADD UNIQUE ("
                    + col
                    + ")");
          }
        }
      }
    }

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new TableShape(settings.tableSql(), columns, key, modified);
  }

  /** {@code "; did you mean ..."} naming tables whose name matches but for case or schema. */
  private String similarTables(Connection c) throws SQLException {
    List<String> similar = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE lower(c.relname) = lower(?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " ORDER BY 1, 2 LIMIT 5")) {
      ps.setString(1, settings.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          similar.add(PgNames.display(rs.getString(1)) + "." + PgNames.display(rs.getString(2)));
        }
      }
    }
    return similar.isEmpty() ? "" : "; did you mean " + String.join(" or ", similar) + "?";
  }

  // ---------------------------------------------------------------------------------------------
  // fetch

  @Override
  public FetchResult fetch(FetchRequest request) {
    TableShape s = shape();
    return transaction("reading", c -> read(c, s));
  }

  private FetchResult read(Connection c, TableShape s) throws SQLException {
    setLocal(c);
    List<PgColumn> columns = s.columns();
    int n = columns.size();
    int keyIndex = s.key();
    String keyField = settings.keyField();
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

  // ---------------------------------------------------------------------------------------------
  // represent

  /**
   * The record as the table holds it once written, from the column types learned by {@link
   * #check()}, without asking the database: each value goes the endpoint's own write path to its
   * text form, through a model of what the column's type stores for that text (rounding to a
   * numeric's scale or a timestamp's precision, a real's float precision, char padding, jsonb's
   * normalization, uuid's case...), and back through the fetch's own read path. A value whose
   * stored form is not certain without the database (see {@link PgStored}: a form the database
   * refuses, one read differently by server versions, a type not modelled) is held as given. The
   * key comes back as a string, as a fetch gives it; fields not mapped and read-only columns are
   * returned as given.
   *
   * @throws IllegalStateException before {@link #check()} (or a fetch or apply) learned the table
   */
  @Override
  public CanonicalRecord represent(CanonicalRecord record) {
    TableShape s = shape;
    if (s == null) {
      throw new IllegalStateException(
          settings.path()
              + ": represent needs the table's column types: check() the endpoint first");
    }
    Map<String, JsonNode> fields = null;
    List<PgColumn> columns = s.columns();
    for (int j = 0; j < columns.size(); j++) {
      PgColumn column = columns.get(j);
      JsonNode value = record.fields().get(column.field());
      if (value == null || column.readOnly()) {
        continue;
      }
      JsonNode held = held(s, j, value);
      if (!held.equals(value)) {
        if (fields == null) {
          fields = new LinkedHashMap<>(record.fields());
        }
        fields.put(column.field(), held);
      }
    }
    return fields == null ? record : new CanonicalRecord(record.key(), fields);
  }

  /** {@code value} of column {@code j} as the table holds it once written, as a fetch reads it. */
  private static JsonNode held(TableShape s, int j, JsonNode value) {
    JsonNode held = PgRepresent.value(value, s.columns().get(j));
    return j == s.key() && held != value ? TextNode.valueOf(PgValues.keyText(held)) : held;
  }

  // ---------------------------------------------------------------------------------------------
  // apply

  private enum Action {
    CREATE,
    UPDATE,
    DELETE
  }

  /**
   * One statement's worth of ops: their indices in the apply call, all of one action.
   *
   * @param changed for updates, the columns they set
   * @param optimistic for creates, whether to try a plain INSERT first
   */
  private record Batch(
      Action action, List<Integer> changed, List<Integer> ops, boolean optimistic) {
    Batch(Action action, List<Integer> changed, List<Integer> ops) {
      this(action, changed, ops, action == Action.CREATE);
    }

    Batch part(int from, int to) {
      return new Batch(action, changed, ops.subList(from, to), false);
    }
  }

  @Override
  public List<OpResult> apply(List<Op> ops) {
    if (ops.isEmpty()) {
      return List.of();
    }
    TableShape s = shape();
    OpResult[] refused = new OpResult[ops.size()];
    List<Batch> batches = plan(s, ops, refused);
    OpResult[] results =
        transaction(
            "writing",
            c -> {
              OpResult[] out = refused.clone();
              setLocal(c);
              try (Statement st = c.createStatement()) {
                // Deferred constraints would fail the whole commit; checked per statement, a
                // violation fails only its op.
                st.execute("SET CONSTRAINTS ALL IMMEDIATE");
                // A batch touches a few thousand rows by key: look each up in the key's index.
                // A merge join would read the index from its start up to the batch's highest
                // key, and a hash join the whole table, for every batch.
                st.execute("SET LOCAL enable_mergejoin = off");
                st.execute("SET LOCAL enable_hashjoin = off");
              }
              for (Batch batch : batches) {
                run(c, s, ops, batch, out);
              }
              return out;
            });
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        throw new ChittySyncException(
            ErrorCode.INTERNAL, settings.path() + ": op " + ops.get(i).opNo() + " got no outcome");
      }
    }
    return List.of(results);
  }

  /**
   * Refuses ops that can never apply (into {@code refused}) and groups the rest into statements:
   * deletes, then updates by the set of columns they change, then creates. An op on a key that an
   * earlier op of the call already touches runs on its own afterwards, in order.
   */
  private List<Batch> plan(TableShape s, List<Op> ops, OpResult[] refused) {
    PgColumn keyColumn = s.keyColumn();
    Map<String, PgColumn> byField = new HashMap<>();
    for (PgColumn column : s.columns()) {
      byField.put(column.field(), column);
    }
    List<Integer> deletes = new ArrayList<>();
    Map<List<Integer>, List<Integer>> updates = new LinkedHashMap<>();
    List<Integer> creates = new ArrayList<>();
    List<Batch> later = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String why = refusal(s, op, keyColumn, byField);
      if (why != null) {
        refused[i] = OpResult.failed(op.opNo(), why);
        continue;
      }
      boolean again = !keys.add(op.key());
      if (op instanceof Op.Create) {
        if (again) {
          later.add(new Batch(Action.CREATE, List.of(), List.of(i)));
        } else {
          creates.add(i);
        }
      } else if (op instanceof Op.Update u) {
        List<Integer> changed = new ArrayList<>();
        for (int j : s.writable()) {
          if (u.changes().containsKey(s.columns().get(j).field())) {
            changed.add(j);
          }
        }
        if (again) {
          later.add(new Batch(Action.UPDATE, changed, List.of(i)));
        } else {
          updates.computeIfAbsent(List.copyOf(changed), k -> new ArrayList<>()).add(i);
        }
      } else if (again) {
        later.add(new Batch(Action.DELETE, List.of(), List.of(i)));
      } else {
        deletes.add(i);
      }
    }
    List<Batch> batches = new ArrayList<>();
    chunk(batches, Action.DELETE, List.of(), deletes);
    updates.forEach((changed, indices) -> chunk(batches, Action.UPDATE, changed, indices));
    chunk(batches, Action.CREATE, List.of(), creates);
    batches.addAll(later);
    return batches;
  }

  private void chunk(List<Batch> into, Action action, List<Integer> changed, List<Integer> ops) {
    int size = settings.batchSize();
    for (int from = 0; from < ops.size(); from += size) {
      into.add(new Batch(action, changed, ops.subList(from, Math.min(ops.size(), from + size))));
    }
  }

  /** Why {@code op} can never apply here, or {@code null}. */
  private String refusal(TableShape s, Op op, PgColumn keyColumn, Map<String, PgColumn> byField) {
    String key = op.key();
    if (key == null || key.isBlank()) {
      return "the key is empty";
    }
    String nonCanonical = PgValues.nonCanonicalKey(key, keyColumn);
    if (nonCanonical != null) {
      return "key '"
          + key
          + "' "
          + nonCanonical
          + " for key column "
          + keyColumn.display()
          + " ("
          + keyColumn.sqlType()
          + "); it would read back as another key";
    }
    String keyField = settings.keyField();
    if (op instanceof Op.Create create) {
      if (keyColumn.readOnly()) {
        return "key column "
            + keyColumn.display()
            + " is "
            + keyColumn.readOnlyReason()
            + ": this endpoint cannot create records with a given key";
      }
      String recordKey = PgValues.keyText(create.target().fields().get(keyField));
      if (recordKey != null && !recordKey.equals(key)) {
        return "the record's key field '" + keyField + "' does not match the op's key";
      }
      for (PgColumn column : s.columns()) {
        if (column.readOnly() && create.target().fields().containsKey(column.field())) {
          return readOnly(column);
        }
      }
    } else if (op instanceof Op.Update update) {
      for (Map.Entry<String, JsonNode> change : update.changes().entrySet()) {
        if (change.getKey().equals(keyField)) {
          if (!key.equals(PgValues.keyText(change.getValue()))) {
            return "an update cannot change the key field '" + keyField + "'";
          }
          continue;
        }
        PgColumn column = byField.get(change.getKey());
        if (column != null && column.readOnly()) {
          return readOnly(column);
        }
      }
    }
    return null;
  }

  private static String readOnly(PgColumn column) {
    return "field '"
        + column.field()
        + "' is read-only here: column "
        + column.display()
        + " is "
        + column.readOnlyReason();
  }

  /**
   * Runs one batch under a savepoint. When the database refuses it, rolls back to the savepoint and
   * runs each half on its own, down to single ops, which then fail with the database's message.
   */
  private void run(Connection c, TableShape s, List<Op> ops, Batch batch, OpResult[] out)
      throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    try {
      execute(c, s, ops, batch, out);
      c.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      if (!isDataError(e)) {
        throw e;
      }
      c.rollback(savepoint);
      c.releaseSavepoint(savepoint);
      List<Integer> indices = batch.ops();
      if (batch.optimistic() && UNIQUE_VIOLATION.equals(e.getSQLState())) {
        // Some record exists already (a re-run): insert with ON CONFLICT and compare the rest.
        run(c, s, ops, batch.part(0, indices.size()), out);
        return;
      }
      if (indices.size() == 1) {
        Op op = ops.get(indices.get(0));
        out[indices.get(0)] = OpResult.failed(op.opNo(), refusedBecause(e));
        return;
      }
      int half = indices.size() / 2;
      run(c, s, ops, batch.part(0, half), out);
      run(c, s, ops, batch.part(half, indices.size()), out);
    }
  }

  /** Runs one batch's statement and probes the ops it did not apply; sets all their results. */
  private void execute(Connection c, TableShape s, List<Op> ops, Batch batch, OpResult[] out)
      throws SQLException {
    List<Integer> indices = batch.ops();
    Set<Integer> applied = new HashSet<>();
    boolean statement = batch.action() != Action.UPDATE || !batch.changed().isEmpty();
    if (statement) {
      String sql =
          switch (batch.action()) {
            case CREATE -> batch.optimistic() ? s.insertSql() : s.createSql();
            case UPDATE -> s.updateSql(batch.changed());
            case DELETE -> s.deleteSql();
          };
      boolean expected = batch.action() != Action.CREATE;
      List<Integer> target =
          switch (batch.action()) {
            case CREATE -> s.writable();
            case UPDATE -> batch.changed();
            case DELETE -> List.of();
          };
      Map<String, Integer> byKey = null;
      if (batch.action() == Action.CREATE) {
        byKey = new HashMap<>(indices.size() * 2);
        for (int i : indices) {
          byKey.put(ops.get(i).key(), i);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(c, ps, s, ops, indices, expected, target, false);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (byKey == null) {
              applied.add(indices.get(rs.getInt(1) - 1));
            } else {
              // A key that does not map back (not canonical for its type) is probed below.
              Integer i = byKey.get(PgValues.keyText(PgValues.read(rs, 1, s.keyColumn())));
              if (i != null) {
                applied.add(i);
              }
            }
          }
        }
      }
    }
    List<Integer> rest = new ArrayList<>();
    for (int i : indices) {
      if (!applied.contains(i)) {
        rest.add(i);
      }
    }
    OpResult[] results = new OpResult[out.length];
    if (!rest.isEmpty()) {
      probe(c, s, ops, batch.action(), rest, results);
    }
    for (int i : indices) {
      Op op = ops.get(i);
      out[i] = applied.contains(i) ? OpResult.applied(op.opNo(), op.key()) : results[i];
    }
  }

  /** Tells, for ops their statement did not apply, a re-run from a change made elsewhere. */
  private void probe(
      Connection c,
      TableShape s,
      List<Op> ops,
      Action action,
      List<Integer> indices,
      OpResult[] out)
      throws SQLException {
    boolean expected = action != Action.CREATE;
    boolean target = action != Action.DELETE;
    List<Integer> writable = s.writable();
    try (PreparedStatement ps = c.prepareStatement(s.probeSql(expected, target))) {
      bind(c, ps, s, ops, indices, expected, target ? writable : List.of(), true);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int i = indices.get(rs.getInt(1) - 1);
          Op op = ops.get(i);
          boolean present = rs.getBoolean(2);
          int column = 3;
          List<String> differFromExpected = new ArrayList<>();
          List<String> differFromTarget = new ArrayList<>();
          if (expected) {
            for (int j : writable) {
              if (!rs.getBoolean(column++)) {
                differFromExpected.add(s.columns().get(j).field());
              }
            }
          }
          if (target) {
            for (int j : writable) {
              if (!rs.getBoolean(column++)) {
                differFromTarget.add(s.columns().get(j).field());
              }
            }
          }
          out[i] = outcome(op, action, present, differFromExpected, differFromTarget);
        }
      }
    }
  }

  private static OpResult outcome(
      Op op,
      Action action,
      boolean present,
      List<String> differFromExpected,
      List<String> differFromTarget) {
    int no = op.opNo();
    switch (action) {
      case CREATE -> {
        if (!present) {
          return OpResult.stale(no, "not created and not found: another writer is changing it");
        }
        if (differFromTarget.isEmpty()) {
          return OpResult.alreadyApplied(no, op.key());
        }
        return OpResult.stale(
            no,
            "exists with different content (fields "
                + String.join(", ", differFromTarget)
                + " differ)");
      }
      case UPDATE -> {
        if (!present) {
          return OpResult.stale(no, "no longer exists at the endpoint");
        }
        if (differFromTarget.isEmpty()) {
          return OpResult.alreadyApplied(no, op.key());
        }
        return OpResult.stale(no, changedSincePlanned(differFromExpected));
      }
      default -> {
        if (!present) {
          return OpResult.alreadyApplied(no, op.key());
        }
        return OpResult.stale(no, changedSincePlanned(differFromExpected));
      }
    }
  }

  private static String changedSincePlanned(List<String> fields) {
    return fields.isEmpty()
        ? "changed at the endpoint while being written"
        : "changed at the endpoint since planned (fields " + String.join(", ", fields) + ")";
  }

  /**
   * Binds a statement's parameters: the number of ops, one {@code text[]} for the keys, then one
   * per expected column (every writable column, when {@code expected}), then one per target column,
   * each holding the ops' values in their text form, NULL for absent ones.
   *
   * <p>Expected values, which are only ever compared, go as the table would hold them ({@link
   * #represent}), and so do target values when {@code compareTargets}: a value the column cannot
   * hold as given (2.345 in a numeric(10,2), nanoseconds in a timestamptz) is then found where the
   * write left it, instead of making the op stale forever. Target values that are written go as
   * given, for the database's own conversion to store.
   */
  private static void bind(
      Connection c,
      PreparedStatement ps,
      TableShape s,
      List<Op> ops,
      List<Integer> indices,
      boolean expected,
      List<Integer> target,
      boolean compareTargets)
      throws SQLException {
    List<PgColumn> columns = s.columns();
    List<Integer> writable = expected ? s.writable() : List.of();
    int n = indices.size();
    String[] keys = new String[n];
    String[][] before = new String[writable.size()][n];
    String[][] after = new String[target.size()][n];
    for (int r = 0; r < n; r++) {
      Op op = ops.get(indices.get(r));
      keys[r] = op.key();
      if (expected) {
        Map<String, JsonNode> fields =
            (op instanceof Op.Update u ? u.expected() : ((Op.Delete) op).expected()).fields();
        for (int w = 0; w < writable.size(); w++) {
          int j = writable.get(w);
          PgColumn column = columns.get(j);
          before[w][r] = PgText.of(held(s, j, fields.get(column.field())), column);
        }
      }
      for (int t = 0; t < target.size(); t++) {
        int j = target.get(t);
        PgColumn column = columns.get(j);
        JsonNode value = targetValue(op, column.field());
        after[t][r] = PgText.of(compareTargets ? held(s, j, value) : value, column);
      }
    }
    int p = 1;
    ps.setInt(p++, n);
    ps.setArray(p++, c.createArrayOf("text", keys));
    for (String[] values : before) {
      ps.setArray(p++, c.createArrayOf("text", values));
    }
    for (String[] values : after) {
      ps.setArray(p++, c.createArrayOf("text", values));
    }
  }

  /** The value of {@code field} after a create or update, without building the whole record. */
  private static JsonNode targetValue(Op op, String field) {
    if (op instanceof Op.Create create) {
      return create.target().fields().get(field);
    }
    Op.Update update = (Op.Update) op;
    Map<String, JsonNode> changes = update.changes();
    return changes.containsKey(field) ? changes.get(field) : update.expected().fields().get(field);
  }

  /**
   * Whether {@code e} is about the data of the statement (a bad value, a violated constraint), so
   * that splitting the batch isolates the ops at fault; not a lost connection, a deadlock, a
   * cancellation, a missing privilege or a shortage of resources, which fail the whole call.
   */
  private static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.length() == 5 && DATA_ERRORS.contains(state.substring(0, 2));
  }

  /** The database's message for a refused op, without the row's contents. */
  private static String refusedBecause(SQLException e) {
    String message = e.getMessage();
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage server = p.getServerErrorMessage();
      message = server.getMessage();
    }
    return "the database refused it (SQLSTATE " + e.getSQLState() + "): " + message;
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  /** Work against one connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Transaction-scoped settings only, as a transaction-mode pooler requires. */
  private static void setLocal(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL TimeZone = 'UTC'");
    }
  }

  /**
   * Runs {@code work} in one transaction, retrying the whole of it on serialization failures and
   * deadlocks.
   */
  private <T> T transaction(String doing, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connect()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          try {
            c.rollback();
          } catch (SQLException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
          }
          throw e;
        } finally {
          try {
            c.setAutoCommit(true);
          } catch (SQLException ignored) {
            // the pool discards a broken connection
          }
        }
      } catch (SQLException e) {
        // A lost connection has no SQLSTATE at all once the pool has closed it.
        if (e.getSQLState() != null
            && RETRYABLE.contains(e.getSQLState())
            && attempt < MAX_ATTEMPTS) {
          continue;
        }
        throw failure(doing, e);
      }
    }
  }

  private Connection connect() {
    try {
      return database.borrow();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private ChittySyncException failure(String doing, SQLException e) {
    String state = e.getSQLState();
    // Without a SQLSTATE, the driver or the pool is saying the connection is closed.
    if (e instanceof SQLTransientConnectionException
        || state == null
        || Database.isConnectionLoss(state)) {
      return unavailable(e);
    }
    return new ChittySyncException(
        ErrorCode.DATABASE_ERROR,
        settings.path()
            + ": "
            + doing
            + " table "
            + settings.tableDisplay()
            + " failed (SQLSTATE "
            + state
            + "): "
            + e.getMessage(),
        e);
  }

  private ChittySyncException unavailable(SQLException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        e instanceof SQLTransientConnectionException && e.getCause() == null
            ? "no answer in time"
            : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new ChittySyncException(
        ErrorCode.DATABASE_UNAVAILABLE,
        settings.path() + ": cannot connect to the endpoint's database: " + reason,
        e);
  }

  @Override
  public void close() {
    if (ownsDatabase) {
      database.close();
    }
  }
}
