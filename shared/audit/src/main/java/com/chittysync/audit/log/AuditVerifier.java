package com.chittysync.audit.log;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.CompactRange;
import com.chittysync.audit.Jcs;
import com.chittysync.audit.Merkle;
import com.chittysync.audit.Note;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.audit.QuorumResult;
import com.chittysync.audit.WitnessPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

/**
 * Recomputes a log from its entries and checks everything against it: every entry's canonical form,
 * sequence number and leaf hash; the root at every checkpoint; every log signature; every witness
 * cosignature and the quorum on the latest checkpoint; and, for the database, the stored head and
 * interior nodes. Stops at the first failure and names the first bad sequence number.
 */
public final class AuditVerifier {
  private static final int BATCH = 8192;

  private final NoteVerifier logKey;
  private final WitnessPolicy policy;

  /**
   * @param logKey the log's verifier key
   * @param policy the witnesses known and how many must have cosigned the latest checkpoint
   */
  public AuditVerifier(NoteVerifier logKey, WitnessPolicy policy) {
    this.logKey = logKey;
    this.policy = policy;
  }

  static long nodeKey(int level, long index) {
    return ((long) level << 56) | index;
  }

  /** Verifies {@code source}. Never throws for a bad log: the report says what failed. */
  public VerificationReport verify(LogSource source) {
    Run run = new Run(source);
    try {
      run.execute();
      return new VerificationReport(
          true, run.count, run.checkpoints.size(), run.cosignatures, OptionalLong.empty(), null);
    } catch (Bad bad) {
      return new VerificationReport(
          false,
          run.count,
          run.checkpointIndex,
          run.cosignatures,
          bad.seq < 0 ? OptionalLong.empty() : OptionalLong.of(bad.seq),
          bad.getMessage());
    }
  }

  /** A failure found, with the first bad sequence number if known ({@code -1} otherwise). */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long seq;

