package com.chittysync.audit;

import static com.chittysync.audit.MerkleTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteTest {
  private static final JsonNode EXAMPLES = ReferenceData.json("merkle/signed-note-examples.json");
  private static final JsonNode GENERATED = EXAMPLES.get("generatedExamples");
  private static final NoteVerifier LOG_KEY =
      NoteVerifier.parse(GENERATED.get("log").get("vkey").asText());

  @Test
  void officialExamplesVerifyAndRoundTrip() {
    JsonNode examples = EXAMPLES.get("officialExamples");
    assertThat(examples).hasSize(5);
    for (JsonNode e : examples) {
      String id = e.get("id").asText();
      String text = e.get("note").asText();
      List<String> vkeys = new ArrayList<>();
      if (e.has("vkeys")) {
        e.get("vkeys").forEach(v -> vkeys.add(v.asText()));
      } else {
        vkeys.add(e.get("vkey").asText());
      }
      Note note = Note.parse(text);
      assertThat(note.format()).as(id).isEqualTo(text);
      if (e.has("text")) {
        assertThat(note.text()).as(id).isEqualTo(e.get("text").asText());
      }
      for (String vkey : vkeys) {
        NoteVerifier v = NoteVerifier.parse(vkey);
        VerifiedNote verified = Note.open(text.getBytes(StandardCharsets.UTF_8), List.of(v));
        assertThat(verified.verifiedBy()).as(id).containsExactly(v);
        assertThat(verified.text()).isEqualTo(note.text());
      }
    }
  }

  @Test
  void unknownSignerLinesAreIgnored() {
    JsonNode twoSigners = EXAMPLES.get("officialExamples").get(1);
    String note = twoSigners.get("note").asText();
    for (JsonNode vkey : twoSigners.get("vkeys")) {
      NoteVerifier v = NoteVerifier.parse(vkey.asText());
      assertThat(Note.parse(note).verify(List.of(v)).verifiedBy()).containsExactly(v);
    }
    List<NoteVerifier> both = new ArrayList<>();
    twoSigners.get("vkeys").forEach(v -> both.add(NoteVerifier.parse(v.asText())));
    assertThat(Note.parse(note).verify(both).verifiedBy()).containsExactlyElementsOf(both);

    // Generated checkpoints also carry a witness line that the log key does not know.
    for (JsonNode cp : GENERATED.get("checkpoints")) {
      Note full = Note.parse(cp.get("fullNote").asText());
      assertThat(full.signatures()).hasSize(2);
      assertThat(full.verify(List.of(LOG_KEY)).verifiedBy()).containsExactly(LOG_KEY);
    }
  }

  @Test
  void generatedNegativeExamplesFailAsDocumented() {
    JsonNode negatives = GENERATED.get("negative");
    assertThat(negatives).hasSize(3);
    for (JsonNode n : negatives) {
      NoteVerifier v = NoteVerifier.parse(n.get("vkey").asText());
      byte[] note = n.get("note").asText().getBytes(StandardCharsets.UTF_8);
      Reason want =
          switch (n.get("expect").asText()) {
            case "invalid-signature" -> Reason.INVALID_SIGNATURE;
            case "malformed" -> Reason.MALFORMED_NOTE;
            case "no-trusted-signature" -> Reason.NO_TRUSTED_SIGNATURE;
            default -> throw new AssertionError(n.get("expect").asText());
          };
      assertReason(() -> Note.open(note, List.of(v)), want);
    }
  }

  @Test
  void knownKeyWithFailingSignatureRejectsTheWholeNote() {
    NoteSigner a = signer("a.example/log", 1);
    NoteSigner b = signer("b.example/log", 2);
    String text = "hello\n";
    NoteSignature good = a.sign(text);
    NoteSignature forged = new NoteSignature(b.name(), b.keyId(), b.sign("other\n").signature());
    Note note = Note.of(text).withSignature(good).withSignature(forged);
    assertThat(note.verify(List.of(a.verifier())).verifiedBy()).containsExactly(a.verifier());
    assertReason(() -> note.verify(List.of(a.verifier(), b.verifier())), Reason.INVALID_SIGNATURE);
  }

  @Test
  void noteWithoutAnyTrustedSignatureIsRejected() {
    NoteSigner a = signer("a.example/log", 1);
    NoteSigner b = signer("b.example/log", 2);
    Note note = Note.of("text\n").signedBy(a);
    assertReason(() -> note.verify(List.of(b.verifier())), Reason.NO_TRUSTED_SIGNATURE);
    assertReason(() -> note.verify(List.of()), Reason.NO_TRUSTED_SIGNATURE);
    // Same name, other key: different key ID, so still unknown rather than failing.
    NoteSigner impostor = signer("a.example/log", 3);
    assertReason(() -> note.verify(List.of(impostor.verifier())), Reason.NO_TRUSTED_SIGNATURE);
  }

  @Test
  void textIsSeparatedFromSignaturesByTheLastBlankLine() {
    NoteSigner a = signer("a.example/log", 1);
    String text = "first\n\nsecond after a blank line\n\n";
    String wire = Note.of(text).signedBy(a).format();
    Note parsed = Note.parse(wire);
    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.verify(List.of(a.verifier())).text()).isEqualTo(text);
  }

  @Test
  void duplicateSignatureLinesCountOnce() {
    NoteSigner a = signer("a.example/log", 1);
    NoteSignature sig = a.sign("x\n");
    Note note = Note.of("x\n").withSignature(sig).withSignature(sig);
    assertThat(note.verify(List.of(a.verifier(), a.verifier())).verifiedBy()).hasSize(1);
  }

  @Test
  void atMostSixteenSignaturesAreAcceptedByDefault() {
    List<NoteVerifier> signers = new ArrayList<>();
    Note note = Note.of("many signatures\n");
    for (int i = 0; i < 17; i++) {
      NoteSigner s = signer("s" + i + ".example", 100 + i);
      signers.add(s.verifier());
      note = note.signedBy(s);
    }
    Note seventeen = note;
    Note sixteen = new Note(note.text(), note.signatures().subList(0, 16));
    assertThat(Note.parse(sixteen.toBytes()).verify(signers.subList(0, 16)).verifiedBy())
        .hasSize(16);
    assertReason(() -> Note.parse(seventeen.toBytes()), Reason.TOO_MANY_SIGNATURES);
    assertThat(Note.parse(seventeen.toBytes(), 32).verify(signers).verifiedBy()).hasSize(17);
    assertReason(() -> Note.parse(sixteen.toBytes(), 15), Reason.INVALID_ARGUMENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tab\there\n", "cr\r\n", "nul\u0000\n", "esc\u001b\n", "no newline"})
  void textWithControlCharactersOrWithoutFinalNewlineIsRejected(String text) {
    NoteSigner a = signer("a.example/log", 1);
    assertReason(() -> a.sign(text), Reason.MALFORMED_NOTE);
    assertReason(() -> Note.of(text), Reason.MALFORMED_NOTE);
    String line = Note.of("ok\n").signedBy(a).signatures().get(0).toLine();
    assertReason(() -> Note.parse(text + "\n" + line), Reason.MALFORMED_NOTE);
  }

  @Test
  void malformedSignatureSectionsAreRejected() {
    NoteSigner a = signer("a.example/log", 1);
    String good = Note.of("ok\n").signedBy(a).format();
    String line = good.substring("ok\n\n".length());
    String b64 = line.substring(line.lastIndexOf(' ') + 1, line.length() - 1);
    List<String> bad =
        List.of(
            "ok\n\n", // no signature
            "ok\n" + line, // no blank line
            good.substring(0, good.length() - 1), // last line lacks newline
            "ok\n\n- a.example/log " + b64 + "\n", // hyphen, not em dash
            "ok\n\n\u2014a.example/log " + b64 + "\n", // no space after em dash
            "ok\n\n\u2014 a.example/log\n", // no signature
            "ok\n\n\u2014 a+b " + b64 + "\n", // '+' in name
            "ok\n\n\u2014 a.example/log " + b64 + " \n", // trailing space
            "ok\n\n\u2014 a.example/log AAAAAA==\n", // shorter than key ID + 1 byte
            "ok\n\n\u2014 a.example/log " + b64.substring(1) + "\n", // not base64
            "ok\n\n\u2014 a.example/log " + b64.replace("=", "") + "\n", // unpadded
            good + "\n", // blank line after the signatures
            good + "trailing text\n");
    for (String s : bad) {
      assertReason(() -> Note.parse(s), Reason.MALFORMED_NOTE);
    }
  }

  @Test
  void invalidUtf8IsRejected() {
    NoteSigner a = signer("a.example/log", 1);
    byte[] good = Note.of("ok\n").signedBy(a).toBytes();
    byte[] bad = good.clone();
    bad[0] = (byte) 0xC0;
    assertReason(() -> Note.parse(bad), Reason.MALFORMED_NOTE);
  }

  @Test
  void theSameTrustedKeyListedTwiceIsAccepted() {
    NoteSigner a = signer("a.example/log", 1);
    NoteVerifier v = a.verifier();
    NoteVerifier sameAgain = NoteVerifier.parse(a.verifierKey());
    assertThat(Note.of("x\n").signedBy(a).verify(List.of(v, sameAgain)).verifiedBy()).hasSize(1);
  }

  @Test
  void signatureLinesRoundTrip() {
    NoteSigner a = signer("a.example/log", 1);
    NoteSignature sig = a.sign("x\n");
    assertThat(NoteSignature.parseLine(sig.toLine())).isEqualTo(sig);
    assertThat(sig.toLine()).startsWith("\u2014 a.example/log ").endsWith("\n");
    assertThat(sig.keyIdHex()).isEqualTo(a.keyIdHex());
    byte[] exposed = sig.signature();
    exposed[0] ^= 1;
    assertThat(sig.signature()).isNotEqualTo(exposed);
  }

  static NoteSigner signer(String name, long seed) {
    byte[] bytes = new byte[32];
    new Random(seed).nextBytes(bytes);
    return NoteSigner.fromSeed(name, bytes);
  }
}
