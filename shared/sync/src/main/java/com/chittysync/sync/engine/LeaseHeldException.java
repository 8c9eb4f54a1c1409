package com.chittysync.sync.engine;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;

/** Another process holds the registry's lease: this run must not start (CLI exit code 3). */
public final class LeaseHeldException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  public LeaseHeldException(String message) {
    super(ErrorCode.LEASE_HELD, message);
  }
}
