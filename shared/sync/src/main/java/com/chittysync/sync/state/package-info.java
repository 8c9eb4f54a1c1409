/**
 * The engine's state, one small interface per concern: {@link com.chittysync.sync.state.Leases},
 * {@link com.chittysync.sync.state.RegistryRows}, {@link com.chittysync.sync.state.ReviewQueue},
 * {@link com.chittysync.sync.state.RunLog}, {@link com.chittysync.sync.state.PlanStates}, {@link
 * com.chittysync.connect.SnapshotLookup}, {@link com.chittysync.sync.state.StateAdmin}, {@link
 * com.chittysync.sync.state.PendingSyncs} (coalesced sync requests, which have no in-memory
 * implementation beyond {@code PendingSyncs.NONE}), and the engine's own: {@link
 * com.chittysync.sync.state.PlanJournal}, {@link com.chittysync.sync.state.Snapshots}, {@link
 * com.chittysync.sync.state.CanonicalRecords}, {@link com.chittysync.sync.state.Cursors} and {@link
 * com.chittysync.sync.state.PlanReview}, which {@link com.chittysync.sync.state.EngineState}
 * gathers for the engine.
 *
 * <p>Each has a JDBC implementation in {@code state.jdbc}, the only place that holds SQL on the
 * engine's tables, and an in-memory one in {@code state.memory} with the same behaviour, so engine
 * code can be tested without a database. Both pass one behaviour suite, which is what the contracts
 * below are held to.
 *
 * <p>Statuses are enums whose {@code wire()} is the string stored in the database and shown in
 * JSON; nothing outside this package spells those strings.
 */
package com.chittysync.sync.state;
