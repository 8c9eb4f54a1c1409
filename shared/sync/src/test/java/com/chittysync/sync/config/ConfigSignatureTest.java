package com.chittysync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.Note;
import com.chittysync.audit.NoteSigner;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSignatureTest {
  private static final NoteSigner OPS = NoteSigner.generate("ops.example.com");
  private static final NoteSigner OTHER = NoteSigner.generate("ops.example.com");

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void copyTheExample() throws Exception {
    file = dir.resolve("chittysync.yaml");
    Files.copy(ConfigLoaderTest.example(), file);
  }

  private static Environment requiring(String keys) {
    return Environment.of(
        Map.of("CHITTYSYNC_REQUIRE_SIGNED_CONFIG", "true", "ENGINE_PUBKEY_HEX", keys));
  }

  @Test
  void signatureIsASignedNoteOverTheFilesDigest() throws Exception {
    Path sig = ConfigSigner.sign(file, OPS);

    assertThat(sig).isEqualTo(dir.resolve("chittysync.yaml.sig"));
    String digest =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    Note note = Note.parse(Files.readAllBytes(sig));
    assertThat(note.text()).isEqualTo("chittysync-config/v1\nsha256 " + digest + "\n");
    assertThat(note.signatures())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo("ops.example.com");
              assertThat(s.keyId()).isEqualTo(OPS.keyId());
            });
    assertThat(Files.readString(sig)).startsWith(note.text() + "\n\u2014 ops.example.com ");
    assertThat(dir.resolve("chittysync.yaml.sig.tmp")).doesNotExist();
  }

  @Test
  void signedConfigRoundTrips() {
    ConfigSigner.sign(file, OPS);

    ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex()));
    SyncConfig config =
        ConfigLoader.loadVerified(file, FakeEndpointType.types(), requiring(OPS.publicKeyHex()));
    assertThat(config.registries()).containsOnlyKeys("people");
  }

  @Test
  void anyTrustedKeyMaySign() {
    ConfigSigner.sign(file, OTHER);

    ConfigSignatureCheck.verify(
        file, List.of(OPS.publicKeyHex(), OTHER.publicKeyHex().toUpperCase()));
    assertThat(
            ConfigLoader.loadVerified(
                    file,
                    FakeEndpointType.types(),
                    requiring(OPS.publicKeyHex() + ", " + OTHER.publicKeyHex()))
                .registries())
        .hasSize(1);
  }

  @Test
  void aTrustedSignatureAmongUntrustedOnesIsEnough() throws Exception {
    String text = ConfigSigner.noteText(Files.readAllBytes(file));
    NoteSigner stranger = NoteSigner.generate("stranger");
    Files.write(
        ConfigSigner.signaturePath(file), Note.of(text).signedBy(stranger).signedBy(OPS).toBytes());

    ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex()));
  }

  @Test
  void tamperedFileIsRefused() throws Exception {
    ConfigSigner.sign(file, OPS);
    Files.writeString(file, "# harmless?\n", StandardOpenOption.APPEND);

    assertThatThrownBy(
            () ->
                ConfigLoader.loadVerified(
                    file, FakeEndpointType.types(), requiring(OPS.publicKeyHex())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + " was changed after it was signed (signed sha256 ")
        .hasMessageEndingWith(
            "); review it and sign it again with 'chittysync config sign --key KEY " + file + "'");
  }

  @Test
  void untrustedSignerIsRefused() {
    ConfigSigner.sign(file, OTHER);

    assertThatThrownBy(() -> ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + " is not signed by a trusted key (ENGINE_PUBKEY_HEX); "
                + file
                + ".sig is signed by ops.example.com+"
                + OTHER.keyIdHex());
  }

  @Test
  void forgedSignatureLineForATrustedKeyIsRefused() throws Exception {
    String text = ConfigSigner.noteText(Files.readAllBytes(file));
    // A real signature by OPS, but over other text: the line claims OPS yet does not verify.
    var wrong = OPS.sign("chittysync-config/v1\nsha256 " + "0".repeat(64) + "\n");
    Files.write(ConfigSigner.signaturePath(file), Note.of(text).withSignature(wrong).toBytes());

    assertThatThrownBy(() -> ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + " is not signed by a trusted key (ENGINE_PUBKEY_HEX); ")
        .hasMessageContaining("does not verify");
  }

  @Test
  void unsignedConfigIsRefusedWhenSignaturesAreRequired() {
    assertThatThrownBy(
            () ->
                ConfigLoader.loadVerified(
                    file, FakeEndpointType.types(), requiring(OPS.publicKeyHex())))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.describe())
                    .isEqualTo(
                        "config.invalid: "
                            + file
                            + " is not signed: "
                            + file
                            + ".sig not found; sign it with 'chittysync config sign --key KEY "
                            + file
                            + "'"));
  }

  @Test
  void unsignedConfigLoadsWhenSignaturesAreNotRequired() {
    assertThat(
            ConfigLoader.loadVerified(file, FakeEndpointType.types(), Environment.of(Map.of()))
                .registries())
        .hasSize(1);
    assertThat(
            ConfigLoader.loadVerified(
                    file,
                    FakeEndpointType.types(),
                    Environment.of(Map.of("CHITTYSYNC_REQUIRE_SIGNED_CONFIG", "false")))
                .registries())
        .hasSize(1);
  }

  @Test
  void requiringSignaturesWithoutTrustedKeysNamesTheSetting() {
    ConfigSigner.sign(file, OPS);
    assertThatThrownBy(
            () ->
                ConfigLoader.loadVerified(
                    file,
                    FakeEndpointType.types(),
                    Environment.of(Map.of("CHITTYSYNC_REQUIRE_SIGNED_CONFIG", "TRUE"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ENGINE_PUBKEY_HEX: not set");
  }

  @Test
  void malformedSignatureFileIsRefused() throws Exception {
    Files.writeString(ConfigSigner.signaturePath(file), "not a note");
    assertThatThrownBy(() -> ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ".sig is not a signed note: ");
  }

  @Test
  void oversizedSignatureFileIsRefusedWithoutReadingItWhole() throws Exception {
    ConfigSigner.sign(file, OPS);
    // A valid signature followed by a mass of padding: refused for its size, not parsed.
    Files.write(
        ConfigSigner.signaturePath(file),
        new byte[ConfigSignatureCheck.MAX_SIGNATURE_BYTES + 1],
        java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ".sig is over "
                + ConfigSignatureCheck.MAX_SIGNATURE_BYTES
                + " bytes: not a ChittySync config signature");
  }

  @Test
  void aNoteAboutSomethingElseIsNotAConfigSignature() throws Exception {
    Files.write(
        ConfigSigner.signaturePath(file),
        Note.of("example.com/log\n42\nabc=\n").signedBy(OPS).toBytes());
    assertThatThrownBy(() -> ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ".sig is not a ChittySync config signature (its text must be the lines"
                + " 'chittysync-config/v1' and 'sha256 <64 hex digits>')");
  }

  @Test
  void signingAgainReplacesTheSignature() throws Exception {
    ConfigSigner.sign(file, OTHER);
    Files.writeString(file, "# reviewed\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    ConfigSigner.sign(file, OPS);

    ConfigSignatureCheck.verify(file, List.of(OPS.publicKeyHex()));
  }
}
