package com.chittysync.postgres;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RecordSink;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import java.util.List;
import java.util.Set;

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
  private final PostgresSettings settings;
  private final Database database;
  private final boolean ownsDatabase;
  private final PgTransactions transactions;
  private final PgCatalog catalog;
  private final PgReader reader;
  private final PgBatcher batcher;
  private volatile TableShape shape;

  PostgresEndpoint(PostgresSettings settings, Database database, boolean ownsDatabase) {
    this.settings = settings;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.transactions = new PgTransactions(database, new PgErrors(settings));
    this.catalog = new PgCatalog(settings);
    this.reader = new PgReader(settings);
    this.batcher = new PgBatcher(settings);
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
    shape = transactions.run("inspecting", catalog::inspect);
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

  @Override
  public FetchResult fetch(FetchRequest request) {
    TableShape s = shape();
    return transactions.run("reading", c -> reader.read(c, s));
  }

  /** Streams the table's rows to {@code sink} as the cursor reads them. */
  @Override
  public FetchResult fetch(FetchRequest request, RecordSink sink) {
    TableShape s = shape();
    return transactions.run("reading", c -> reader.read(c, s, sink));
  }

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
    return PgRepresent.record(s, record);
  }

  @Override
  public List<OpResult> apply(List<Op> ops) {
    if (ops.isEmpty()) {
      return List.of();
    }
    TableShape s = shape();
    OpResult[] refused = new OpResult[ops.size()];
    List<PgBatch> batches = batcher.plan(s, ops, refused);
    OpResult[] results =
        transactions.run("writing", c -> PgExecutor.write(c, s, ops, batches, refused));
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        throw new ChittySyncException(
            ErrorCode.INTERNAL, settings.path() + ": op " + ops.get(i).opNo() + " got no outcome");
      }
    }
    return List.of(results);
  }

  @Override
  public void close() {
    if (ownsDatabase) {
      database.close();
    }
  }
}
