/**
 * The state interfaces on PostgreSQL, the only home of SQL on the engine's tables.
 *
 * <p>Every statement names the {@code chittysync} schema and keeps no session state (no session
 * {@code SET}, no session advisory locks, no temporary table outliving its transaction), so each
 * works through a transaction-mode pooler such as Neon's pooled endpoint or PgBouncer. Failures
 * surface as {@link com.chittysync.store.Database} reports them: {@code database.unavailable} or
 * {@code database.error}.
 */
package com.chittysync.sync.state.jdbc;
