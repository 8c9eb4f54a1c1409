package com.chittysync.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.sync.state.Leases;
import com.chittysync.sync.state.memory.MemoryLeases;
import com.chittysync.sync.state.memory.MemoryState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lease a run holds, on the in-memory state: no database needed. */
class LeaseTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.700Z");
  private final Leases leases = new MemoryLeases(new MemoryState(Clock.fixed(NOW, ZoneOffset.UTC)));

  @Test
  void aSecondRunIsRefusedNamingTheHolderAndTheExpiryInUtcToTheSecond() {
    try (Lease held = Lease.acquire(leases, "people", "host-a/pid 1")) {
      assertThatThrownBy(() -> Lease.acquire(leases, "people", "host-b/pid 2"))
          .isInstanceOf(LeaseHeldException.class)
          .hasMessage(
              "registry 'people' is being synced by host-a/pid 1"
                  + " (lease expires 2026-03-01T10:01:00Z)");
    }
  }

  @Test
  void closingTheLeaseLetsTheNextRunTakeIt() {
    Lease.acquire(leases, "people", "host-a/pid 1").close();

    try (Lease next = Lease.acquire(leases, "people", "host-b/pid 2")) {
      next.check();
    }
  }

  @Test
  void aLeaseReleasedBetweenTheRefusalAndTheLookIsHeldByAnotherRun() {
    Leases racing =
        new Leases() {
          @Override
          public Acquisition acquire(String registry, String holder, Duration ttl) {
            return new Refused(Optional.empty());
          }

          @Override
          public boolean renew(String registry, UUID token, Duration ttl) {
            return false;
          }

          @Override
          public void release(String registry, UUID token) {}
        };

    assertThatThrownBy(() -> Lease.acquire(racing, "people", "me"))
        .isInstanceOf(LeaseHeldException.class)
        .hasMessage("registry 'people' is being synced by another run");
  }

  @Test
  void aHeldLeaseChecksCleanAndClosingItTwiceIsHarmless() {
    Lease lease = Lease.acquire(leases, "people", "host-a/pid 1");

    lease.check();
    lease.close();
    lease.close();

    assertThat(leases.acquire("people", "x", Duration.ofSeconds(1)))
        .isInstanceOf(Leases.Granted.class);
  }
}
