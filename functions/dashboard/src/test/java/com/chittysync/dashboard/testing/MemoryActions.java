package com.chittysync.dashboard.testing;

import com.chittysync.dashboard.review.Actions;
import com.chittysync.dashboard.web.Reply;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@link Actions} in memory: once per action id. */
public final class MemoryActions implements Actions {
  private final Map<UUID, Reply> done = new ConcurrentHashMap<>();

  @Override
  public Reply once(
      UUID actionId, String actor, String kind, String registry, Supplier<Reply> action) {
    return done.computeIfAbsent(actionId, id -> action.get());
  }
}
