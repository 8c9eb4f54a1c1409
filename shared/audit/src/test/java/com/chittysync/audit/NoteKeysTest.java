package com.chittysync.audit;

import static com.chittysync.audit.MerkleTest.assertReason;
import static com.chittysync.audit.ReferenceData.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key strings, key IDs and key generation for signers, verifiers and cosigners. */
class NoteKeysTest {
  private static final JsonNode EXAMPLES = ReferenceData.json("merkle/signed-note-examples.json");

  private static JsonNode official(String id) {
    for (JsonNode e : EXAMPLES.get("officialExamples")) {
      if (e.get("id").asText().equals(id)) {
        return e;
      }
    }
    throw new AssertionError("no official example " + id);
  }

  @Test
  void officialPrivateKeysParseAndReproducePublishedSignatures() {
    JsonNode peter = official("x-mod-note-peterneumann");
    NoteSigner signer = NoteSigner.parse(peter.get("skey").asText());
    assertThat(signer.name()).isEqualTo("PeterNeumann");
    assertThat(signer.keyIdHex()).isEqualTo(peter.get("keyIdHex").asText());
    assertThat(signer.publicKeyHex()).isEqualTo(peter.get("publicKeyHex").asText());
    assertThat(signer.verifierKey()).isEqualTo(peter.get("vkey").asText());
    assertThat(signer.privateKey()).isEqualTo(peter.get("skey").asText());
    assertThat(NoteSigner.fromSeed("PeterNeumann", hex(peter.get("ed25519SeedHex"))).privateKey())
        .isEqualTo(peter.get("skey").asText());
    String note = Note.of(peter.get("text").asText()).signedBy(signer).format();
    assertThat(note).isEqualTo(peter.get("note").asText());

    JsonNode tree6 = official("x-mod-sumdb-tree-6");
    NoteSigner sumdb = NoteSigner.parse(tree6.get("skey").asText());
    assertThat(sumdb.verifierKey()).isEqualTo(tree6.get("vkey").asText());
    Note parsed = Note.parse(tree6.get("note").asText());
    assertThat(Note.of(parsed.text()).signedBy(sumdb).format())
        .isEqualTo(tree6.get("note").asText());
  }

  @Test
  void verifierKeysSplitOnFirstTwoPlusSignsOnly() {
    // The base64 part of this vkey contains '+', and its key ID has leading zero bytes.
    String vkey = official("x-mod-sumdb-tree-6").get("vkey").asText();
    assertThat(vkey.chars().filter(c -> c == '+').count()).isGreaterThan(2);
    NoteVerifier v = NoteVerifier.parse(vkey);
    assertThat(v).isInstanceOf(Ed25519NoteVerifier.class);
    assertThat(v.name()).isEqualTo("localhost.localdev/sumdb");
    assertThat(v.keyId()).isEqualTo(0x00000c67);
    assertThat(v.keyIdHex()).isEqualTo("00000c67");
    assertThat(v.verifierKey()).isEqualTo(vkey);
  }

  @Test
  void uppercaseKeyIdHexIsAcceptedAndFormattedLowercase() {
    String vkey = official("x-mod-note-peterneumann").get("vkey").asText();
    NoteVerifier v = NoteVerifier.parse(vkey.replace("c74f20a3", "C74F20A3"));
    assertThat(v.verifierKey()).isEqualTo(vkey);
  }

  @Test
  void everyOfficialVerifierKeyRoundTrips() {
    for (JsonNode e : EXAMPLES.get("officialExamples")) {
      List<JsonNode> vkeys =
          e.has("vkeys") ? List.copyOf(toList(e.get("vkeys"))) : List.of(e.get("vkey"));
      for (JsonNode vk : vkeys) {
        NoteVerifier v = NoteVerifier.parse(vk.asText());
        assertThat(v.verifierKey()).isEqualTo(vk.asText());
        assertThat(v.signatureType()).isEqualTo((byte) 0x01);
      }
    }
  }

  @Test
  void generatedExampleKeysHaveDocumentedIdsForBothSignatureTypes() {
    JsonNode log = EXAMPLES.get("generatedExamples").get("log");
    NoteSigner logSigner =
        NoteSigner.fromSeed(log.get("name").asText(), hex(log.get("ed25519SeedHex")));
    assertThat(logSigner.publicKeyHex()).isEqualTo(log.get("publicKeyHex").asText());
    assertThat(logSigner.keyIdHex()).isEqualTo(log.get("keyIdHex").asText());
    assertThat(logSigner.verifierKey()).isEqualTo(log.get("vkey").asText());

    JsonNode witness = EXAMPLES.get("generatedExamples").get("witness");
    NoteVerifier parsed = NoteVerifier.parse(witness.get("vkey(type 0x04)").asText());
    assertThat(parsed).isInstanceOf(CosignatureVerifier.class);
    assertThat(parsed.keyIdHex()).isEqualTo(witness.get("keyIdHex").asText());
    assertThat(parsed.publicKeyHex()).isEqualTo(witness.get("publicKeyHex").asText());
    Cosigner cosigner =
        Cosigner.fromSeed(witness.get("name").asText(), hex(witness.get("ed25519SeedHex")));
    assertThat(cosigner.verifier()).isEqualTo(parsed);
    assertThat(cosigner.verifier().verifierKey())
        .isEqualTo(witness.get("vkey(type 0x04)").asText());

    // Same name and key, different signature type byte: different key IDs.
    NoteSigner sameKeyAsNoteSigner =
        NoteSigner.fromSeed(witness.get("name").asText(), hex(witness.get("ed25519SeedHex")));
    assertThat(sameKeyAsNoteSigner.keyId()).isNotEqualTo(cosigner.keyId());
  }

