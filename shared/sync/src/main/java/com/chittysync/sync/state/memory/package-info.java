/**
 * The state interfaces in memory, for tests of engine code that need no database. One {@link
 * com.chittysync.sync.state.memory.MemoryState} stands for one state database: the implementations
 * made on it see each other's rows, as their JDBC counterparts on one database do. Thread-safe:
 * every read and write holds the {@code MemoryState}'s lock, which makes each call atomic, like the
 * transaction each JDBC call runs in.
 */
package com.chittysync.sync.state.memory;
