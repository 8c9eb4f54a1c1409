package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RecordSink;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.sync.keys.KeyRules;
import com.chittysync.sync.keys.LookAlikeKeys;
import com.chittysync.sync.keys.RecordGate;
import com.chittysync.sync.schema.UnicodeText;
import com.chittysync.sync.state.Cursors;
import com.chittysync.sync.state.EngineState;
import com.chittysync.sync.state.PlanJournal.Position;
import com.chittysync.sync.state.Snapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Reads every endpoint of a registry for one run, with the stored snapshots' and base's hashes:
 * decides a full or an incremental read from the cursors, validates what was read and quarantines
 * the records that fail (invalid, refused, misspelt or look-alike keys). Writes nothing.
 */
final class EndpointReads {
  /** How often an endpoint that can read incrementally is still read in full, to see deletions. */
  static final Duration FULL_SCAN_EVERY = Duration.ofHours(1);

  /**
   * What the reads found.
   *
   * @param fetched each endpoint's records, with their content hashes (null for a record refused
   *     before hashing), in config order
   * @param complete whether each endpoint's read was a full scan
   * @param deleted the keys an incremental read says each endpoint no longer holds
   * @param snapshotHashes each endpoint's stored snapshot hashes by key
   * @param baseHashes the canonical records' hashes by key
   * @param readOnly the fields each endpoint cannot write
   * @param invalid what was quarantined, and why
   * @param quarantined the keys quarantined at some endpoint
   * @param awaitingPeople the keys waiting for a person before this run
   * @param positions where each endpoint's next read starts, once the plan is applied
   */
  record Reads(
      Map<String, FetchedRecords> fetched,
      Map<String, Boolean> complete,
      Map<String, Set<String>> deleted,
      Map<String, Map<String, Snapshots.SnapshotHash>> snapshotHashes,
      Map<String, byte[]> baseHashes,
      Map<String, Set<String>> readOnly,
      List<Plan.Invalid> invalid,
      Set<String> quarantined,
      Set<String> awaitingPeople,
      Map<String, Position> positions) {}

  private final EngineState state;

  EndpointReads(EngineState state) {
    this.state = state;
  }

