package com.chittysync.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.CosignatureVerifier;
import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.core.ChittySyncException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessTest {
  @TempDir Path dir;
  private AuditLogFixture f;
  private final NoteSigner w1 = NoteSigner.generate("witness.example/one");
  private final NoteSigner w2 = NoteSigner.generate("witness.example/two");
  private final NoteSigner w3 = NoteSigner.generate("witness.example/three");

  @BeforeEach
  void open() {
    f = new AuditLogFixture();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private Witness.LogView view() {
    return new Witness.LogView() {
      @Override
      public Optional<StoredCheckpoint> latestCheckpoint() {
        return f.log.latestCheckpoint();
      }

      @Override
      public List<byte[]> consistency(long from, long to) {
        return f.log.consistency(from, to).path();
      }
    };
  }

  /** Runs witness {@code key} with its state file, storing the cosignature like the CLI does. */
  private Witness.Result witness(NoteSigner key) {
    Path state = dir.resolve(key.name().replace('/', '_') + ".json");
    Witness.Result result =
        new Witness(key.cosigner(), Clock.systemUTC())
            .cosign(view(), f.signer.verifier(), WitnessState.load(state));
    Checkpointer.storeCosignature(f.database, result.checkpoint().size(), result.cosignature());
    result.state().save(state);
    return result;
  }

  private VerificationReport verify(int quorum, NoteSigner... witnesses) {
    List<NoteVerifier> keys = new ArrayList<>();
    for (NoteSigner w : witnesses) {
      keys.add(CosignatureVerifier.of(w.name(), w.publicKey()));
    }
    return new AuditVerifier(f.signer.verifier(), WitnessPolicy.of(quorum, keys))
        .verify(new DatabaseLogSource(f.database, f.log));
  }

  @Test
  void witnessCosignsConsistentCheckpointsAndRemembersTheLast() {
    f.append(10);
    f.checkpointer.checkpoint();
    assertThat(witness(w1).checkpoint().size()).isEqualTo(10);
    f.append(7);
    f.checkpointer.checkpoint();
    Witness.Result second = witness(w1);
    assertThat(second.checkpoint().size()).isEqualTo(17);
    assertThat(WitnessState.load(dir.resolve("witness.example_one.json")).orElseThrow().size())
        .isEqualTo(17);
    assertThat(f.log.latestCheckpoint().orElseThrow().note()).contains("— witness.example/one ");
  }

  @Test
  void quorumOfKOutOfNIsEnforcedOnTheLatestCheckpoint() {
    f.append(5);
    f.checkpointer.checkpoint();
    witness(w1);
    witness(w2);
    assertThat(verify(2, w1, w2, w3).ok()).isTrue();
    VerificationReport short1 = verify(3, w1, w2, w3);
    assertThat(short1.ok()).isFalse();
    assertThat(short1.failure())
        .isEqualTo("the latest checkpoint has 2 valid witness cosignature(s); the quorum is 3");
    // A new checkpoint nobody cosigned yet does not meet a quorum of one.
    f.append(1);
    f.checkpointer.checkpoint();
    assertThat(verify(1, w1).ok()).isFalse();
  }

  @Test
  void forgedCosignatureFailsVerification() {
    f.append(5);
    f.checkpointer.checkpoint();
    witness(w1);
    f.sql(
        "UPDATE chittysync.audit_cosignatures SET signature_line = regexp_replace(signature_line, '.....$', 'AAAA=')");
    VerificationReport report = verify(1, w1);
    assertThat(report.ok()).isFalse();
    assertThat(report.failure()).contains("cosignature by witness.example/one does not verify");
  }

  @Test
  void witnessRefusesALogThatRewroteHistory() {
    f.append(20);
    f.checkpointer.checkpoint();
    witness(w1);
    // The log operator forks: a different history of the same length plus more, signed anew.
    f.wipe();
    f.append(25);
    f.checkpointer.checkpoint();
    assertThatThrownBy(() -> witness(w1))
        .isInstanceOf(ChittySyncException.class)
        .hasMessageStartingWith(
            "witness refuses to cosign: checkpoint 25 is not consistent with the cosigned 20");
  }

  @Test
  void witnessRefusesARollback() {
    f.append(20);
    f.checkpointer.checkpoint();
    witness(w1);
    f.wipe();
    f.append(3);
    f.checkpointer.checkpoint();
    assertThatThrownBy(() -> witness(w1)).hasMessageContaining("the log rolled back");
  }

  @Test
  void witnessPinsTheLogKeyAtFirstUse() {
    f.append(3);
    f.checkpointer.checkpoint();
    witness(w1);
    NoteSigner other = NoteSigner.generate("test.example/log");
    Path state = dir.resolve("witness.example_one.json");
    assertThatThrownBy(
            () ->
                new Witness(w1.cosigner(), Clock.systemUTC())
                    .cosign(view(), other.verifier(), WitnessState.load(state)))
        .isInstanceOf(ChittySyncException.class);
  }
}
