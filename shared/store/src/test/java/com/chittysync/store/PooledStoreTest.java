package com.chittysync.store;

import com.chittysync.testkit.PgBouncer;
import com.chittysync.testkit.TestDatabase;
import java.util.Map;

/**
 * The store's behaviour through PgBouncer in transaction mode, with migrations on the direct URL,
 * exactly as on Neon. Skipped with a reason where PgBouncer is not installed; CI requires it.
 */
class PooledStoreTest extends StoreBehaviour {
  @Override
  Map<String, String> env(TestDatabase db) {
    return db.pooledEnv(PgBouncer.shared());
  }
}
