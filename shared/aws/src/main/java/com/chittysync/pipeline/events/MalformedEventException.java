package com.chittysync.pipeline.events;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;

/**
 * A pipeline event whose detail cannot be read: {@code input.malformed}, naming the event's detail
 * type and the bad field, so a dead letter says what to fix.
 */
public final class MalformedEventException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final String detailType;
  private final String field;

  MalformedEventException(String detailType, String field, String message) {
    super(ErrorCode.MALFORMED_INPUT, message);
    this.detailType = detailType;
    this.field = field;
  }

  /** The event's detail type, for example {@code PlanReady}. */
  public String detailType() {
    return detailType;
  }

  /** The detail's field at fault, for example {@code plan_id}. */
  public String field() {
    return field;
  }
}
