package com.chittysync.sync.engine;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.util.List;

/**
 * A write that the cycle found cannot be applied as sent, before anything was stored or written: a
 * key it upserts is spelled like a key an endpoint holds (equal under Unicode NFC, not identical),
 * which no check before the fetch could see. The write's nonce is unspent.
 */
public final class WriteRefusedException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final transient List<Plan.Invalid> invalid;

  public WriteRefusedException(List<Plan.Invalid> invalid) {
    super(
        ErrorCode.MALFORMED_INPUT,
        invalid.size() + " record(s) of the write look like keys an endpoint holds");
    this.invalid = List.copyOf(invalid);
  }

  /** Each refused key with why (the write's side as its endpoint). */
  public List<Plan.Invalid> invalid() {
    return invalid;
  }
}
