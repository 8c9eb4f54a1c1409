package com.chittysync.sync.state;

import com.chittysync.testkit.PgBouncer;
import com.chittysync.testkit.TestDatabase;
import java.util.Map;

/**
 * The JDBC state keeps the state interfaces' contracts through PgBouncer in transaction mode, as
 * behind Neon's pooled endpoint: no call relies on session state. Skipped with a reason where
 * PgBouncer is not installed; CI requires it.
 */
class PooledJdbcStateTest extends JdbcStateTest {
  @Override
  Map<String, String> env(TestDatabase db) {
    return db.pooledEnv(PgBouncer.shared());
  }
}
