package com.chittysync.audit;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A quick, JMH-free micro benchmark (not a test). Run after {@code mvn -pl shared/audit
 * test-compile} with the test classpath, e.g.
 *
 * <pre>
 * mvn -q -pl shared/audit dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp shared/audit/target/classes:shared/audit/target/test-classes:$(cat shared/audit/target/cp.txt) \
 *     com.chittysync.audit.AuditCryptoBench
 * </pre>
 *
 * <p>Prints Ed25519 signs/s and verifies/s (BouncyCastle, as used, and the JDK provider for
 * comparison), leaf hashes/s, and proof times on a 1,000,000-leaf in-memory tree.
 */
public final class AuditCryptoBench {
  private AuditCryptoBench() {}

  public static void main(String[] args) throws Exception {
    Random rnd = new Random(1);
    byte[] seed = new byte[32];
    rnd.nextBytes(seed);
    byte[] pub = Ed25519Crypto.publicKey(seed);
    byte[] msg = new byte[120]; // about a checkpoint body
    rnd.nextBytes(msg);

    // --- Ed25519 (BouncyCastle low-level, what the library uses) ---
    byte[] sig = Ed25519Crypto.sign(seed, pub, msg);
    for (int round = 0; round < 2; round++) { // round 0 is warm-up
      int n = 20_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        msg[0] = (byte) i;
        sig = Ed25519Crypto.sign(seed, pub, msg);
      }
      double signs = n / seconds(t0);
      t0 = System.nanoTime();
      boolean ok = true;
      for (int i = 0; i < n; i++) {
        ok &= Ed25519Crypto.verify(pub, msg, sig);
      }
      double verifies = n / seconds(t0);
      if (round == 1) {
        System.out.printf(
            "Ed25519 (BouncyCastle): %,.0f signs/s, %,.0f verifies/s (ok=%s)%n",
            signs, verifies, ok);
      }
    }

    // --- Ed25519 (JDK provider), for comparison only ---
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    PrivateKey priv = kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    PublicKey jdkPub = kf.generatePublic(jdkPublicKeySpec(pub));
    Signature s = Signature.getInstance("Ed25519");
    for (int round = 0; round < 2; round++) {
      int n = 3_000;
      long t0 = System.nanoTime();
      byte[] jsig = null;
      for (int i = 0; i < n; i++) {
        s.initSign(priv);
        s.update(msg);
        jsig = s.sign();
      }
      double signs = n / seconds(t0);
      t0 = System.nanoTime();
      boolean ok = true;
      for (int i = 0; i < n; i++) {
        s.initVerify(jdkPub);
        s.update(msg);
        ok &= s.verify(jsig);
      }
      double verifies = n / seconds(t0);
      if (round == 1) {
        System.out.printf(
            "Ed25519 (JDK 17 provider): %,.0f signs/s, %,.0f verifies/s (ok=%s)%n",
            signs, verifies, ok);
      }
    }

    // --- Leaf hashes ---
    byte[] entry = new byte[256];
    rnd.nextBytes(entry);
    for (int round = 0; round < 2; round++) {
      int n = 2_000_000;
      long t0 = System.nanoTime();
      byte acc = 0;
      for (int i = 0; i < n; i++) {
        entry[0] = (byte) i;
        acc ^= Merkle.leafHash(entry)[0];
      }
      if (round == 1) {
        System.out.printf(
            "Leaf hashes (256-byte entries): %,.0f/s (%d)%n", n / seconds(t0), acc & 1);
      }
    }

    // --- 1,000,000-leaf tree ---
    int size = 1_000_000;
    long t0 = System.nanoTime();
    byte[] leaves = new byte[size * 32];
    byte[] data = new byte[64];
    for (int i = 0; i < size; i++) {
      rnd.nextBytes(data);
      System.arraycopy(Merkle.leafHash(data), 0, leaves, i * 32, 32);
    }
    double leafSecs = seconds(t0);
    t0 = System.nanoTime();
    InMemoryMerkleTree tree = InMemoryMerkleTree.ofConcatenated(leaves);
    System.out.printf(
        "1,000,000-leaf tree: leaf hashes %.0f ms, interior levels + root %.0f ms%n",
        leafSecs * 1e3, seconds(t0) * 1e3);
    byte[] root = tree.root();

    long first = rnd.nextInt(size);
    t0 = System.nanoTime();
    List<byte[]> proof = Merkle.inclusionProof(first, size, tree);
    double coldMicros = seconds(t0) * 1e6;
    Merkle.verifyInclusion(first, size, tree.leafHash(first), proof, root);

    int proofs = 100_000;
    List<Long> indices = new ArrayList<>(proofs);
    for (int i = 0; i < proofs; i++) {
      indices.add((long) rnd.nextInt(size));
    }
    t0 = System.nanoTime();
    int hashes = 0;
    for (long index : indices) {
      hashes += Merkle.inclusionProof(index, size, tree).size();
    }
    double perProof = seconds(t0) / proofs * 1e6;
    System.out.printf(
        "Inclusion proof, random leaf of 1,000,000: first (cold) %.1f µs, then %.2f µs avg over"
            + " %,d (%.1f hashes each)%n",
        coldMicros, perProof, proofs, hashes / (double) proofs);

    t0 = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      long index = indices.get(i);
      Merkle.verifyInclusion(
          index, size, tree.leafHash(index), Merkle.inclusionProof(index, size, tree), root);
    }
    System.out.printf("Inclusion proof generate+verify: %.2f µs avg%n", seconds(t0) / 10_000 * 1e6);

    t0 = System.nanoTime();
    int consistency = 10_000;
    for (int i = 0; i < consistency; i++) {
      long size1 = 1 + rnd.nextInt(size - 1);
      Merkle.consistencyProof(size1, size, tree);
    }
    System.out.printf(
        "Consistency proof (random size1 -> 1,000,000): %.2f µs avg%n",
        seconds(t0) / consistency * 1e6);

    // Without stored interior nodes (default LeafSource recomputes subtrees from leaves).
    LeafSource leavesOnly = tree::leafHash;
    t0 = System.nanoTime();
    Merkle.inclusionProof(first, size, leavesOnly);
    System.out.printf(
        "Inclusion proof from leaves only (no stored nodes): %.0f ms%n", seconds(t0) * 1e3);

    // Frontier appends.
    CompactRange range = CompactRange.empty();
    byte[] leaf = tree.leafHash(0);
    t0 = System.nanoTime();
    for (int i = 0; i < 1_000_000; i++) {
      range = range.append(leaf);
    }
    range.root();
    System.out.printf(
        "CompactRange: %,.0f appends/s (1,000,000 appends + root)%n", 1_000_000 / seconds(t0));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static EdECPublicKeySpec jdkPublicKeySpec(byte[] pub) {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = pub[31 - i];
    }
    boolean xOdd = (be[0] & 0x80) != 0;
    be[0] &= 0x7f;
    return new EdECPublicKeySpec(
        NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be)));
  }
}
