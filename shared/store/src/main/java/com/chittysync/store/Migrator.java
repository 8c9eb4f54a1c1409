package com.chittysync.store;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the SQL migrations in {@code migrations/} with Flyway. Safe to run again and from several
 * processes at once: Flyway serialises them with a session advisory lock, which is why it must use
 * the direct (unpooled) address.
 *
 * <p>Needs Flyway on the classpath; the store declares it optional so that functions which only
 * check the schema stay small.
 */
public final class Migrator {
  private final DatabaseUrl url;

  public Migrator(DatabaseUrl url) {
    this.url = url;
  }

  /** A migrator for the migrations address of {@code settings}. */
  public static Migrator of(DatabaseSettings settings) {
    return new Migrator(settings.migrations());
  }

  /**
   * Applies every pending migration.
   *
   * @return what was applied
   * @throws ChittySyncException {@code migration.failed} or {@code database.unavailable}
   */
  public MigrationReport migrate() {
    try {
      MigrateResult result = flyway().migrate();
      return new MigrationReport(
          result.migrationsExecuted,
          result.initialSchemaVersion,
          result.targetSchemaVersion == null
              ? result.initialSchemaVersion
              : result.targetSchemaVersion);
    } catch (FlywayException e) {
      String message = Database.rootMessage(e);
      ErrorCode code =
          message.contains("Connection") || message.contains("connect")
              ? ErrorCode.DATABASE_UNAVAILABLE
              : ErrorCode.MIGRATION_FAILED;
      throw new ChittySyncException(
          code, "migrating " + url.describe() + " failed: " + firstLine(e.getMessage()), e);
    }
  }

  private Flyway flyway() {
    return Flyway.configure(Migrator.class.getClassLoader())
        .dataSource(
            url.jdbcUrl(),
            url.user().orElse(null),
            url.password().map(p -> p.reveal()).orElse(null))
        .locations("classpath:" + BundledMigrations.LOCATION)
        .schemas(SchemaState.SCHEMA)
        .defaultSchema(SchemaState.SCHEMA)
        .createSchemas(true)
        .table("flyway_schema_history")
        .cleanDisabled(true)
        .validateMigrationNaming(true)
        .connectRetries(2)
        .load();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    String trimmed = s.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl);
  }

  /**
   * The outcome of {@link #migrate()}.
   *
   * @param applied how many migrations ran now
   * @param from the schema version before, or {@code null} for an empty database
   * @param to the schema version after
   */
  public record MigrationReport(int applied, String from, String to) {}
}
