package com.chittysync.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Cosigner;
import com.chittysync.audit.Merkle;
import com.chittysync.audit.TlogProof;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.core.json.Json;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The browser's filter columns, written by the append and read newest first; tlog-proofs. */
class AuditLogListTest {
  private AuditLogFixture f;

  @BeforeEach
  void open() {
    f = new AuditLogFixture();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static AuditRecord op(String registry, String key, UUID plan) {
    return new AuditRecord(
        "sync.op",
        "engine",
        Json.mapper()
            .createObjectNode()
            .put("registry", registry)
            .put("plan_id", plan.toString())
            .put("key", key));
  }

  @Test
  void filtersByTheColumnsTheAppendWrote() {
    UUID p1 = UUID.randomUUID();
    UUID p2 = UUID.randomUUID();
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(op(i % 2 == 0 ? "people" : "orders", "k" + (i % 7), i < 150 ? p1 : p2));
    }
    records.add(AuditLogFixture.record(1));
    records.add(
        new AuditRecord(
            "sync.op",
            "engine",
            Json.mapper()
                .createObjectNode()
                .put("registry", "x".repeat(300))
                .put("plan_id", "no")));
    f.log.append(records);

    List<AuditLog.Listed> newest = f.log.list(AuditLog.Filter.NONE, Long.MAX_VALUE, 50);
    assertThat(newest).hasSize(50);
    assertThat(newest.get(0).seq()).isEqualTo(301);
    assertThat(newest.get(0).registry()).isEmpty();
    assertThat(newest.get(0).plan()).isEmpty();
    assertThat(newest.get(1).type()).isEqualTo("operator.note");
    assertThat(newest.get(1).actor()).contains("test");
    assertThat(newest.get(49).seq()).isEqualTo(252);

    AuditLog.Filter people =
        new AuditLog.Filter(
            Optional.of("sync.op"), Optional.of("people"), Optional.of("k3"), Optional.empty());
    List<AuditLog.Listed> got = f.log.list(people, 200, 50);
    assertThat(got)
        .allSatisfy(
            l -> {
              assertThat(l.seq()).isLessThan(200);
              assertThat(l.registry()).contains("people");
              assertThat(l.key()).contains("k3");
            });
    assertThat(got).extracting(AuditLog.Listed::seq).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(got)
        .hasSize((int) IntStream.range(0, 200).filter(i -> i % 2 == 0 && i % 7 == 3).count());

    AuditLog.Filter plan =
        new AuditLog.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(p2));
    List<AuditLog.Listed> second = f.log.list(plan, Long.MAX_VALUE, 500);
    assertThat(second).hasSize(150);
    assertThat(second.get(149).seq()).isEqualTo(150);
    assertThat(second.get(0).plan()).contains(p2);
  }

  @Test
  void entryAnswersTheStoredBytes() {
    f.append(3);
    byte[][] stored = new byte[1][];
    f.log.entries(1, 2, (seq, entry, leaf) -> stored[0] = entry);
    assertThat(f.log.entry(1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(stored[0]));
    assertThat(f.log.entry(3)).isEmpty();
  }

  @Test
  void aTlogProofRoundTripsAndVerifies() {
    f.append(11);
    StoredCheckpoint cp = f.checkpointer.checkpoint();
    Cosigner w = Cosigner.generate("witness.example/w1", new SecureRandom());
    String body = cp.parsedNote().text();
    Checkpointer.storeCosignature(f.database, cp.size(), w.cosign(body, 1_700_000_000L));
    StoredCheckpoint cosigned = f.log.latestCheckpoint().orElseThrow();
    InclusionProof inc = f.log.prove(6, cp.size());
    TlogProof proof = new TlogProof(6, inc.path(), Optional.empty(), cosigned.note());
    String text = proof.format();
    assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nindex 6\n");
    TlogProof parsed = TlogProof.parse(text);
    assertThat(parsed.format()).isEqualTo(text);
    WitnessPolicy policy = WitnessPolicy.of(1, List.of(w.verifier()));
    assertThat(parsed.verify(inc.leafHash(), f.signer.verifier(), policy).size()).isEqualTo(11);

    // One character of a hash changed: the path no longer leads to the signed root.
    String first = Base64.getEncoder().encodeToString(inc.path().get(0));
    char c = first.charAt(3);
    String tampered =
        text.replace(first, first.substring(0, 3) + (c == 'A' ? 'B' : 'A') + first.substring(4));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TlogProof.parse(tampered).verify(inc.leafHash(), f.signer.verifier(), policy))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("does not match the root");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> parsed.verify(Merkle.leafHash(new byte[] {1}), f.signer.verifier(), policy))
        .isInstanceOf(AuditException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TlogProof.parse("index 1\n\nx"))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("first line");
  }
}