  /**
   * Reads every endpoint.
   *
   * @param write the write this run applies, or null: its keys are checked against look-alikes
   * @throws WriteRefusedException when a key of {@code write} looks like another key held
   */
  Reads read(
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Function<CanonicalRecord, List<RecordProblem.FieldError>> validate,
      SyncEngine.Options options,
      Write write,
      Consumer<String> progress,
      Instant now) {
    Map<String, FetchedRecords> fetched = new LinkedHashMap<>();
    Map<String, Boolean> complete = new HashMap<>();
    Map<String, Set<String>> deleted = new HashMap<>();
    Map<String, Map<String, Snapshots.SnapshotHash>> snapshotHashes = new HashMap<>();
    Map<String, Set<String>> readOnly = new HashMap<>();
    Map<String, Position> positions = new HashMap<>();
    List<Plan.Invalid> invalid = new ArrayList<>();
    Set<String> quarantined = new HashSet<>();
    Map<String, Set<String>> heldKeys = new LinkedHashMap<>();
    // Endpoints are fetched, and the stored snapshots' and base's hashes read, concurrently: the
    // waits are on different servers (or different backends of one), and parsing overlaps I/O.
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(8, 1 + 2 * endpoints.size()),
            r -> {
              Thread thread = new Thread(r, "sync-fetch");
              thread.setDaemon(true);
              return thread;
            });
    Map<String, byte[]> baseHashes;
    Map<String, Cursors.CursorState> cursors = state.cursors().cursors(registry.name());
    Set<String> awaitingPeople = state.review().keysAwaitingPeople(registry.name());
    try {
      Map<String, Future<Streamed>> fetches = new LinkedHashMap<>();
      Map<String, Future<Map<String, Snapshots.SnapshotHash>>> snapshotReads =
          new LinkedHashMap<>();
      for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
        Endpoint endpoint = entry.getValue();
        progress.accept("fetching " + entry.getKey());
        // A dry run writes nothing anywhere; the diff function's plan is applied later, so its
        // fetch may do what fetching needs.
        FetchRequest request =
            fetchRequest(endpoint, cursors.get(entry.getKey()), options, now)
                .withDryRun(options.dryRun() && !options.diff());
        if (!request.full()) {
          request = request.withRecheck(awaitingPeople);
        } else if (options.diff() && options.deadline().stopBy().isPresent()) {
          // The diff function's full read may outlast its invocation: it stops and keeps its parts.
          request = request.withStopBy(options.deadline().stopBy().get());
        }
        FetchRequest asked = request;
        Future<Map<String, Snapshots.SnapshotHash>> snapshotRead =
            pool.submit(() -> state.snapshots().snapshotHashes(registry.name(), entry.getKey()));
        snapshotReads.put(entry.getKey(), snapshotRead);
        fetches.put(
            entry.getKey(),
            pool.submit(
                () -> {
                  endpoint.check();
                  Streamed streamed =
                      new Streamed(registry, entry.getKey(), validate, options, snapshotRead);
                  streamed.result = endpoint.fetch(asked, streamed);
                  streamed.flush();
                  return streamed;
                }));
      }
      Future<Map<String, byte[]>> baseRead =
          pool.submit(() -> state.canonical().baseHashes(registry.name()));
      Map<String, Integer> unfinished = new LinkedHashMap<>();
      for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
        FetchResult result = await(fetches.get(entry.getKey())).result;
        result.unfinished().ifPresent(n -> unfinished.put(entry.getKey(), n));
      }
      if (!unfinished.isEmpty()) {
        throw new ReadContinuesException(registry.name(), unfinished);
      }
      for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
        String name = entry.getKey();
        Streamed streamed = await(fetches.get(name));
        FetchResult result = streamed.result;
        readOnly.put(name, entry.getValue().capabilities().readOnlyFields());
        Map<String, Snapshots.SnapshotHash> known = await(snapshotReads.get(name));
        FetchedRecords byKey = streamed.records;
        invalid.addAll(streamed.invalid);
        quarantined.addAll(streamed.invalidKeys);
        for (RecordProblem p : result.problems()) {
          invalid.add(new Plan.Invalid(name, p.key(), p.errors()));
          if (p.key() != null) {
            quarantined.add(p.key());
          }
        }
        frozenSpellings(registry, name, byKey, known, invalid, quarantined);
        fetched.put(name, byKey);
        result.nextCursor().ifPresent(c -> positions.put(name, new Position(c, result.complete())));
        complete.put(name, result.complete());
        snapshotHashes.put(name, known);
        deleted.put(
            name, result.complete() ? Set.of() : deletedSince(result, byKey, known, quarantined));
        heldKeys.put(
            name, LookAlikeKeys.held(byKey.keys(), result, known.keySet(), deleted.get(name)));
      }
      if (write != null) {
        // A written key is one more spelling held: one that looks like a key an endpoint holds
        // (typed there since the last sync, or quarantined there) would become a second record.
        Set<String> written = new HashSet<>();
        write.changes().forEach((key, change) -> change.ifPresent(c -> written.add(key)));
        heldKeys.put(Write.SIDE, written);
      }
      List<Plan.Invalid> refused = new ArrayList<>();
      for (LookAlikeKeys.Duplicate d : LookAlikeKeys.find(registry.key(), heldKeys)) {
        if (d.endpoint().equals(Write.SIDE)) {
          refused.add(new Plan.Invalid(d.endpoint(), d.key(), List.of(d.error())));
          continue;
        }
        invalid.add(new Plan.Invalid(d.endpoint(), d.key(), List.of(d.error())));
        quarantined.add(d.key());
      }
      if (!refused.isEmpty()) {
        throw new WriteRefusedException(refused);
      }
      baseHashes = await(baseRead);
    } finally {
      pool.shutdownNow();
    }
    return new Reads(
        fetched,
        complete,
        deleted,
        snapshotHashes,
        baseHashes,
        readOnly,
        invalid,
        quarantined,
        awaitingPeople,
        positions);
  }

  /**
   * One endpoint's fetch as it streams in: checked, hashed and validated a chunk at a time, and
   * held compactly ({@link FetchedRecords}), so the read never holds the endpoint's records whole.
   */
  private static final class Streamed implements RecordSink {
    private static final int CHUNK = 4096;

    final FetchedRecords records = new FetchedRecords();
    final List<Plan.Invalid> invalid = new ArrayList<>();

    /** The key of each of {@link #invalid}, as read. */
    final List<String> invalidKeys = new ArrayList<>();

    FetchResult result;

    private final RegistryConfig registry;
    private final String name;
    private final Function<CanonicalRecord, List<RecordProblem.FieldError>> validate;
    private final SyncEngine.Options options;
    private final Future<Map<String, Snapshots.SnapshotHash>> snapshotRead;
    private final List<RemoteRecord> pending = new ArrayList<>(CHUNK);
    private Map<String, Snapshots.SnapshotHash> known;

    Streamed(
        RegistryConfig registry,
        String name,
        Function<CanonicalRecord, List<RecordProblem.FieldError>> validate,
        SyncEngine.Options options,
        Future<Map<String, Snapshots.SnapshotHash>> snapshotRead) {
      this.registry = registry;
      this.name = name;
      this.validate = validate;
      this.options = options;
      this.snapshotRead = snapshotRead;
    }

    @Override
    public void accept(RemoteRecord record) {
      pending.add(record);
      if (pending.size() >= CHUNK) {
        flush();
      }
    }

    @Override
    public void withdraw(String key) {
      flush();
      records.remove(key);
      for (int i = invalidKeys.size() - 1; i >= 0; i--) {
        if (invalidKeys.get(i).equals(key)) {
          invalidKeys.remove(i);
          invalid.remove(i);
        }
      }
    }

    /** Checks, hashes, validates and holds the records read since the last flush. */
    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      if (known == null) {
        known = await(snapshotRead);
      }
      List<RemoteRecord> chunk = List.copyOf(pending);
      pending.clear();
      byte[][] hashes = new byte[chunk.size()][];
      boolean[] unchanged = new boolean[chunk.size()];
      // A record unchanged since the endpoint's last sync was validated then; --full checks all.
      List<List<RecordProblem.FieldError>> errors =
          IntStream.range(0, chunk.size())
              .parallel()
              .mapToObj(
                  i -> {
                    RemoteRecord r = chunk.get(i);
                    // Before hashing and whatever the hash: a key rule may be newer than the
                    // snapshot, and text PostgreSQL cannot hold fails wherever it is stored.
                    List<RecordProblem.FieldError> refused =
                        RecordGate.refusals(registry.key(), r.record());
                    if (!refused.isEmpty()) {
                      return refused;
                    }
                    hashes[i] = r.record().contentHash();
                    Snapshots.SnapshotHash snap = known.get(r.key());
                    unchanged[i] = snap != null && Arrays.equals(snap.hash(), hashes[i]);
                    return unchanged[i] && !options.full()
                        ? List.<RecordProblem.FieldError>of()
                        : validate.apply(r.record());
                  })
              .toList();
      for (int i = 0; i < chunk.size(); i++) {
        RemoteRecord r = chunk.get(i);
        if (!errors.get(i).isEmpty()) {
          invalid.add(new Plan.Invalid(name, r.key(), errors.get(i)));
          invalidKeys.add(r.key());
        }
        // Unchanged, the record is its snapshot: only its hash is kept.
        records.put(r, hashes[i], unchanged[i]);
      }
    }
  }

  /** A full scan unless the endpoint can read incrementally from a recent enough position. */
  private static FetchRequest fetchRequest(
      Endpoint endpoint, Cursors.CursorState state, SyncEngine.Options options, Instant now) {
    if (options.full()
        || state == null
        || state.cursor().isEmpty()
        || state.lastFullScan().isEmpty()
        || state.lastFullScan().get().plus(FULL_SCAN_EVERY).isBefore(now)
        || !endpoint.capabilities().incremental()) {
      return FetchRequest.fullScan();
    }
    return new FetchRequest(false, state.cursor());
  }

  /**
   * A record quarantined at endpoint {@code name} for its key whose plain spelling ({@link
   * KeyRules#plainForm}) is a key the endpoint held and no longer returns is that record, its key
   * misspelt (a trailing space typed into a sheet, a zero-width space pasted into Notion). Its old
   * key is not deleted anywhere: it is held as it is, and reported, until the key is put right.
   */
  private static void frozenSpellings(
      RegistryConfig registry,
      String name,
      FetchedRecords byKey,
      Map<String, Snapshots.SnapshotHash> known,
      List<Plan.Invalid> invalid,
      Set<String> quarantined) {
    List<Plan.Invalid> found = new ArrayList<>();
    for (Plan.Invalid i : invalid) {
      if (!i.endpoint().equals(name) || i.key() == null) {
        continue;
      }
      String plain = KeyRules.plainForm(i.key());
      if (!plain.equals(i.key())
          && known.containsKey(plain)
          && !byKey.contains(plain)
          && !quarantined.contains(plain)) {
        quarantined.add(plain);
        found.add(
            new Plan.Invalid(
                name,
                plain,
                List.of(
                    new RecordProblem.FieldError(
                        KeyRules.path(registry.key()),
                        "not deleted: the record is still at "
                            + name
                            + ", its key now spelt \""
                            + UnicodeText.visible(i.key())
                            + "\"; it is held as it was everywhere until the key is put right"))));
      }
    }
    invalid.addAll(found);
  }

  /**
   * The keys an incremental read says the endpoint no longer holds: those it reports deleted, and
   * those whose record now carries another key (the read returned its remote identity under a new
   * key, so the old key is gone there). A key the read returned is not deleted.
   */
  private static Set<String> deletedSince(
      FetchResult result,
      FetchedRecords byKey,
      Map<String, Snapshots.SnapshotHash> snapshots,
      Set<String> quarantined) {
    Set<String> out = new HashSet<>(result.deleted());
    Map<String, String> returnedKeyByRemoteId = new HashMap<>();
    byKey.remoteIds().forEach((key, remoteId) -> returnedKeyByRemoteId.put(remoteId, key));
    if (!returnedKeyByRemoteId.isEmpty()) {
      for (Map.Entry<String, Snapshots.SnapshotHash> snapshot : snapshots.entrySet()) {
        String now = snapshot.getValue().remoteId().map(returnedKeyByRemoteId::get).orElse(null);
        if (now != null && !now.equals(snapshot.getKey())) {
          out.add(snapshot.getKey());
        }
      }
    }
    out.removeAll(byKey.keys());
    out.removeAll(quarantined);
    return out;
  }

  /** The value of {@code future}, rethrowing what the task threw as it was. */
  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChittySyncException(ErrorCode.SYNC_FAILED, "interrupted while fetching");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new ChittySyncException(
          ErrorCode.SYNC_FAILED, "fetch failed: " + e.getCause(), e.getCause());
    }
  }
}
