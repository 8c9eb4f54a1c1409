package com.chittysync.bench;

import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.AuditVerifier;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.audit.log.DatabaseLogSource;
import com.chittysync.audit.log.InclusionProof;
import com.chittysync.audit.log.VerificationReport;
import com.chittysync.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The audit log end to end on PostgreSQL: batched appends, checkpoint, full verification and proofs
 * on a log of N entries (default 1,000,000).
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar audit-log [N] [--keep]}; with {@code
 * --keep} the scratch database is left for timing the CLI against it.
 */
public final class AuditLogBench {
  private AuditLogBench() {}

  public static void run(String[] args) {
    int n = 1_000_000;
    boolean keep = false;
    for (String arg : args) {
      if (arg.equals("--keep")) {
        keep = true;
      } else {
        n = Integer.parseInt(arg.replace("_", ""));
      }
    }
    int batch = 1000;
    ScratchDatabase scratch = ScratchDatabase.create(4);
    try {
      AuditLog log = new AuditLog(scratch.database(), Clock.systemUTC());
      NoteSigner signer = NoteSigner.generate("bench.example/log");
      Random random = new Random(1);
      long start = System.nanoTime();
      for (int done = 0; done < n; done += batch) {
        List<AuditRecord> records = new ArrayList<>(batch);
        for (int i = 0; i < Math.min(batch, n - done); i++) {
          var body = Json.mapper().createObjectNode();
          body.put("registry", "people");
          body.put("endpoint", "main");
          body.put("op", "update");
          body.put("key", "P-" + (done + i));
          body.putArray("fields").add("email").add("full_name");
          body.put(
              "after_sha256",
              Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
          records.add(new AuditRecord("sync.op", "engine", body));
        }
        log.append(records);
      }
      double appendSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "append: %,d entries in batches of %d: %.1f s = %,.0f entries/s%n",
          n, batch, appendSeconds, n / appendSeconds);

      start = System.nanoTime();
      new Checkpointer(scratch.database(), signer, signer.name()).checkpoint();
      System.out.printf(
          "checkpoint of %,d entries: %.0f ms%n", n, (System.nanoTime() - start) / 1e6);

      start = System.nanoTime();
      VerificationReport report =
          new AuditVerifier(signer.verifier(), WitnessPolicy.of(0, List.of()))
              .verify(new DatabaseLogSource(scratch.database(), log));
      double verifySeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "verify (in-process): %.2f s = %,.0f entries/s -> %s%n",
          verifySeconds, n / verifySeconds, report.summary());

      long total = 0;
      int proofs = 200;
      for (int i = 0; i < proofs; i++) {
        long seq = (long) (random.nextDouble() * n);
        long t = System.nanoTime();
        InclusionProof proof = log.prove(seq, n);
        total += System.nanoTime() - t;
        if (proof.path().isEmpty() && n > 1) {
          throw new IllegalStateException("empty proof");
        }
      }
      System.out.printf(
          "prove (in-process): %.2f ms per inclusion proof on %,d entries (mean of %d)%n",
          total / 1e6 / proofs, n, proofs);
      if (keep) {
        System.out.println("kept scratch database: " + scratch.url().describe());
        System.out.println("  CHITTYSYNC_SIGNING_KEY=" + signer.privateKey());
      }
    } finally {
      if (!keep) {
        scratch.close();
      }
    }
  }
}
