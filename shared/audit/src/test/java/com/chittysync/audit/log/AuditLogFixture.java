package com.chittysync.audit.log;

import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A migrated throwaway database with an audit log and a log key. */
final class AuditLogFixture implements AutoCloseable {
  final TestDatabase db;
  final Database database;
  final AuditLog log;
  final NoteSigner signer = NoteSigner.generate("test.example/log");
  final Checkpointer checkpointer;

  AuditLogFixture() {
    this(null);
  }

  /** With {@code env} (for example a pooled one) instead of a direct connection. */
  AuditLogFixture(Function<TestDatabase, Map<String, String>> env) {
    db = TestPostgres.createDatabase();
    Map<String, String> settings = env == null ? db.env() : env.apply(db);
    DatabaseSettings ds = DatabaseSettings.from(Environment.of(settings));
    Migrator.of(ds).migrate();
    database = Database.open(ds);
    log = new AuditLog(database, Clock.systemUTC());
    checkpointer = new Checkpointer(database, signer, signer.name());
  }

  static AuditRecord record(int n) {
    return new AuditRecord("operator.note", "test", Json.mapper().createObjectNode().put("n", n));
  }

  List<AppendedEntry> append(int count) {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(record(i));
    }
    return log.append(records);
  }

  void sql(String statement) {
    database.inTransaction(
        c -> {
          try (var st = c.createStatement()) {
            st.execute(statement);
          }
          return null;
        });
  }

  /** Empties the log entirely, as an operator with database access could. */
  void wipe() {
    sql(
        "DELETE FROM chittysync.audit_cosignatures; DELETE FROM chittysync.audit_checkpoints;"
            + " DELETE FROM chittysync.audit_nodes; DELETE FROM chittysync.audit_entries;"
            + " UPDATE chittysync.audit_head SET tree_size = 0, frontier = '{}', root_hash = NULL");
  }

  VerificationReport verify() {
    return new AuditVerifier(signer.verifier(), WitnessPolicy.of(0, List.of()))
        .verify(new DatabaseLogSource(database, log));
  }

  @Override
  public void close() {
    database.close();
    db.close();
  }
}
