/**
 * The state interfaces on PostgreSQL, the only home (with the engine's {@code SyncStore} and {@code
 * Applier}, for now) of SQL on the engine's tables.
 *
 * <p>Every statement names the {@code chittysync} schema and keeps no session state (no {@code
 * SET}, no session advisory locks, no temporary tables), so each works through a transaction-mode
 * pooler such as Neon's pooled endpoint or PgBouncer. Failures surface as {@link
 * com.chittysync.store.Database} reports them: {@code database.unavailable} or {@code
 * database.error}.
 */
package com.chittysync.sync.state.jdbc;
