package com.chittysync.audit;

import static com.chittysync.audit.MerkleTest.assertReason;
import static com.chittysync.audit.ReferenceData.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
  private static final JsonNode EXAMPLES = ReferenceData.json("merkle/signed-note-examples.json");
  private static final JsonNode MERKLE = ReferenceData.json("merkle/rfc6962-vectors.json");
  private static final JsonNode GENERATED = EXAMPLES.get("generatedExamples");
  private static final String ROOT8 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

  @Test
  void c2spExampleCheckpointParsesToDocumentedValues() {
    JsonNode example = EXAMPLES.get("formatOnlyExamples").get(0);
    Note note = Note.parse(example.get("note").asText());
    Checkpoint cp = Checkpoint.parse(note.text());
    JsonNode want = example.get("parsed");
    assertThat(cp.origin()).isEqualTo(want.get("origin").asText());
    assertThat(cp.size()).isEqualTo(want.get("treeSize").asLong());
    assertThat(hex(cp.rootHash())).isEqualTo(want.get("rootHashHex").asText());
    assertThat(cp.extensions()).isEmpty();
    assertThat(cp.format()).isEqualTo(note.text());
    assertThat(note.signatures().get(0).name()).isEqualTo(cp.origin());
  }

  @Test
  void generatedCheckpointsRoundTripAndCommitToRfc6962Roots() {
    for (JsonNode g : GENERATED.get("checkpoints")) {
      String body = g.get("checkpointBody").asText();
      Checkpoint cp = Checkpoint.parse(body);
      assertThat(cp.size()).isEqualTo(g.get("treeSize").asLong());
      List<String> ext = new ArrayList<>();
      g.get("extensionLines").forEach(e -> ext.add(e.asText()));
      assertThat(cp.extensions()).isEqualTo(ext);
      assertThat(cp.format()).isEqualTo(body);
      assertThat(new Checkpoint(cp.origin(), cp.size(), cp.rootHash(), ext)).isEqualTo(cp);
      assertThat(hex(cp.rootHash()))
          .isEqualTo(MERKLE.get("rootsByTreeSize").get(Long.toString(cp.size())).asText());
    }
  }

  @Test
  void generatedLogSignaturesAreReproducedByteForByte() {
    JsonNode log = GENERATED.get("log");
    NoteSigner signer =
        NoteSigner.fromSeed(log.get("name").asText(), hex(log.get("ed25519SeedHex")));
    NoteVerifier logKey = NoteVerifier.parse(log.get("vkey").asText());
    for (JsonNode g : GENERATED.get("checkpoints")) {
      Checkpoint cp = Checkpoint.parse(g.get("checkpointBody").asText());
      Note signed = cp.toNote().signedBy(signer);
      assertThat(signed.signatures().get(0).toLine()).isEqualTo(g.get("logSignatureLine").asText());
      VerifiedNote verified = Note.parse(g.get("fullNote").asText()).verify(List.of(logKey));
      assertThat(Checkpoint.fromNote(verified)).isEqualTo(cp);
    }
  }

  @Test
  void sumdbTreeNotesParseAsCheckpoints() {
    for (JsonNode e : EXAMPLES.get("officialExamples")) {
      if (e.get("id").asText().startsWith("x-mod-sumdb-tree-")) {
        VerifiedNote v =
            Note.parse(e.get("note").asText())
                .verify(List.of(NoteVerifier.parse(e.get("vkey").asText())));
        Checkpoint cp = Checkpoint.fromNote(v);
        assertThat(cp.origin()).isEqualTo("go.sum database tree");
        assertThat(cp.size()).isIn(5L, 6L);
      }
    }
  }

  @Test
  void tamperedCheckpointFailsVerification() {
    JsonNode g = GENERATED.get("checkpoints").get(0);
    NoteVerifier logKey = NoteVerifier.parse(GENERATED.get("log").get("vkey").asText());
    String full = g.get("fullNote").asText();
    List<String> tampered =
        List.of(
            full.replaceFirst("\n8\n", "\n9\n"),
            full.replace(ROOT8, "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw="),
            full.replaceFirst("example.com/audit-log-test\n", "example.com/audit-log-tesT\n"),
            full.replaceFirst("=\n\n", "=\nextension\n\n"));
    for (String t : tampered) {
      assertThat(t).isNotEqualTo(full);
      assertReason(() -> Note.parse(t).verify(List.of(logKey)), Reason.INVALID_SIGNATURE);
    }
  }

  @Test
  void emptyTreeCheckpointUsesZeroAndTheEmptyRoot() {
    Checkpoint cp = Checkpoint.of("example.com/log", 0, Merkle.emptyRoot());
    assertThat(cp.format())
        .isEqualTo("example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
    assertThat(Checkpoint.parse(cp.format())).isEqualTo(cp);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "o\n08\n" + ROOT8 + "\n", // leading zero
        "o\n00\n" + ROOT8 + "\n",
        "o\n+8\n" + ROOT8 + "\n",
        "o\n-1\n" + ROOT8 + "\n",
        "o\n 8\n" + ROOT8 + "\n",
        "o\n8 \n" + ROOT8 + "\n",
        "o\n\n" + ROOT8 + "\n",
        "o\n0x8\n" + ROOT8 + "\n",
        "o\n9223372036854775808\n" + ROOT8 + "\n", // above 2^63-1
        "o\n8\n" + ROOT8, // no final newline
        "o\n8\n", // no root
        "o\n8\n\n", // empty root line
        "\n8\n" + ROOT8 + "\n", // empty origin
        "o\n8\n" + ROOT8 + "\n\n", // empty extension line
        "o\n8\n" + ROOT8 + "\next\n\n",
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n", // unpadded
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n", // non-canonical last char
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQw==\n", // 31 bytes
        "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg=\n", // URL alphabet
        "o\r\n8\n" + ROOT8 + "\n",
        "o\t\n8\n" + ROOT8 + "\n"
      })
  void malformedCheckpointBodiesAreRejected(String body) {
    assertReason(() -> Checkpoint.parse(body), Reason.MALFORMED_CHECKPOINT);
  }

  @Test
  void constructorValidatesEveryField() {
    byte[] root = Merkle.emptyRoot();
    assertReason(() -> Checkpoint.of("", 0, root), Reason.MALFORMED_CHECKPOINT);
    assertReason(() -> Checkpoint.of("a\nb", 0, root), Reason.MALFORMED_CHECKPOINT);
    assertReason(() -> Checkpoint.of("o", -1, root), Reason.MALFORMED_CHECKPOINT);
    assertReason(() -> Checkpoint.of("o", 0, new byte[31]), Reason.MALFORMED_CHECKPOINT);
    assertReason(() -> new Checkpoint("o", 0, root, List.of("")), Reason.MALFORMED_CHECKPOINT);
    assertReason(() -> new Checkpoint("o", 0, root, List.of("a\nb")), Reason.MALFORMED_CHECKPOINT);
    Checkpoint cp = Checkpoint.of("o", Long.MAX_VALUE, root);
    assertThat(Checkpoint.parse(cp.format())).isEqualTo(cp);
    byte[] exposed = cp.rootHash();
    exposed[0] ^= 1;
    assertThat(cp.rootHash()).isEqualTo(root);
  }
}