  @Test
  void generatedKeysRoundTripThroughKeyStrings() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 10; i++) {
      NoteSigner signer = NoteSigner.generate("log.example/" + i, random);
      NoteSigner again = NoteSigner.parse(signer.privateKey());
      assertThat(again.publicKeyHex()).isEqualTo(signer.publicKeyHex()).hasSize(64).isLowerCase();
      assertThat(again.keyId()).isEqualTo(signer.keyId());
      assertThat(again.verifierKey()).isEqualTo(signer.verifierKey());
      assertThat(NoteVerifier.parse(signer.verifierKey())).isEqualTo(signer.verifier());
      assertThat(signer.keyIdHex()).matches("[0-9a-f]{8}");
    }
    assertThat(NoteSigner.generate("default.example/rng").name()).isEqualTo("default.example/rng");
  }

  @Test
  void keyIdMismatchIsRejected() {
    JsonNode peter = official("x-mod-note-peterneumann");
    String vkey = peter.get("vkey").asText().replace("c74f20a3", "c74f20a4");
    String skey = peter.get("skey").asText().replace("c74f20a3", "c74f20a4");
    assertReason(() -> NoteVerifier.parse(vkey), Reason.MALFORMED_KEY);
    assertReason(() -> NoteSigner.parse(skey), Reason.MALFORMED_KEY);
    // A different name with the same key material changes the expected key ID.
    assertReason(
        () -> NoteVerifier.parse(peter.get("vkey").asText().replace("PeterNeumann", "Peter")),
        Reason.MALFORMED_KEY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "PeterNeumann",
        "PeterNeumann+c74f20a3",
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20g3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20\uff13+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=",
        "PeterNeumann+c74f20a3+AhpcmQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
      })
  void malformedVerifierKeysAreRejected(String vkey) {
    assertReason(() -> NoteVerifier.parse(vkey), Reason.MALFORMED_KEY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PRIVATE+KEY+PeterNeumann+c74f20a3",
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF",
        "PRIVATE+KEY+PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
      })
  void malformedPrivateKeysAreRejected(String skey) {
    assertReason(() -> NoteSigner.parse(skey), Reason.MALFORMED_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a+b", "a b", "a\tb", "a\u00a0b", "a\u2003b", "a\nb", "a\u0001b"})
  void invalidKeyNamesAreRejected(String name) {
    byte[] seed = new byte[32];
    assertReason(() -> NoteSigner.fromSeed(name, seed), Reason.MALFORMED_KEY);
    assertReason(() -> Cosigner.fromSeed(name, seed), Reason.MALFORMED_KEY);
  }

  @Test
  void invalidPublicKeysAndSeedsAreRejected() {
    assertReason(() -> Ed25519NoteVerifier.of("n", new byte[31]), Reason.MALFORMED_KEY);
    // y = 2 is not the y-coordinate of any curve point.
    byte[] notAPoint = new byte[32];
    notAPoint[0] = 2;
    assertReason(() -> Ed25519NoteVerifier.of("n", notAPoint), Reason.MALFORMED_KEY);
    assertReason(() -> CosignatureVerifier.of("n", notAPoint), Reason.MALFORMED_KEY);
    assertReason(() -> NoteSigner.fromSeed("n", new byte[16]), Reason.MALFORMED_KEY);
    assertReason(() -> Cosigner.fromSeed("n", new byte[33]), Reason.MALFORMED_KEY);
  }

  @Test
  void toStringNeverRevealsTheSeed() {
    JsonNode peter = official("x-mod-note-peterneumann");
    NoteSigner signer = NoteSigner.parse(peter.get("skey").asText());
    String seedB64 =
        peter.get("skey").asText().substring("PRIVATE+KEY+PeterNeumann+c74f20a3+".length());
    assertThat(signer.toString())
        .doesNotContain(seedB64)
        .doesNotContain(peter.get("ed25519SeedHex").asText())
        .contains(peter.get("vkey").asText());
    Cosigner cosigner = Cosigner.fromSeed("w", hex(peter.get("ed25519SeedHex")));
    assertThat(cosigner.toString()).doesNotContain(peter.get("ed25519SeedHex").asText());
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
