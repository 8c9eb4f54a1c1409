package com.chittysync.store;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the database's applied migrations compare with the ones this build carries.
 *
 * @param expected versions this build carries
 * @param applied versions recorded as successfully applied
 * @param failed versions recorded as failed
 */
public record SchemaState(
    List<MigrationVersion> expected,
    List<MigrationVersion> applied,
    List<MigrationVersion> failed) {

  /** The schema that holds all of ChittySync's state. */
  public static final String SCHEMA = "chittysync";

  /** Flyway's history table, schema-qualified. */
  public static final String HISTORY_TABLE = SCHEMA + ".flyway_schema_history";

  /** Reads the history table on {@code connection}; a missing table means nothing is applied. */
  public static SchemaState read(Connection connection, List<MigrationVersion> expected)
      throws SQLException {
    List<MigrationVersion> applied = new ArrayList<>();
    List<MigrationVersion> failed = new ArrayList<>();
    try (Statement st = connection.createStatement()) {
      ResultSet exists = st.executeQuery("SELECT to_regclass('" + HISTORY_TABLE + "') IS NOT NULL");
      exists.next();
      if (exists.getBoolean(1)) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT version, success FROM "
                    + HISTORY_TABLE
                    + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
          while (rs.next()) {
            MigrationVersion v = new MigrationVersion(rs.getString(1));
            (rs.getBoolean(2) ? applied : failed).add(v);
          }
        }
      }
    }
    return new SchemaState(expected, applied, failed);
  }

  /** Reads the state of {@code database} against this build's migrations. */
  public static SchemaState of(Database database) {
    return database.withConnection(c -> read(c, BundledMigrations.versions()));
  }

  /** Versions this build expects that are not applied yet. */
  public List<MigrationVersion> pending() {
    Set<MigrationVersion> done = new TreeSet<>(applied);
    return expected.stream().filter(v -> !done.contains(v)).toList();
  }

  /** Versions applied that this build does not know: the database is ahead of the code. */
  public List<MigrationVersion> unknown() {
    Set<MigrationVersion> known = new TreeSet<>(expected);
    return applied.stream().filter(v -> !known.contains(v)).toList();
  }

  /** The newest applied version. */
  public Optional<MigrationVersion> current() {
    return applied.stream().max(MigrationVersion::compareTo);
  }

  /** The newest version this build carries. */
  public Optional<MigrationVersion> latestExpected() {
    return expected.stream().max(MigrationVersion::compareTo);
  }

  /**
   * Fails unless every expected migration is applied and none failed.
   *
   * @throws ChittySyncException {@code migration.failed} saying what to do
   */
  public void requireCurrent() {
    if (!failed.isEmpty()) {
      throw new ChittySyncException(
          ErrorCode.MIGRATION_FAILED,
          "migration " + failed.get(0) + " failed earlier; fix it and run 'chittysync migrate'");
    }
    if (!pending().isEmpty()) {
      throw new ChittySyncException(
          ErrorCode.MIGRATION_FAILED,
          pending().size()
              + " migration(s) pending (next: "
              + pending().get(0)
              + "); run 'chittysync migrate'");
    }
  }
}
