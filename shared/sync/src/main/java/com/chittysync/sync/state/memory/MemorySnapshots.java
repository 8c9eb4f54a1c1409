package com.chittysync.sync.state.memory;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.Snapshots;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** {@link Snapshots} in a {@link MemoryState}. */
public final class MemorySnapshots implements Snapshots {
  private final MemoryState state;

  public MemorySnapshots(MemoryState state) {
    this.state = state;
  }

  @Override
  public Map<String, SnapshotHash> snapshotHashes(String registry, String endpoint) {
    synchronized (state) {
      Map<String, SnapshotHash> out = new HashMap<>();
      held(registry, endpoint)
          .forEach((key, s) -> out.put(key, new SnapshotHash(s.remoteId(), s.hash().clone())));
      return out;
    }
  }

  @Override
  public Map<String, Snapshot> snapshots(
      String registry, String endpoint, Collection<String> keys) {
    synchronized (state) {
      Map<String, Snapshot> out = new HashMap<>();
      Map<String, MemoryState.Snapshot> held = held(registry, endpoint);
      for (String key : keys) {
        MemoryState.Snapshot s = held.get(key);
        if (s == null) {
          continue;
        }
        CanonicalRecord record = s.record() != null ? s.record() : byHash(registry, key, s.hash());
        if (record == null) {
          throw new ChittySyncException(
              ErrorCode.INTERNAL,
              "the state store holds endpoint "
                  + endpoint
                  + "'s snapshot of a record of registry '"
                  + registry
                  + "' by hash, but no record with that hash; run `chittysync sync --full`"
                  + " to read every endpoint again");
        }
        out.put(key, new Snapshot(s.remoteId(), new CanonicalRecord(key, record.fields())));
      }
      return out;
    }
  }

  /**
   * The record a snapshot kept by hash stands for: the canonical record with that hash, else the
   * resolved record with that hash of a plan left applying. The caller holds the lock.
   */
  private CanonicalRecord byHash(String registry, String key, byte[] hash) {
    MemoryState.Canonical c = state.canonical.getOrDefault(registry, Map.of()).get(key);
    if (c != null && Arrays.equals(c.hash(), hash)) {
      return c.record();
    }
    for (MemoryState.Plan plan : state.plans.values()) {
      if (plan.registry.equals(registry) && plan.status == PlanStatus.APPLYING) {
        MemoryState.Resolved r = plan.records.get(key);
        if (r != null && r.record() != null && Arrays.equals(r.hash(), hash)) {
          return r.record();
        }
      }
    }
    return null;
  }

  private Map<String, MemoryState.Snapshot> held(String registry, String endpoint) {
    return state.snapshots.getOrDefault(registry, Map.of()).getOrDefault(endpoint, Map.of());
  }
}
