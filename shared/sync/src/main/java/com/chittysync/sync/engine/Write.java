package com.chittysync.sync.engine;

import com.chittysync.store.SqlWork;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A write request applied through the ordinary cycle: it enters the merge as one more side whose
 * changes win their fields, and goes out to every endpoint through the same plan, journal and audit
 * as any sync.
 *
 * @param changes per key: the fields to set (an upsert; fields not named keep their values), or
 *     empty to delete the record
 * @param actor who wrote it (the envelope's key id)
 * @param audit the {@code write.accepted} entry's body
 * @param accept work done in the transaction that stores the write's plan (spending the request's
 *     nonce): it commits with the plan or not at all
 */
public record Write(
    Map<String, Optional<Map<String, JsonNode>>> changes,
    String actor,
    JsonNode audit,
    SqlWork<Void> accept) {
  /** The name of the write's side in the merge; never an endpoint. */
  public static final String SIDE = "(write)";

  public Write {
    changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
  }
}
