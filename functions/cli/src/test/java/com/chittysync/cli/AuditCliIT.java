package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.testkit.RepoPaths;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit commands as an operator runs them, and the exported log checked by {@code
 * tools/audit_verify.py}, a verifier written from RFC 6962, RFC 8785 and C2SP alone.
 */
class AuditCliIT {
  @TempDir Path dir;
  private TestDatabase db;
  private final Map<String, String> env = new HashMap<>();
  private String vkey;

  @BeforeEach
  void freshLog() throws Exception {
    db = TestPostgres.createDatabase();
    env.putAll(db.env());
    assertThat(run("migrate").exit()).isZero();
    CliRunner.Result keys = run("keys", "generate", "--name", "audit.example/log");
    String[] lines = keys.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0])
        .matches("PRIVATE\\+KEY\\+audit\\.example/log\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]+");
    assertThat(lines[1]).matches("audit\\.example/log\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]+");
    assertThat(lines[2]).matches("[0-9a-f]{64}");
    env.put("CHITTYSYNC_SIGNING_KEY", lines[0]);
    vkey = lines[1];
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private CliRunner.Result run(String... args) throws Exception {
    return CliRunner.run(RepoPaths.root(), env, args);
  }

  private CliRunner.Result exec(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(RepoPaths.root().toFile());
    pb.environment().putAll(env);
    return CliRunner.exec(pb);
  }

  /** What {@code serve} prints before the token scripts send as a bearer. */
  private static final String TOKEN_LINE = "API token for scripts (Authorization: Bearer): ";

  /**
   * Reads {@code serve}'s banner up to its API token (so it is listening) and returns the token.
   */
  private static String apiToken(Process serve) throws Exception {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith(TOKEN_LINE)) {
        return line.substring(TOKEN_LINE.length()).strip();
      }
    }
    throw new AssertionError("serve printed no API token");
  }

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  @Test
  void operatorStoryFromAppendToWitnessedVerification() throws Exception {
    for (int i = 0; i < 7; i++) {
      CliRunner.Result append =
          run(
              "audit",
              "append",
              "--type",
              "operator.note",
              "--data",
              "{\"n\":" + i + ",\"note\":\"café ☕\"}");
      assertThat(append.exit()).as(append.err()).isZero();
      JsonNode json = Json.mapper().readTree(append.out());
      assertThat(json.get("seq").asLong()).isEqualTo(i);
      assertThat(json.get("leaf_hash").asText()).matches("[0-9a-f]{64}");
    }
    CliRunner.Result checkpoint = run("audit", "checkpoint");
    assertThat(checkpoint.out())
        .startsWith("audit.example/log\n7\n")
        .contains("\n\n— audit.example/log ");

    CliRunner.Result prove = run("audit", "prove", "--seq", "3");
    JsonNode proof = Json.mapper().readTree(prove.out());
    assertThat(proof.get("tree_size").asLong()).isEqualTo(7);
    assertThat(proof.get("proof")).hasSize(3);

    CliRunner.Result export = run("audit", "export");
    assertThat(export.out().split("\n")).hasSize(7);
    assertThat(run("audit", "export", "--from", "2", "--to", "4").out().split("\n")).hasSize(2);

    CliRunner.Result witnessKeys = run("keys", "generate", "--name", "witness.example/w1");
    String[] w = witnessKeys.out().split("\n");
    Path state = dir.resolve("w1-state.json");
    CliRunner.Result witness = run("audit", "witness", "--key", w[0], "--state", state.toString());
    assertThat(witness.exit()).as(witness.err()).isZero();
    assertThat(witness.out()).startsWith("cosigned audit.example/log at size 7");

    run("audit", "append", "--type", "operator.note", "--data", "{\"n\":99}");
    run("audit", "checkpoint");
    CliRunner.Result consistency = run("audit", "consistency", "--from", "7", "--to", "8");
    assertThat(Json.mapper().readTree(consistency.out()).get("proof")).isNotEmpty();
    assertThat(run("audit", "witness", "--key", w[0], "--state", state.toString()).exit()).isZero();

    CliRunner.Result verify = run("audit", "verify", "--witness", w[1], "--quorum", "1");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("OK: 8 entries, 2 checkpoint(s), 1 witness cosignature(s)");
    CliRunner.Result noQuorum =
        run(
            "audit",
            "verify",
            "--witness",
            w[1],
            "--witness",
            run("keys", "generate", "--name", "w2").out().split("\n")[1]);
    assertThat(noQuorum.exit()).isEqualTo(1);
    assertThat(noQuorum.out()).contains("quorum is 2");
  }

  @Test
  void tamperingMakesVerifyFailWithTheFirstBadSeq() throws Exception {
    for (int i = 0; i < 4; i++) {
      run("audit", "append", "--type", "operator.note", "--data", "{\"n\":" + i + "}");
    }
    run("audit", "checkpoint");
    assertThat(run("audit", "verify").exit()).isZero();
    sql(
        "UPDATE chittysync.audit_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '\"n\":2', '\"n\":5'), 'UTF8') WHERE seq = 2");
    CliRunner.Result verify = run("audit", "verify");
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out())
        .startsWith("FAILED at seq 2: entry 2 does not hash to its stored leaf hash");
  }

  @Test
  void badInputGetsClearErrors() throws Exception {
    CliRunner.Result badType = run("audit", "append", "--type", "Not A Type", "--data", "{}");
    assertThat(badType.exit()).isEqualTo(1);
    assertThat(badType.err())
        .contains("input.malformed: --type: entry type must be dotted lower-case words");
    CliRunner.Result badData = run("audit", "append", "--type", "operator.note", "--data", "{nope");
    assertThat(badData.exit()).isEqualTo(1);
    assertThat(badData.err()).contains("--data is not valid JSON");
    assertThat(run("audit", "prove", "--seq", "0").err()).contains("there is no checkpoint yet");
    env.put("CHITTYSYNC_SIGNING_KEY", "PRIVATE+KEY+broken");
    CliRunner.Result badKey = run("audit", "checkpoint");
    assertThat(badKey.exit()).isEqualTo(1);
    assertThat(badKey.err())
        .contains("config.invalid: CHITTYSYNC_SIGNING_KEY:")
        .doesNotContain("PRIVATE+KEY+broken");
  }

  @Test
  void independentVerifierAndHttpApiAgreeWithTheLog() throws Exception {
    Assumptions.assumeTrue(
        pythonVerifierAvailable(), "python3 with the 'cryptography' package is not installed");
    for (int i = 0; i < 20; i++) {
      run(
          "audit",
          "append",
          "--type",
          "operator.note",
          "--data",
          "{\"n\":" + i + ",\"x\":[1.5,1e21,\"\\u2028\"]}");
    }
    run("audit", "checkpoint");
    for (int i = 0; i < 13; i++) {
      run("audit", "append", "--type", "sync.op", "--data", "{\"k\":\"P-" + i + "\"}");
    }
    run("audit", "checkpoint");
    String[] w = run("keys", "generate", "--name", "witness.example/ind").out().split("\n");
    run("audit", "witness", "--key", w[0], "--state", dir.resolve("s.json").toString());

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> serveCmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                CliRunner.JAR.toString(),
                "serve",
                "--port",
                String.valueOf(port)));
    ProcessBuilder pb =
        new ProcessBuilder(serveCmd).directory(RepoPaths.root().toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process serve = pb.start();
    try {
      String token = apiToken(serve);
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newHttpClient();
      JsonNode checkpoints =
          Json.mapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(URI.create(base + "/v1/audit/checkpoints"))
                              .header("Authorization", "Bearer " + token)
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
      assertThat(checkpoints).hasSize(2);
      Path old = write("cp20.txt", checkpoints.get(0).get("note").asText());
      Path latest = write("cp33.txt", checkpoints.get(1).get("note").asText());
      Path entries = write("export.jsonl", run("audit", "export").out());
      Path proof = write("prove.json", run("audit", "prove", "--seq", "25").out());
      Path consistency =
          write(
              "consistency.json", run("audit", "consistency", "--from", "20", "--to", "33").out());
      String tool = RepoPaths.resolve("tools/audit_verify.py").toString();

      CliRunner.Result log =
          exec(
              List.of(
                  "python3",
                  tool,
                  "log",
                  "--entries",
                  entries.toString(),
                  "--checkpoint",
                  latest.toString(),
                  "--vkey",
                  vkey,
                  "--witness",
                  w[1],
                  "--quorum",
                  "1"));
      assertThat(log.exit()).as(log.err()).isZero();
      assertThat(log.out())
          .startsWith(
              "OK log audit.example/log: 33 entries, checkpoint 33 verified, 1 cosignature(s)");
      CliRunner.Result inclusion =
          exec(
              List.of(
                  "python3",
                  tool,
                  "inclusion",
                  "--proof",
                  proof.toString(),
                  "--entries",
                  entries.toString(),
                  "--checkpoint",
                  latest.toString(),
                  "--vkey",
                  vkey));
      assertThat(inclusion.exit()).as(inclusion.err()).isZero();
      CliRunner.Result cons =
          exec(
              List.of(
                  "python3",
                  tool,
                  "consistency",
                  "--proof",
                  consistency.toString(),
                  "--old",
                  old.toString(),
                  "--new",
                  latest.toString(),
                  "--vkey",
                  vkey));
      assertThat(cons.exit()).as(cons.err()).isZero();

      CliRunner.Result overHttp =
          run(
              "audit",
              "verify",
              "--url",
              base,
              "--vkey",
              vkey,
              "--witness",
              w[1],
              "--token",
              token);
      assertThat(overHttp.exit()).as(overHttp.out() + overHttp.err()).isZero();
      assertThat(overHttp.out())
          .startsWith("OK: 33 entries, 2 checkpoint(s), 1 witness cosignature(s)");

      // A tampered export fails the independent check too.
      Path tampered =
          write(
              "tampered.jsonl",
              Files.readString(entries).replace("\"k\":\"P-3\"", "\"k\":\"P-4\""));
      CliRunner.Result bad =
          exec(
              List.of(
                  "python3",
                  tool,
                  "log",
                  "--entries",
                  tampered.toString(),
                  "--checkpoint",
                  latest.toString(),
                  "--vkey",
                  vkey));
      assertThat(bad.exit()).isEqualTo(1);
    } finally {
      serve.destroy();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void verifyAndExportOverHttpFollowPagesCutByTheByteBudget() throws Exception {
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    try (Database database = Database.open(settings)) {
      AuditLog log = new AuditLog(database, Clock.systemUTC());
      List<AuditRecord> records = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        // Up to about 13 KB each once escaped: pages of 16 KiB hold one to a handful.
        records.add(
            new AuditRecord(
                "sync.op",
                "engine",
                Json.mapper()
                    .createObjectNode()
                    .put("i", i)
                    .put("text", "a\"é".repeat(200 * (i % 7)))));
      }
      log.append(records);
    }
    run("audit", "checkpoint");

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                CliRunner.JAR.toString(),
                "serve",
                "--port",
                String.valueOf(port))
            .directory(RepoPaths.root().toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("CHITTYSYNC_AUDIT_PAGE_BYTES", "16384");
    Process serve = pb.start();
    try {
      String token = apiToken(serve);
      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> first =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/v1/audit/entries?from=0"))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16384);
      long next = Long.parseLong(first.headers().firstValue("audit-next").orElseThrow());
      assertThat(next).isBetween(1L, 39L);
      assertThat(first.body().split("\n")).hasSize((int) next);

      CliRunner.Result verify =
          run("audit", "verify", "--url", base, "--vkey", vkey, "--token", token);
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.out()).startsWith("OK: 40 entries, 1 checkpoint(s)");

      CliRunner.Result refused = run("audit", "verify", "--url", base, "--vkey", vkey);
      assertThat(refused.exit()).isEqualTo(5);
      assertThat(refused.err())
          .contains("auth.required: the audit log at " + base + " needs a token: pass --token");

      CliRunner.Result overHttp = run("audit", "export", "--url", base, "--token", token);
      assertThat(overHttp.exit()).as(overHttp.err()).isZero();
      assertThat(overHttp.out()).isEqualTo(run("audit", "export").out()).hasLineCount(40);
      CliRunner.Result slice =
          run("audit", "export", "--url", base, "--from", "5", "--to", "33", "--token", token);
      assertThat(slice.out())
          .isEqualTo(run("audit", "export", "--from", "5", "--to", "33").out())
          .hasLineCount(28);
    } finally {
      serve.destroy();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void proveValueChecksACommitmentWithTheDeploymentsKey() throws Exception {
    assertThat(run("audit", "append", "--type", "operator.note", "--data", "{}").exit()).isZero();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    try (Database database = Database.open(settings)) {
      CommitKey key = CommitKey.current(database);
      com.fasterxml.jackson.databind.node.ObjectNode body =
          Json.mapper()
              .createObjectNode()
              .put("registry", "people")
              .put("plan_id", "7d1f3a2e-0000-4000-8000-000000000001")
              .put("op_no", 3)
              .put("endpoint", "main")
              .put("op", "update")
              .put("commitment", "hmac-sha256/v1")
              .put("commit_key", key.keyId());
      body.put(
          "key_hmac",
          key.commit(
              CommitKey.opContext(body, "key", null),
              Json.mapper().getNodeFactory().textNode("P-1")));
      body.putObject("after_hmac")
          .put(
              "active",
              key.commit(
                  CommitKey.opContext(body, "after", "active"),
                  Json.mapper().getNodeFactory().booleanNode(true)));
      new AuditLog(database, Clock.systemUTC())
          .append(List.of(new AuditRecord("sync.op", "engine", body)));
    }

    CliRunner.Result held =
        run(
            "audit",
            "prove-value",
            "--seq",
            "1",
            "--side",
            "after",
            "--field",
            "active",
            "--value",
            "true");
    assertThat(held.exit()).as(held.err()).isZero();
    assertThat(held.out()).startsWith("OK: entry 1 commits to this as the after value of active");
    CliRunner.Result other =
        run(
            "audit",
            "prove-value",
            "--seq",
            "1",
            "--side",
            "after",
            "--field",
            "active",
            "--value",
            "false");
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.out()).startsWith("FAILED");
    assertThat(
            run("audit", "prove-value", "--seq", "1", "--side", "key", "--value", "\"P-1\"").exit())
        .isZero();
    CliRunner.Result notOne =
        run("audit", "prove-value", "--seq", "0", "--side", "key", "--value", "1");
    assertThat(notOne.exit()).isEqualTo(1);
    assertThat(notOne.err()).contains("entry 0 is not a sync.op entry");
  }

  private boolean pythonVerifierAvailable() throws Exception {
    boolean required =
        Boolean.parseBoolean(System.getenv().getOrDefault("CHITTYSYNC_REQUIRE_PYTHON", "false"));
    try {
      Process p = new ProcessBuilder("python3", "-c", "import cryptography").start();
      boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      if (!ok && required) {
        throw new IllegalStateException(
            "python3 with 'cryptography' is required (CHITTYSYNC_REQUIRE_PYTHON=true)");
      }
      return ok;
    } catch (IOException e) {
      if (required) {
        throw e;
      }
      return false;
    }
  }
}
