package com.chittysync.sync.state.memory;

import com.chittysync.sync.state.Leases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** {@link Leases} in a {@link MemoryState}, expiring by its clock. */
public final class MemoryLeases implements Leases {
  private final MemoryState state;

  public MemoryLeases(MemoryState state) {
    this.state = state;
  }

  @Override
  public Acquisition acquire(String registry, String holder, Duration ttl) {
    synchronized (state) {
      state.ensure(registry);
      Instant now = state.clock.instant();
      MemoryState.Lease current = state.leases.get(registry);
      // As the database's "expires_at < now()": a lease is still held at its expiry instant.
      if (current != null && !current.expiresAt().isBefore(now)) {
        return new Refused(
            Optional.of(
                new Holder(current.holder(), current.expiresAt().truncatedTo(ChronoUnit.SECONDS))));
      }
      UUID token = UUID.randomUUID();
      state.leases.put(registry, new MemoryState.Lease(holder, token, now.plus(ttl)));
      return new Granted(token);
    }
  }

  @Override
  public boolean renew(String registry, UUID token, Duration ttl) {
    synchronized (state) {
      MemoryState.Lease current = state.leases.get(registry);
      if (current == null || !current.token().equals(token)) {
        return false;
      }
      state.leases.put(
          registry,
          new MemoryState.Lease(current.holder(), token, state.clock.instant().plus(ttl)));
      return true;
    }
  }

  @Override
  public void release(String registry, UUID token) {
    synchronized (state) {
      MemoryState.Lease current = state.leases.get(registry);
      if (current != null && current.token().equals(token)) {
        state.leases.remove(registry);
      }
    }
  }
}
