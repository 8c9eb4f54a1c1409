package com.chittysync.store;

import com.chittysync.testkit.TestDatabase;
import java.util.Map;

/** The store's behaviour on a direct connection to PostgreSQL. */
class DirectStoreTest extends StoreBehaviour {
  @Override
  Map<String, String> env(TestDatabase db) {
    return db.env();
  }
}
