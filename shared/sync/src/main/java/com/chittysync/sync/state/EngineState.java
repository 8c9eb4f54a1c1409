package com.chittysync.sync.state;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.store.Database;
import com.chittysync.sync.state.jdbc.JdbcCanonicalRecords;
import com.chittysync.sync.state.jdbc.JdbcCursors;
import com.chittysync.sync.state.jdbc.JdbcLeases;
import com.chittysync.sync.state.jdbc.JdbcPlanJournal;
import com.chittysync.sync.state.jdbc.JdbcPlanReview;
import com.chittysync.sync.state.jdbc.JdbcRegistryRows;
import com.chittysync.sync.state.jdbc.JdbcRunLog;
import com.chittysync.sync.state.jdbc.JdbcSnapshots;
import com.chittysync.sync.state.memory.MemoryCanonicalRecords;
import com.chittysync.sync.state.memory.MemoryCursors;
import com.chittysync.sync.state.memory.MemoryLeases;
import com.chittysync.sync.state.memory.MemoryPlanJournal;
import com.chittysync.sync.state.memory.MemoryPlanReview;
import com.chittysync.sync.state.memory.MemoryRegistryRows;
import com.chittysync.sync.state.memory.MemoryRunLog;
import com.chittysync.sync.state.memory.MemorySnapshots;
import com.chittysync.sync.state.memory.MemoryState;
import java.util.function.Supplier;

/**
 * Everything of the state the engine (a sync run, an apply) reads and writes.
 *
 * @param commitKey the deployment's key for the audit entries' commitments, read once when first
 *     needed
 */
public record EngineState(
    RegistryRows registries,
    Leases leases,
    RunLog runs,
    PlanJournal journal,
    Snapshots snapshots,
    CanonicalRecords canonical,
    Cursors cursors,
    PlanReview review,
    Supplier<CommitKey> commitKey) {

  /** The state in PostgreSQL, auditing to {@code audit} (which must be on the same database). */
  public static EngineState jdbc(Database database, AuditLog audit) {
    return new EngineState(
        new JdbcRegistryRows(database),
        new JdbcLeases(database),
        new JdbcRunLog(database),
        new JdbcPlanJournal(database, audit),
        new JdbcSnapshots(database),
        new JdbcCanonicalRecords(database),
        new JdbcCursors(database),
        new JdbcPlanReview(database),
        once(() -> CommitKey.current(database)));
  }

  /**
   * The state in {@code state}, whose audit entries it keeps in a list ({@link
   * MemoryState#audited}), committing with a key of its own.
   */
  public static EngineState memory(MemoryState state) {
    return new EngineState(
        new MemoryRegistryRows(state),
        new MemoryLeases(state),
        new MemoryRunLog(state),
        new MemoryPlanJournal(state),
        new MemorySnapshots(state),
        new MemoryCanonicalRecords(state),
        new MemoryCursors(state),
        new MemoryPlanReview(state),
        state::commitKey);
  }

  private static <T> Supplier<T> once(Supplier<T> supplier) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          v = supplier.get();
          value = v;
        }
        return v;
      }
    };
  }
}
