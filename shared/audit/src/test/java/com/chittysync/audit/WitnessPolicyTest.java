package com.chittysync.audit;

import static com.chittysync.audit.MerkleTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WitnessPolicyTest {
  private static final long TIME = 1_700_000_000L;

  private final NoteSigner log = NoteTest.signer("log.example/audit", 42);
  private final List<Cosigner> witnesses = new ArrayList<>();
  private final List<NoteVerifier> witnessKeys = new ArrayList<>();
  private final Checkpoint checkpoint =
      Checkpoint.of(
          log.name(),
          8,
          ReferenceData.hex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

  WitnessPolicyTest() {
    Random rnd = new Random(5);
    for (int i = 0; i < 5; i++) {
      byte[] seed = new byte[32];
      rnd.nextBytes(seed);
      Cosigner w = Cosigner.fromSeed("witness" + i + ".example/w", seed);
      witnesses.add(w);
      witnessKeys.add(w.verifier());
    }
  }

  private Note cosignedBy(int... indices) {
    Note note = checkpoint.toNote().signedBy(log);
    for (int i : indices) {
      note = note.withCosignature(witnesses.get(i).cosign(checkpoint, TIME + i));
    }
    return Note.parse(note.toBytes());
  }

  @Test
  void quorumIsMetWithKOfNValidCosignatures() {
    Note note = cosignedBy(0, 2, 4);
    QuorumResult result = WitnessPolicy.of(3, witnessKeys).evaluate(note);
    assertThat(result.validCount()).isEqualTo(3);
    assertThat(result.satisfied()).isTrue();
    assertThat(result.validWitnesses())
        .containsExactly(witnesses.get(0).name(), witnesses.get(2).name(), witnesses.get(4).name());
    assertThat(WitnessPolicy.of(3, witnessKeys).verify(note, log.verifier())).isEqualTo(checkpoint);
    assertThat(WitnessPolicy.of(0, List.of()).verify(note, log.verifier())).isEqualTo(checkpoint);
  }

  @Test
  void quorumNotMetIsRejected() {
    Note note = cosignedBy(0, 2, 4);
    WitnessPolicy fourOfFive = WitnessPolicy.of(4, witnessKeys);
    assertThat(fourOfFive.evaluate(note).satisfied()).isFalse();
    assertReason(() -> fourOfFive.verify(note, log.verifier()), Reason.QUORUM_NOT_MET);
  }

  @Test
  void duplicateCosignaturesFromOneWitnessCountOnce() {
    Note note = cosignedBy(1, 1, 1);
    assertThat(WitnessPolicy.of(2, witnessKeys).evaluate(note).validCount()).isEqualTo(1);
    assertReason(
        () -> WitnessPolicy.of(2, witnessKeys).verify(note, log.verifier()), Reason.QUORUM_NOT_MET);
  }

  @Test
  void cosignaturesFromWitnessesOutsideThePolicyDoNotCount() {
    Note note = cosignedBy(0, 1, 2, 3);
    WitnessPolicy policy = WitnessPolicy.of(2, witnessKeys.subList(3, 5));
    assertThat(policy.evaluate(note).validWitnesses()).containsExactly(witnesses.get(3).name());
    assertReason(() -> policy.verify(note, log.verifier()), Reason.QUORUM_NOT_MET);
  }

  @Test
  void failingCosignatureFromAPolicyWitnessRejectsTheCheckpoint() {
    Checkpoint other = Checkpoint.of(log.name(), 9, Merkle.emptyRoot());
    Note note =
        cosignedBy(0, 1, 2).withCosignature(witnesses.get(3).cosign(other, TIME)); // wrong body
    QuorumResult result = WitnessPolicy.of(3, witnessKeys).evaluate(note);
    assertThat(result.invalidWitnesses()).containsExactly(witnesses.get(3).name());
    assertThat(result.validCount()).isEqualTo(3);
    assertThat(result.satisfied()).isFalse();
    assertReason(
        () -> WitnessPolicy.of(3, witnessKeys).verify(note, log.verifier()),
        Reason.INVALID_SIGNATURE);
  }

  @Test
  void logSignatureIsRequired() {
    Note onlyCosigned = Note.of(checkpoint.format());
    for (int i = 0; i < 3; i++) {
      onlyCosigned = onlyCosigned.withCosignature(witnesses.get(i).cosign(checkpoint, TIME));
    }
    Note note = onlyCosigned;
    assertThat(WitnessPolicy.of(3, witnessKeys).evaluate(note).satisfied()).isTrue();
    assertReason(
        () -> WitnessPolicy.of(3, witnessKeys).verify(note, log.verifier()),
        Reason.NO_TRUSTED_SIGNATURE);
    NoteSigner otherLog = NoteTest.signer("log.example/audit", 43);
    assertReason(
        () -> WitnessPolicy.of(0, witnessKeys).verify(cosignedBy(0), otherLog.verifier()),
        Reason.NO_TRUSTED_SIGNATURE);
  }

  @Test
  void generatedExampleMeetsAOneOfOnePolicy() {
    JsonNode generated =
        ReferenceData.json("merkle/signed-note-examples.json").get("generatedExamples");
    NoteVerifier logKey = NoteVerifier.parse(generated.get("log").get("vkey").asText());
    NoteVerifier witness =
        NoteVerifier.parse(generated.get("witness").get("vkey(type 0x04)").asText());
    for (JsonNode g : generated.get("checkpoints")) {
      Note note = Note.parse(g.get("fullNote").asText());
      Checkpoint cp = WitnessPolicy.of(1, List.of(witness)).verify(note, logKey);
      assertThat(cp.format()).isEqualTo(g.get("checkpointBody").asText());
    }
  }

  @Test
  void policyArgumentsAreValidated() {
    assertReason(() -> WitnessPolicy.of(6, witnessKeys), Reason.INVALID_ARGUMENT);
    assertReason(() -> WitnessPolicy.of(-1, witnessKeys), Reason.INVALID_ARGUMENT);
    List<NoteVerifier> twice = List.of(witnessKeys.get(0), witnessKeys.get(0));
    assertReason(() -> WitnessPolicy.of(1, twice), Reason.INVALID_ARGUMENT);
  }
}
