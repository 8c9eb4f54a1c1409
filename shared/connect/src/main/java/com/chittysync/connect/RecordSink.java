package com.chittysync.connect;

/**
 * Where a streamed fetch ({@link Endpoint#fetch(FetchRequest, RecordSink)}) hands each record as it
 * is read, so that neither the connector nor the engine holds a large endpoint's records whole.
 * Called from one thread at a time.
 */
public interface RecordSink {
  /** A record read. */
  void accept(RemoteRecord record);

  /**
   * A record handed on earlier under {@code key} is not a record after all: a later row shares its
   * key, and the fetch's result reports the key as a {@link RecordProblem}. Forget it.
   */
  void withdraw(String key);
}
