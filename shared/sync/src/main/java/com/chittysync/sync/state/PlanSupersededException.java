package com.chittysync.sync.state;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.util.UUID;

/**
 * The plan asked to be applied was superseded by a newer plan of its registry: applying it would
 * write a stale view. The pipeline takes it as "nothing to do" for a late delivery; a person is
 * told to sync again.
 */
public final class PlanSupersededException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  public PlanSupersededException(UUID planId) {
    super(
        ErrorCode.SYNC_FAILED,
        "plan " + planId + " was superseded by a newer plan; run sync again");
  }
}
