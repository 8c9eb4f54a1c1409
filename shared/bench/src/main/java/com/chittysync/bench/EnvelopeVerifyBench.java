package com.chittysync.bench;

import com.chittysync.envelope.EnvelopeException;
import com.chittysync.envelope.EnvelopeSigner;
import com.chittysync.envelope.EnvelopeVerifier;
import com.chittysync.envelope.NonceStore;
import com.chittysync.envelope.PostgresNonceStore;
import com.chittysync.envelope.TrustedKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Envelope verification throughput: {@code java -jar shared/bench/target/chittysync-bench.jar
 * envelope-verify [N [THREADS,...]]} (default: N = 20,000 distinct envelopes per measured run,
 * threads 1,2).
 *
 * <ol>
 *   <li>parse + JCS + Ed25519 with an in-memory nonce set, one thread: the CPU cost alone;
 *   <li>full verification with {@link PostgresNonceStore} in a scratch database (pool size =
 *       threads), on 1 and 2 threads (or those given).
 * </ol>
 *
 * Every run verifies envelopes no run has seen, after a warm-up, and checks that all were accepted.
 * Target: 5,000 envelopes/s.
 */
public final class EnvelopeVerifyBench {
  private static final double TARGET = 5_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EnvelopeVerifyBench() {}

  /**
   * Runs the benchmark and prints one line per measurement.
   *
   * @param args optional: the number of envelopes per run, then comma-separated thread counts
   */
  public static void run(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 20_000;
    List<Integer> threadCounts = new ArrayList<>();
    for (String t : (args.length > 1 ? args[1] : "1,2").split(",")) {
      threadCounts.add(Integer.parseInt(t.strip()));
    }
    EnvelopeSigner signer = EnvelopeSigner.fromSeed(seed());
    TrustedKeys keys = TrustedKeys.of(signer.keyId());

    List<byte[]> warmUp = envelopes(signer, Math.min(n, 5_000));
    List<byte[]> cpuRun = envelopes(signer, n);
    int bytes = 0;
    for (byte[] e : cpuRun) {
      bytes += e.length;
    }
    System.out.printf(
        Locale.ROOT,
        "envelope-verify: %,d envelopes per run, %d bytes each on average, %d CPUs%n",
        n,
        bytes / n,
        Runtime.getRuntime().availableProcessors());

    verifyAll(new EnvelopeVerifier(keys, inMemory(), Clock.systemUTC()), warmUp, 1);
    double cpu = verifyAll(new EnvelopeVerifier(keys, inMemory(), Clock.systemUTC()), cpuRun, 1);
    report("parse + JCS + Ed25519, in-memory nonces, 1 thread", cpu);

    for (int threads : threadCounts) {
      double full = fullRun(keys, signer, envelopes(signer, n), threads);
      report(
          "full verification, PostgreSQL nonces, "
              + threads
              + (threads == 1 ? " thread" : " threads"),
          full);
    }
  }

  private static double fullRun(
      TrustedKeys keys, EnvelopeSigner signer, List<byte[]> run, int threads) throws Exception {
    try (ScratchDatabase scratch = ScratchDatabase.create(threads)) {
      EnvelopeVerifier verifier =
          new EnvelopeVerifier(keys, new PostgresNonceStore(scratch.database()), Clock.systemUTC());
      verifyAll(verifier, envelopes(signer, 2_000), threads);
      return verifyAll(verifier, run, threads);
    }
  }

  /** Verifies every envelope on {@code threads} threads; returns envelopes per second. */
  private static double verifyAll(EnvelopeVerifier verifier, List<byte[]> envelopes, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      AtomicInteger rejected = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = next.getAndIncrement();
                      i < envelopes.size();
                      i = next.getAndIncrement()) {
                    try {
                      verifier.verify(envelopes.get(i));
                    } catch (EnvelopeException e) {
                      rejected.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      long t0 = System.nanoTime();
      start.countDown();
      for (Future<?> w : workers) {
        w.get();
      }
      long elapsed = System.nanoTime() - t0;
      if (rejected.get() > 0) {
        throw new IllegalStateException(rejected.get() + " envelopes were rejected");
      }
      return envelopes.size() / (elapsed / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void report(String what, double perSecond) {
    System.out.printf(
        Locale.ROOT,
        "  %-50s %,9.0f envelopes/s  %s%n",
        what,
        perSecond,
        perSecond >= TARGET ? "(>= 5,000 target)" : "(BELOW the 5,000 target)");
  }

  private static NonceStore inMemory() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return (nonce, keyId, expiresAt) -> seen.add(nonce);
  }

  /** {@code count} distinct envelopes with a typical small write payload, valid for 15 minutes. */
  private static List<byte[]> envelopes(EnvelopeSigner signer, int count) {
    List<byte[]> out = new ArrayList<>(count);
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      ObjectNode payload = MAPPER.createObjectNode();
      payload.put("registry", "people");
      payload.put("op", "upsert");
      payload.put("id", "person-" + i);
      ObjectNode fields = payload.putObject("fields");
      fields.put("name", "Person Number " + i);
      fields.put("email", "person" + i + "@example.com");
      fields.put("active", i % 2 == 0);
      fields.put("score", i * 0.25);
      JsonNode p = payload;
      out.add(
          signer
              .sign(p, now, Optional.of(Duration.ofMinutes(15)))
              .toJson()
              .getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] seed() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return seed;
  }
}
