package com.chittysync.sync.state.jdbc;

import com.chittysync.connect.SnapshotLookup;
import com.chittysync.store.Database;
import com.chittysync.sync.state.CanonicalRecords;
import com.chittysync.sync.state.Cursors;
import com.chittysync.sync.state.Leases;
import com.chittysync.sync.state.Overview;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.PlanReview;
import com.chittysync.sync.state.PlanStates;
import com.chittysync.sync.state.RegistryRows;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.Snapshots;
import com.chittysync.sync.state.StateAdmin;
import dagger.Module;
import dagger.Provides;

/**
 * Binds the state interfaces to their PostgreSQL implementations on the component's {@link
 * Database}. They hold nothing but the database, so they are not scoped. The plan journal, which
 * also needs the audit log, comes with the whole {@link com.chittysync.sync.state.EngineState}.
 */
@Module
public final class JdbcStateModule {
  private JdbcStateModule() {}

  @Provides
  static Overview overview(Database database) {
    return new JdbcOverview(database);
  }

  @Provides
  static Leases leases(Database database) {
    return new JdbcLeases(database);
  }

  @Provides
  static RegistryRows registryRows(Database database) {
    return new JdbcRegistryRows(database);
  }

  @Provides
  static ReviewQueue reviewQueue(Database database) {
    return new JdbcReviewQueue(database);
  }

  @Provides
  static RunLog runLog(Database database) {
    return new JdbcRunLog(database);
  }

  @Provides
  static PlanStates planStates(Database database) {
    return new JdbcPlanStates(database);
  }

  @Provides
  static SnapshotLookup snapshotLookup(Database database) {
    return new JdbcSnapshotLookup(database);
  }

  @Provides
  static StateAdmin stateAdmin(Database database) {
    return new JdbcStateAdmin(database);
  }

  @Provides
  static Snapshots snapshots(Database database) {
    return new JdbcSnapshots(database);
  }

  @Provides
  static CanonicalRecords canonicalRecords(Database database) {
    return new JdbcCanonicalRecords(database);
  }

  @Provides
  static Cursors cursors(Database database) {
    return new JdbcCursors(database);
  }

  @Provides
  static PlanReview planReview(Database database) {
    return new JdbcPlanReview(database);
  }

  @Provides
  static PendingSyncs pendingSyncs(Database database) {
    return new JdbcPendingSyncs(database);
  }
}
