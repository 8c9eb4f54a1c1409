package com.chittysync.audit;

import static com.chittysync.audit.MerkleTest.assertReason;
import static com.chittysync.audit.ReferenceData.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CosignatureTest {
  private static final JsonNode EXAMPLES = ReferenceData.json("merkle/signed-note-examples.json");
  private static final JsonNode GENERATED = EXAMPLES.get("generatedExamples");
  private static final JsonNode WITNESS = GENERATED.get("witness");
  private static final Cosigner COSIGNER =
      Cosigner.fromSeed(WITNESS.get("name").asText(), hex(WITNESS.get("ed25519SeedHex")));

  @Test
  void c2spCosignatureExampleDecodesToDocumentedFields() {
    JsonNode example = EXAMPLES.get("formatOnlyExamples").get(1);
    Cosignature c = Cosignature.parseLine(example.get("cosignatureLine").asText());
    JsonNode want = example.get("decoded");
    assertThat(want.get("lengthBytes").asInt()).isEqualTo(Cosignature.PAYLOAD_SIZE);
    assertThat(c.name()).isEqualTo("witness.example.com/w1");
    assertThat(NoteFormat.keyIdHex(c.keyId())).isEqualTo(want.get("keyIdHex").asText());
    assertThat(c.timestamp()).isEqualTo(want.get("timestamp").asLong());
    assertThat(hex(c.signature())).isEqualTo(want.get("ed25519SignatureHex").asText());
    assertThat(c.toLine()).isEqualTo(example.get("cosignatureLine").asText());

    String body = Note.parse(EXAMPLES.get("formatOnlyExamples").get(0).get("note").asText()).text();
    assertThat(new String(Cosignature.signedMessage(body, c.timestamp()), StandardCharsets.UTF_8))
        .isEqualTo(example.get("signedMessage").asText());
  }

  @Test
  void generatedCosignaturesAreReproducedByteForByte() {
    assertThat(NoteFormat.keyIdHex(COSIGNER.keyId())).isEqualTo(WITNESS.get("keyIdHex").asText());
    for (JsonNode g : GENERATED.get("checkpoints")) {
      Checkpoint cp = Checkpoint.parse(g.get("checkpointBody").asText());
      long ts = g.get("cosignatureTimestamp").asLong();
      assertThat(new String(Cosignature.signedMessage(cp.format(), ts), StandardCharsets.UTF_8))
          .isEqualTo(g.get("cosignedMessage").asText());

      Cosignature c = COSIGNER.cosign(cp, ts);
      assertThat(c.toLine()).isEqualTo(g.get("cosignatureLine").asText());
      JsonNode decoded = g.get("cosignatureDecoded");
      assertThat(NoteFormat.keyIdHex(c.keyId())).isEqualTo(decoded.get("keyIdHex").asText());
      assertThat(hex(ByteBuffer.allocate(8).putLong(c.timestamp()).array()))
          .isEqualTo(decoded.get("timestampBigEndianHex").asText());
      assertThat(hex(c.signature())).isEqualTo(decoded.get("ed25519SignatureHex").asText());
      assertThat(Cosignature.parseLine(g.get("cosignatureLine").asText())).isEqualTo(c);
      assertThat(c.verify(cp.format(), COSIGNER.verifier())).isTrue();
    }
  }

  @Test
  void cosignatureLinesVerifyOnFullNotes() {
    NoteVerifier witnessKey = NoteVerifier.parse(WITNESS.get("vkey(type 0x04)").asText());
    NoteVerifier logKey = NoteVerifier.parse(GENERATED.get("log").get("vkey").asText());
    for (JsonNode g : GENERATED.get("checkpoints")) {
      Note note = Note.parse(g.get("fullNote").asText());
      assertThat(note.verify(List.of(witnessKey)).verifiedBy()).containsExactly(witnessKey);
      assertThat(note.verify(List.of(logKey, witnessKey)).verifiedBy())
          .containsExactly(logKey, witnessKey);
    }
  }

  @Test
  void cosignatureOverAnotherCheckpointFailsVerification() {
    JsonNode cps = GENERATED.get("checkpoints");
    String body7 = cps.get(1).get("checkpointBody").asText();
    String body8ext = cps.get(2).get("checkpointBody").asText();
    NoteSignature line8 = NoteSignature.parseLine(cps.get(0).get("cosignatureLine").asText());
    NoteSignature line8ext = NoteSignature.parseLine(cps.get(2).get("cosignatureLine").asText());
    // Size 8 cosignature attached to the size 7 body.
    assertReason(
        () -> Note.of(body7).withSignature(line8).verify(List.of(COSIGNER.verifier())),
        Reason.INVALID_SIGNATURE);
    // Extension lines are covered: the cosignature of the body with an extension does not
    // verify on the body without it.
    String body8 = cps.get(0).get("checkpointBody").asText();
    assertReason(
        () -> Note.of(body8).withSignature(line8ext).verify(List.of(COSIGNER.verifier())),
        Reason.INVALID_SIGNATURE);
    assertThat(Note.of(body8ext).withSignature(line8ext).verify(List.of(COSIGNER.verifier())))
        .isNotNull();
  }

  @Test
  void changedTimestampFailsVerification() {
    JsonNode g = GENERATED.get("checkpoints").get(0);
    Cosignature c = Cosignature.parseLine(g.get("cosignatureLine").asText());
    Cosignature later = new Cosignature(c.name(), c.keyId(), c.timestamp() + 1, c.signature());
    assertThat(later.verify(g.get("checkpointBody").asText(), COSIGNER.verifier())).isFalse();
  }

  @Test
  void timestampsAbove2To63Minus1AreRejected() {
    byte[] payload = new byte[72];
    payload[0] = (byte) 0x80;
    NoteSignature line = new NoteSignature("w", 1, payload);
    assertReason(() -> Cosignature.fromNoteSignature(line), Reason.MALFORMED_COSIGNATURE);
    assertThat(COSIGNER.verifier().verify("x\n".getBytes(StandardCharsets.UTF_8), payload))
        .isFalse();
    assertReason(() -> new Cosignature("w", 1, -1, new byte[64]), Reason.MALFORMED_COSIGNATURE);
    assertReason(() -> COSIGNER.cosign("o\n0\nAA==\n", -5), Reason.INVALID_ARGUMENT);
  }

  @Test
  void cosignatureLinesOfTheWrongLengthAreRejected() {
    assertReason(
        () -> Cosignature.fromNoteSignature(new NoteSignature("w", 1, new byte[64])),
        Reason.MALFORMED_COSIGNATURE);
    assertReason(
        () -> Cosignature.fromNoteSignature(new NoteSignature("w", 1, new byte[73])),
        Reason.MALFORMED_COSIGNATURE);
    assertThat(COSIGNER.verifier().verify("x\n".getBytes(StandardCharsets.UTF_8), new byte[64]))
        .isFalse();
  }

  @Test
  void cosignatureIsNotAcceptedAsAPlainNoteSignature() {
    // Same name and key used as a type-0x01 note key: different key ID, so the line is unknown.
    NoteSigner asNoteKey =
        NoteSigner.fromSeed(WITNESS.get("name").asText(), hex(WITNESS.get("ed25519SeedHex")));
    JsonNode g = GENERATED.get("checkpoints").get(0);
    Note note =
        Note.of(g.get("checkpointBody").asText())
            .withSignature(NoteSignature.parseLine(g.get("cosignatureLine").asText()));
    assertReason(() -> note.verify(List.of(asNoteKey.verifier())), Reason.NO_TRUSTED_SIGNATURE);
  }
}
