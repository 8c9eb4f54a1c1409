package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.NoteSigner;
import com.chittysync.core.config.Environment;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code chittysync envelope sign|verify} end to end against a real database, with the CLI's own
 * failure handling (so errors print as {@code chittysync: <code>: <message>}).
 */
class EnvelopeCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static TestDatabase db;
  private static NoteSigner key;

  @TempDir Path dir;
  private Path keyFile;
  private Path keysGenerateOutput;
  private Map<String, String> env;
  private String stdin = "";
  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void createDatabase() {
    db = TestPostgres.createDatabase();
    Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
    key = NoteSigner.generate("engine.test");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void setUp() throws IOException {
    keyFile = Files.writeString(dir.resolve("engine.key"), key.privateKey() + "\n");
    // What 'keys generate' prints: private key, verifier key, public key hex.
    keysGenerateOutput =
        Files.writeString(
            dir.resolve("keys-generate.txt"),
            key.privateKey() + "\n" + key.verifierKey() + "\n" + key.publicKeyHex() + "\n");
    env = new HashMap<>(db.env());
    env.put("ENGINE_PUBKEY_HEX", key.publicKeyHex());
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli =
        new CommandLine(
            new EnvelopeCommand(
                env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    // The real CLI's handlers: ChittySyncException -> "chittysync: <code>: <message>", exit 1.
    CommandLine main = Main.commandLine();
    cli.setExecutionExceptionHandler(main.getExecutionExceptionHandler());
    cli.setParameterExceptionHandler(main.getParameterExceptionHandler());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** Signs {@code payload} with the test key into a file and returns the file. */
  private Path signed(String name, String payload) throws IOException {
    Path payloadFile = write(name + ".payload.json", payload);
    assertThat(run("sign", "--key", "@" + keyFile, "--payload", payloadFile.toString()))
        .as(err.toString())
        .isZero();
    return write(name, out.toString());
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  @Test
  void signThenVerifyIsOk() throws IOException {
    Path envelope = signed("e.json", "{\"op\":\"upsert\",\"id\":7}");
    assertThat(out.toString()).endsWith("\n").hasLineCount(1);
    JsonNode json = MAPPER.readTree(out.toString());
    assertThat(json.get("payload")).isEqualTo(MAPPER.readTree("{\"op\":\"upsert\",\"id\":7}"));
    assertThat(json.get("key_id").textValue()).isEqualTo(key.publicKeyHex());
    assertThat(json.get("nonce").textValue()).matches("[A-Za-z0-9_-]{24}");
    assertThat(json.get("issued_at").textValue())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(json.has("expires_at")).isFalse();

    assertThat(run("verify", envelope.toString())).isZero();
    assertThat(out.toString()).isEqualTo("OK\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void verifyingTheSameEnvelopeTwiceIsAReplay() throws IOException {
    Path envelope = signed("e.json", "[1,2,3]");
    assertThat(run("verify", envelope.toString())).isZero();
    assertThat(run("verify", envelope.toString())).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("INVALID replayed_nonce: nonce ")
        .endsWith(" was already accepted: the envelope is a replay\n");
  }

  @Test
  void tamperedEnvelopeIsBadSignature() throws IOException {
    Path envelope = signed("e.json", "{\"amount\":10}");
    // Only the payload changes: "10" may also occur in the random nonce, key id or signature.
    Files.writeString(
        envelope, Files.readString(envelope).replace("\"amount\":10", "\"amount\":1000"));
    assertThat(run("verify", envelope.toString())).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("INVALID bad_signature: signature does not verify under key_id ");
  }

  @Test
  void eachFileGetsOneLineInOrder() throws IOException {
    Path first = signed("1.json", "1");
    Path second = signed("2.json", "2");
    Files.writeString(second, Files.readString(second).replace("\"payload\":2", "\"payload\":3"));
    Path third = signed("3.json", "{}");
    Path notJson = write("4.json", "not json");
    ObjectNode expiredMembers =
        (ObjectNode) MAPPER.readTree(Files.readString(signed("5.json", "5")));
    expiredMembers.put("extra", true);
    Path unknownMember = write("5.json", MAPPER.writeValueAsString(expiredMembers));

    int exit =
        run(
            "verify",
            first.toString(),
            second.toString(),
            third.toString(),
            notJson.toString(),
            unknownMember.toString(),
            first.toString());
    assertThat(exit).isEqualTo(1);
    assertThat(lines()).hasSize(6);
    assertThat(lines().get(0)).isEqualTo("OK");
    assertThat(lines().get(1)).startsWith("INVALID bad_signature: ");
    assertThat(lines().get(2)).isEqualTo("OK");
    assertThat(lines().get(3))
        .startsWith("INVALID malformed: envelope is not I-JSON: invalid JSON");
    assertThat(lines().get(4)).isEqualTo("INVALID malformed: unknown member \"extra\"");
    assertThat(lines().get(5)).startsWith("INVALID replayed_nonce: ");
  }

  @Test
  void allOkExitsZero() throws IOException {
    Path a = signed("a.json", "\"a\"");
    Path b = signed("b.json", "\"b\"");
    assertThat(run("verify", a.toString(), b.toString())).isZero();
    assertThat(lines()).containsExactly("OK", "OK");
  }

  @Test
  void envelopeFromAnUntrustedKeyIsUnknownKey() throws IOException {
    Path envelope = signed("e.json", "{}");
    env.put("ENGINE_PUBKEY_HEX", NoteSigner.generate("other").publicKeyHex());
    assertThat(run("verify", envelope.toString())).isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(
            "INVALID unknown_key: key_id "
                + key.publicKeyHex()
                + " is not a trusted key (ENGINE_PUBKEY_HEX)\n");
  }

  @Test
  void missingTrustedKeysIsAConfigError() throws IOException {
    Path envelope = signed("e.json", "{}");
    env.remove("ENGINE_PUBKEY_HEX");
    assertThat(run("verify", envelope.toString())).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("chittysync: config.invalid: ENGINE_PUBKEY_HEX: not set");
    // Nothing was spent: with the keys back, the envelope verifies.
    env.put("ENGINE_PUBKEY_HEX", key.publicKeyHex());
    assertThat(run("verify", envelope.toString())).isZero();
  }

  @Test
  void malformedTrustedKeysNameTheEntry() throws IOException {
    Path envelope = signed("e.json", "{}");
    env.put("ENGINE_PUBKEY_HEX", key.publicKeyHex() + ",nothex");
    assertThat(run("verify", envelope.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "chittysync: config.invalid: ENGINE_PUBKEY_HEX: entry 2 of 2 must be 64 hex digits (an"
                + " Ed25519 public key), got 6 characters including non-hex ones\n");
  }

  @Test
  void unreachableDatabaseFailsTheCommandInsteadOfPrintingInvalid() throws IOException {
    Path envelope = signed("e.json", "{}");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    env.put("DATABASE_URL", "postgres://postgres@127.0.0.1:" + port + "/nowhere");
    env.put("CHITTYSYNC_DB_CONNECT_TIMEOUT_MS", "500");
    assertThat(run("verify", envelope.toString())).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("chittysync: database.unavailable: ");
  }

  @Test
  void unreadableFileFailsTheCommandBeforeAnyNonceIsSpent() throws IOException {
    Path envelope = signed("e.json", "{}");
    assertThat(run("verify", envelope.toString(), dir.resolve("missing.json").toString()))
        .isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("cannot read envelope file ").contains("no such file");
    assertThat(run("verify", envelope.toString())).isZero();
  }

  @Test
  void keyMayBeGivenAsTheStringItselfOrAsAFile() throws IOException {
    Path payload = write("p.json", "{}");
    assertThat(run("sign", "--key", key.privateKey(), "--payload", payload.toString())).isZero();
    Path a = write("a.json", out.toString());
    assertThat(run("sign", "--key", keyFile.toString(), "--payload", payload.toString())).isZero();
    Path b = write("b.json", out.toString());
    // A file holding all of 'keys generate' output: the PRIVATE+KEY+ line is used.
    assertThat(run("sign", "--key", keysGenerateOutput.toString(), "--payload", payload.toString()))
        .isZero();
    Path c = write("c.json", out.toString());
    assertThat(run("verify", a.toString(), b.toString(), c.toString())).isZero();
    assertThat(lines()).containsExactly("OK", "OK", "OK");
  }

  @Test
  void payloadDefaultsToStandardInput() throws IOException {
    stdin = "  {\"from\": \"stdin\"}\n";
    assertThat(run("sign", "--key", "@" + keyFile)).isZero();
    assertThat(MAPPER.readTree(out.toString()).get("payload"))
        .isEqualTo(MAPPER.readTree("{\"from\":\"stdin\"}"));
  }

  @Test
  void ttlWritesExpiresAt() throws IOException {
    Path payload = write("p.json", "null");
    assertThat(run("sign", "--key", "@" + keyFile, "--payload", payload.toString(), "--ttl", "90"))
        .isZero();
    JsonNode json = MAPPER.readTree(out.toString());
    Instant issued = Instant.parse(json.get("issued_at").textValue());
    assertThat(Instant.parse(json.get("expires_at").textValue()))
        .isEqualTo(issued.plus(Duration.ofSeconds(90)));
    Path envelope = write("e.json", out.toString());
    assertThat(run("verify", envelope.toString())).isZero();
  }

  @Test
  void ttlOverFifteenMinutesIsAUsageError() throws IOException {
    Path payload = write("p.json", "{}");
    assertThat(run("sign", "--key", "@" + keyFile, "--payload", payload.toString(), "--ttl", "901"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--ttl must be between 0 and 900 seconds, got 901");
  }

  @Test
  void payloadThatIsNotJsonIsRefused() throws IOException {
    Path payload = write("p.json", "{\"a\":1,\"a\":2}");
    assertThat(run("sign", "--key", "@" + keyFile, "--payload", payload.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("chittysync: input.malformed: payload is not I-JSON");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badKeyIsRefusedWithoutEchoingIt() throws IOException {
    Path payload = write("p.json", "{}");
    String mangled = key.privateKey().substring("PRIVATE+KEY+".length());
    assertThat(run("sign", "--key", mangled, "--payload", payload.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("chittysync: input.malformed: --key: expected a private key")
        .doesNotContain(mangled);

    String corrupted = key.privateKey().substring(0, key.privateKey().length() - 4) + "AAAA";
    assertThat(run("sign", "--key", corrupted, "--payload", payload.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("chittysync: input.malformed: --key: ")
        .doesNotContain(corrupted);

    Path noKey = write("nokey.txt", "hello\n");
    assertThat(run("sign", "--key", noKey.toString(), "--payload", payload.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("holds no PRIVATE+KEY+ line");
  }

  @Test
  void subcommandIsRequired() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("a subcommand is required");
    assertThat(run("verify")).isEqualTo(2);
  }
}
