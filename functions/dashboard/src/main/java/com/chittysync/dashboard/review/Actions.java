package com.chittysync.dashboard.review;

import com.chittysync.dashboard.web.Reply;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs each dashboard action once per action id: a form carries a fresh id, so a double click, a
 * retried request or a replay answers what the first one did instead of acting again.
 */
public interface Actions {
  /**
   * Runs {@code action} unless action {@code actionId} ran before, in which case answers that run's
   * stored reply.
   *
   * @param kind what it does, e.g. {@code conflict.resolve}
   */
  Reply once(UUID actionId, String actor, String kind, String registry, Supplier<Reply> action);
}
