package com.chittysync.notion;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the interceptors need to know about one {@link NotionClient} call, carried as the request's
 * tag: whether it is safe to repeat, and whether its one token renewal has been spent. The renewal
 * is once per call, not once per retry, so a token Notion keeps refusing fails fast.
 */
final class NotionCall {
  private final boolean repeatable;
  private final AtomicBoolean renewed = new AtomicBoolean();

  NotionCall(boolean repeatable) {
    this.repeatable = repeatable;
  }

  /** Whether sending the request twice does no harm (every call but a create). */
  boolean repeatable() {
    return repeatable;
  }

  /** True the first time only: this call may renew its token once. */
  boolean claimRenewal() {
    return renewed.compareAndSet(false, true);
  }
}
