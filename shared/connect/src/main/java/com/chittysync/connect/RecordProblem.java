package com.chittysync.connect;

import java.util.List;

/**
 * A record an endpoint holds that cannot be synced as it is.
 *
 * @param key its key, or {@code null} when the key itself is missing or unreadable
 * @param remoteId the endpoint's identity for it, if known
 * @param errors what is wrong: each a JSON-pointer-like path and a message
 */
public record RecordProblem(String key, String remoteId, List<FieldError> errors) {
  public RecordProblem {
    errors = List.copyOf(errors);
  }

  /**
   * One thing wrong with a record.
   *
   * @param path where, for example {@code /email} or {@code /} for the whole record
   * @param message what, for a person to fix
   */
  public record FieldError(String path, String message) {}
}
