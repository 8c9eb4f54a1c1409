package com.chittysync.sync.engine;

import java.util.Map;

/**
 * A diff run's full read of some endpoint stopped at the run's deadline, its parts kept by the
 * endpoint: the run made no plan and ended {@code handed_over}. Not a failure: the caller asks for
 * another full diff of the registry, which continues the read where it stopped.
 */
public final class ReadContinuesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String registry;
  private final transient Map<String, Integer> recordsRead;

  ReadContinuesException(String registry, Map<String, Integer> recordsRead) {
    super(
        "registry '"
            + registry
            + "': the full read of "
            + String.join(", ", recordsRead.keySet())
            + " goes on in the next diff ("
            + recordsRead
            + " record(s) read so far)");
    this.registry = registry;
    this.recordsRead = Map.copyOf(recordsRead);
  }

  /** The registry. */
  public String registry() {
    return registry;
  }

  /** How many records each unfinished endpoint's read has got through, by endpoint. */
  public Map<String, Integer> recordsRead() {
    return recordsRead;
  }
}
