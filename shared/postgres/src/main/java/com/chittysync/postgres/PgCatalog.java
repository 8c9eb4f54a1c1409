package com.chittysync.postgres;

import com.chittysync.core.config.ConfigException;
import com.chittysync.postgres.PgColumn.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Learns the configured table from the catalog: that it is a table the user may read and write, the
 * mapped columns with their types, which of them are read-only, that the key column is unique, and
 * the modification-time column. Every problem found is reported at once, as a {@link
 * ConfigException} naming the config path.
 */
final class PgCatalog {
  private final PostgresSettings settings;

  PgCatalog(PostgresSettings settings) {
    this.settings = settings;
  }

  /** The table's shape, read in {@code c}'s transaction. */
  TableShape inspect(Connection c) throws SQLException {
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
}
