package com.chittysync.envelope;

import com.chittysync.testkit.TestDatabase;
import java.util.Map;

/** The nonce store on a direct PostgreSQL connection. */
class DirectNonceStoreTest extends NonceStoreBehaviour {
  @Override
  Map<String, String> env(TestDatabase db) {
    return db.env();
  }
}
