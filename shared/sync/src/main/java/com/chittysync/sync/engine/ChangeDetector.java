package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.sync.state.EngineState;
import com.chittysync.sync.state.Snapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Compares what the endpoints hold now to what they held at the last sync (their snapshots) and to
 * the canonical records: which keys changed anywhere, which endpoints lost too many records to
 * trust their deletes, and each endpoint's view of a changed key.
 */
final class ChangeDetector {
  /**
   * The keys to merge.
   *
   * @param keys the keys that changed somewhere, or that someone decided about, in order
   */
  record Changes(SortedSet<String> keys) {}

  /**
   * What some of the keys to merge were at the last sync, read for a window of them at a time so
   * that a registry whose every record changed is not read whole.
   *
   * @param base the canonical records of those keys
   * @param snapshots each endpoint's snapshots of those keys
   */
  record Window(
      Map<String, CanonicalRecord> base, Map<String, Map<String, Snapshots.Snapshot>> snapshots) {}

  private final EngineState state;
  private final RegistryConfig registry;
  private final Map<String, Endpoint> endpoints;
  private final EndpointReads.Reads reads;

  ChangeDetector(
      EngineState state,
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      EndpointReads.Reads reads) {
    this.state = state;
    this.registry = registry;
    this.endpoints = endpoints;
    this.reads = reads;
  }

  /** Endpoints whose fetch misses more than the delete guard's share of the records they held. */
  Set<String> guardedEndpoints() {
    Map<String, FetchedRecords> fetched = reads.fetched();
    Set<String> guarded = new HashSet<>();
    for (String name : fetched.keySet()) {
      Map<String, Snapshots.SnapshotHash> known = reads.snapshotHashes().get(name);
      if (!reads.complete().get(name) || known.isEmpty()) {
        continue;
      }
      long missing = known.keySet().stream().filter(k -> !fetched.get(name).contains(k)).count();
      if ((double) missing / known.size() > registry.deleteGuard()) {
        guarded.add(name);
      }
    }
    return guarded;
  }

  /**
   * The keys to merge: every key seen anywhere but quarantined, with {@code write}'s (may be null),
   * less the quiet ones nobody decided about.
   */
  Changes changes(Decisions decisions, Write write) {
    Set<String> all = new HashSet<>(reads.baseHashes().keySet());
    reads.fetched().values().forEach(m -> all.addAll(m.keys()));
    reads.snapshotHashes().values().forEach(m -> all.addAll(m.keySet()));
    all.removeAll(reads.quarantined());
    if (write != null) {
      all.addAll(write.changes().keySet());
    }
    // Most keys of a registry are quiet between two syncs: every endpoint still holds what it
    // held, which is the canonical record. Their hashes say so; only the others are read in full
    // and merged.
    SortedSet<String> keys = new TreeSet<>();
    for (String key : all) {
      if (!quiet(key) || decisions.about(key)) {
        keys.add(key);
      }
    }
    return new Changes(keys);
  }

  /** The base and the snapshots of {@code keys}, some of the keys to merge. */
  Window window(Collection<String> keys) {
    Map<String, CanonicalRecord> base =
        state.canonical().base(registry.name(), intersect(keys, reads.baseHashes().keySet()));
    Map<String, Map<String, Snapshots.Snapshot>> snapshots = new HashMap<>();
    for (String name : endpoints.keySet()) {
      snapshots.put(
          name,
          state
              .snapshots()
              .snapshots(
                  registry.name(),
                  name,
                  intersect(keys, reads.snapshotHashes().get(name).keySet())));
    }
    return new Window(base, snapshots);
  }

  /** Each endpoint's view of {@code key}: what it held at the last sync and what it holds now. */
  List<Side> sides(String key, Window window) {
    List<Side> sides = new ArrayList<>(endpoints.size());
    for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
      String name = entry.getKey();
      Endpoint endpoint = entry.getValue();
      Optional<Snapshots.Snapshot> snapshot =
          Optional.ofNullable(window.snapshots().get(name).get(key));
      // A record read unchanged since the snapshot was kept by hash only: it is the snapshot.
      Optional<RemoteRecord> fetchedNow =
          reads.fetched().get(name).record(key, snapshot.map(Snapshots.Snapshot::record));
      // A snapshot stored before the endpoint declared its representation may hold a value it
      // cannot: compared as the endpoint holds it, it is no change.
      Optional<CanonicalRecord> snapshotRecord = snapshot.map(s -> endpoint.represent(s.record()));
      Optional<CanonicalRecord> current =
          Side.currentAfterRead(
              fetchedNow.map(RemoteRecord::record),
              reads.complete().get(name),
              reads.deleted().get(name).contains(key),
              snapshotRecord);
      sides.add(
          new Side(
              name,
              snapshotRecord,
              current,
              true,
              fetchedNow.flatMap(RemoteRecord::modifiedAt),
              fetchedNow
                  .map(RemoteRecord::remoteId)
                  .or(() -> snapshot.flatMap(Snapshots.Snapshot::remoteId)),
              mapped(name),
              endpoint::represent));
    }
    return sides;
  }

  /**
   * Whether nothing happened to {@code key} since the last sync: it is canonical and every
   * endpoint's snapshot holds the canonical record, and every endpoint that was read still holds it
   * (an incremental read that did not return it says nothing changed there).
   */
  private boolean quiet(String key) {
    byte[] base = reads.baseHashes().get(key);
    if (base == null) {
      return false;
    }
    for (Map.Entry<String, FetchedRecords> endpoint : reads.fetched().entrySet()) {
      Snapshots.SnapshotHash snap = reads.snapshotHashes().get(endpoint.getKey()).get(key);
      if (snap == null || !Arrays.equals(snap.hash(), base)) {
        return false;
      }
      byte[] now = endpoint.getValue().hash(key);
      boolean gone =
          reads.complete().get(endpoint.getKey())
              || reads.deleted().get(endpoint.getKey()).contains(key);
      if (now == null ? gone : !Arrays.equals(now, base)) {
        return false;
      }
    }
    return true;
  }

  /** The canonical fields endpoint {@code name} maps; null when it maps them all. */
  private Set<String> mapped(String name) {
    EndpointConfig endpoint = registry.endpoints().get(name);
    return endpoint == null || endpoint.fields().isEmpty() ? null : endpoint.fields().keySet();
  }

  private static Set<String> intersect(Collection<String> keys, Set<String> known) {
    Set<String> out = new HashSet<>();
    for (String key : keys) {
      if (known.contains(key)) {
        out.add(key);
      }
    }
    return out;
  }
}
