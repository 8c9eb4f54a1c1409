package com.chittysync.envelope;

import com.chittysync.testkit.PgBouncer;
import com.chittysync.testkit.TestDatabase;
import java.util.Map;

/**
 * The nonce store through PgBouncer in transaction mode, as behind Neon's pooled endpoint. Skipped
 * with a reason where PgBouncer is not installed; CI requires it.
 */
class PooledNonceStoreTest extends NonceStoreBehaviour {
  @Override
  Map<String, String> env(TestDatabase db) {
    return db.pooledEnv(PgBouncer.shared());
  }
}