    Bad(long seq, String message) {
      super(message, null, false, false);
      this.seq = seq;
    }
  }

  private final class Run {
    final LogSource source;
    final List<StoredCheckpoint> checkpoints;
    final Map<Long, byte[]> computedNodes = new HashMap<>();
    CompactRange range = CompactRange.empty();
    long count;
    int checkpointIndex;
    long lastGoodCheckpoint;
    int cosignatures;
    List<Object[]> batch = new ArrayList<>(BATCH);
    // Reading the next batch overlaps with checking the last: at most a few batches in flight.
    final ExecutorService folder =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "audit-verify");
              t.setDaemon(true);
              return t;
            });
    final Semaphore inFlight = new Semaphore(3);
    CompletableFuture<Void> pipeline = CompletableFuture.completedFuture(null);
    volatile Bad failed;

    Run(LogSource source) {
      this.source = source;
      this.checkpoints = source.checkpoints();
    }

    void execute() {
      checkCheckpointsAt(0);
      try {
        source.entries(
            (seq, entry, stored) -> {
              if (failed != null) {
                throw failed;
              }
              batch.add(new Object[] {seq, entry, stored});
              if (batch.size() == BATCH) {
                submit();
              }
            });
        submit();
        pipeline.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof Bad bad ? bad : e;
      } finally {
        folder.shutdownNow();
      }
      if (failed != null) {
        throw failed;
      }
      if (checkpointIndex < checkpoints.size()) {
        long size = checkpoints.get(checkpointIndex).size();
        throw new Bad(
            count,
            "checkpoint "
                + size
                + " is signed but the log has only "
                + count
                + " entries (entries deleted?)");
      }
      source.head().ifPresent(this::checkHead);
      checkAllNodes();
      checkQuorum();
    }

    /** Hands the current batch to the checking pipeline. */
    void submit() {
      if (batch.isEmpty()) {
        return;
      }
      List<Object[]> full = batch;
      batch = new ArrayList<>(BATCH);
      inFlight.acquireUninterruptibly();
      pipeline =
          pipeline.thenRunAsync(
              () -> {
                try {
                  if (failed == null) {
                    flush(full);
                  }
                } catch (Bad bad) {
                  failed = bad;
                } finally {
                  inFlight.release();
                }
              },
              folder);
    }

    /** Checks a batch's entries in parallel, then folds their leaves into the tree in order. */
    void flush(List<Object[]> batch) {
      byte[][] leaves = new byte[batch.size()][];
      String[] problems = new String[batch.size()];
      IntStream.range(0, batch.size())
          .parallel()
          .forEach(
              i -> {
                Object[] row = batch.get(i);
                long seq = (Long) row[0];
                byte[] entry = (byte[]) row[1];
                problems[i] = checkEntry(seq, entry);
                leaves[i] = Merkle.leafHash(entry);
                byte[] stored = (byte[]) row[2];
                if (problems[i] == null
                    && stored != null
                    && !MessageDigest.isEqual(stored, leaves[i])) {
                  problems[i] = "entry " + seq + " does not hash to its stored leaf hash (edited)";
                }
              });
      for (int i = 0; i < leaves.length; i++) {
        long seq = (Long) batch.get(i)[0];
        if (seq != count) {
          throw new Bad(
              Math.min(seq, count),
              seq > count
                  ? "entry " + count + " is missing (the next stored entry is " + seq + ")"
                  : "entry " + seq + " appears out of order");
        }
        if (problems[i] != null) {
          throw new Bad(seq, problems[i]);
        }
        range =
            range.append(
                leaves[i],
                (level, index, hash) -> {
                  if (StoredTree.isStoredLevel(level)) {
                    computedNodes.put(nodeKey(level, index), hash);
                  }
                });
        count++;
        checkCheckpointsAt(count);
      }
    }

    String checkEntry(long seq, byte[] entry) {
      JsonNode json;
      try {
        json = Jcs.parseStrict(entry);
      } catch (AuditException e) {
        return "entry " + seq + " is not valid JSON: " + e.getMessage();
      }
      if (!MessageDigest.isEqual(Jcs.canonicalize(json), entry)) {
        return "entry " + seq + " is not in RFC 8785 canonical form (edited)";
      }
      JsonNode claimed = json.get("seq");
      if (claimed == null || !claimed.canConvertToLong() || claimed.asLong() != seq) {
        return "entry " + seq + " says it is seq " + claimed + " (reordered or moved)";
      }
      for (String field : List.of("time", "type", "actor")) {
        if (!json.path(field).isTextual()) {
          return "entry " + seq + " has no " + field;
        }
      }
      return null;
    }

    void checkCheckpointsAt(long size) {
      while (checkpointIndex < checkpoints.size()
          && checkpoints.get(checkpointIndex).size() == size) {
        StoredCheckpoint stored = checkpoints.get(checkpointIndex);
        Checkpoint checkpoint;
        Note note;
        try {
          note = stored.parsedNote();
          checkpoint = Checkpoint.fromNote(note.verify(List.of(logKey)));
        } catch (AuditException e) {
          throw new Bad(-1, "checkpoint " + size + ": " + e.getMessage());
        }
        if (checkpoint.size() != size) {
          throw new Bad(
              -1, "checkpoint stored as size " + size + " is signed for size " + checkpoint.size());
        }
        byte[] root = range.root();
        if (!MessageDigest.isEqual(checkpoint.rootHash(), root)) {
          throw new Bad(
              firstDivergence(size),
              "checkpoint " + size + " does not match the entries" + divergenceHint(size));
        }
        QuorumResult quorum = policy.evaluate(note);
        if (!quorum.invalidWitnesses().isEmpty()) {
          throw new Bad(
              -1,
              "checkpoint "
                  + size
                  + ": cosignature by "
                  + quorum.invalidWitnesses().get(0)
                  + " does not verify");
        }
        cosignatures = quorum.validCount();
        lastGoodCheckpoint = size;
        checkpointIndex++;
      }
      if (checkpointIndex < checkpoints.size() && checkpoints.get(checkpointIndex).size() < size) {
        throw new Bad(
            -1, "checkpoints are out of order at " + checkpoints.get(checkpointIndex).size());
      }
    }

    /**
     * Where entries first differ from what was stored, from the interior nodes (which an editor of
     * entries rarely rewrites too): the first leaf of the first stored node that disagrees, else
     * the first entry after the last good checkpoint.
     */
    long firstDivergence(long size) {
      int level = StoredTree.TILE_HEIGHT;
      long from = lastGoodCheckpoint >>> level;
      long to = size >>> level;
      Map<Long, byte[]> stored = source.nodes(level, from, to);
      for (long idx = from; idx < to; idx++) {
        byte[] s = stored.get(nodeKey(level, idx));
        byte[] c = computedNodes.get(nodeKey(level, idx));
        if (s != null && c != null && !MessageDigest.isEqual(s, c)) {
          return idx << level;
        }
      }
      return lastGoodCheckpoint;
    }

    String divergenceHint(long size) {
      long first = firstDivergence(size);
      long block = 1L << StoredTree.TILE_HEIGHT;
      return first == lastGoodCheckpoint
          ? "; the first bad entry is between " + lastGoodCheckpoint + " and " + (size - 1)
          : "; the first bad entry is between "
              + first
              + " and "
              + Math.min(size - 1, first + block - 1);
    }

    void checkHead(AuditLog.Head head) {
      if (head.size() != count) {
        throw new Bad(
            Math.min(head.size(), count),
            "the log head says " + head.size() + " entries, " + count + " are stored");
      }
      if (!MessageDigest.isEqual(head.root(), range.root()) || !head.frontier().equals(range)) {
        throw new Bad(-1, "the log head's root or frontier does not match the entries");
      }
    }

    void checkAllNodes() {
      Map<Long, byte[]> stored = source.allNodes();
      if (stored.isEmpty() && !source.head().isPresent()) {
        return;
      }
      long firstBad = Long.MAX_VALUE;
      for (Map.Entry<Long, byte[]> e : computedNodes.entrySet()) {
        byte[] s = stored.get(e.getKey());
        if (s == null || !MessageDigest.isEqual(s, e.getValue())) {
          long level = e.getKey() >>> 56;
          long index = e.getKey() & ((1L << 56) - 1);
          firstBad = Math.min(firstBad, index << level);
        }
      }
      if (firstBad != Long.MAX_VALUE) {
        throw new Bad(firstBad, "stored tree nodes disagree with the entries from seq " + firstBad);
      }
      if (stored.size() != computedNodes.size()) {
        throw new Bad(
            -1,
            "the store holds "
                + (stored.size() - computedNodes.size())
                + " tree node(s) no entry accounts for");
      }
    }

    void checkQuorum() {
      if (policy.threshold() == 0) {
        return;
      }
      if (checkpoints.isEmpty()) {
        throw new Bad(-1, "no checkpoint to hold witness cosignatures");
      }
      if (cosignatures < policy.threshold()) {
        throw new Bad(
            -1,
            "the latest checkpoint has "
                + cosignatures
                + " valid witness cosignature(s); the quorum is "
                + policy.threshold());
      }
    }
  }
}
