package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The audit commands against the catalog's routes served as {@code chittysync serve} serves them:
 * the real API function behind the emulated authorizer, which wants serve's API token.
 */
class AuditOverServeTest {
  private static final NoteSigner LOG = NoteSigner.generate("serve.example/log");

  @TempDir Path dir;
  private TestDatabase db;
  private LocalApiGateway gateway;
  private ServeSecrets secrets;
  private String base;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void serve() throws Exception {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    try (Database database = Database.open(settings)) {
      AuditLog log = new AuditLog(database, Clock.systemUTC());
      List<AuditRecord> records = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        records.add(
            new AuditRecord("operator.note", "test", Json.mapper().createObjectNode().put("i", i)));
      }
      log.append(records.subList(0, 5));
      new Checkpointer(database, LOG, LOG.name()).checkpoint();
      log.append(records.subList(5, 12));
      new Checkpointer(database, LOG, LOG.name()).checkpoint();
    }
    secrets = ServeSecrets.generate();
    Map<String, String> functionEnv = new HashMap<>(db.env());
    functionEnv.putAll(secrets.env());
    gateway = LocalApiGateway.forCatalog(secrets.apiToken(), false, functionEnv);
    base = "http://127.0.0.1:" + gateway.start("127.0.0.1", 0);
    CliEnvironment.runInProcess(db.env());
  }

  @AfterEach
  void stop() {
    CliEnvironment.runInProcess(null);
    gateway.close();
    db.close();
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theLogsEntriesNeedServesTokenButItsLatestCheckpointIsOpen() throws Exception {
    assertThat(get("/v1/audit/checkpoint", null).statusCode()).isEqualTo(200);
    for (String path :
        List.of(
            "/v1/audit/checkpoints",
            "/v1/audit/entries?from=0",
            "/v1/audit/proof?seq=1",
            "/v1/audit/consistency?from=5&to=12")) {
      HttpResponse<String> refused = get(path, null);
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
      assertThat(get(path, secrets.apiToken()).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void verifyWithTheTokenWorksAndWithoutItFailsClearlyWithItsOwnExitCode() {
    String vkey = LOG.verifier().verifierKey();
    assertThat(run("audit", "verify", "--url", base, "--vkey", vkey, "--token", secrets.apiToken()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).startsWith("OK: 12 entries, 2 checkpoint(s)");

    assertThat(run("audit", "verify", "--url", base, "--vkey", vkey)).isEqualTo(Main.AUTH_REFUSED);
    assertThat(err.toString())
        .contains(
            "chittysync: auth.required: the audit log at " + base + " needs a token: pass --token");

    String wrong = secrets.loginToken();
    assertThat(run("audit", "verify", "--url", base, "--vkey", vkey, "--token", wrong))
        .isEqualTo(Main.AUTH_REFUSED);
    assertThat(err.toString()).contains("refused the token").doesNotContain(wrong);
    assertThat(out.toString()).doesNotContain(secrets.apiToken());
  }

  @Test
  void aWitnessReadsThePublishedLogWithTheTokenAndItsCosignatureVerifies() throws Exception {
    NoteSigner witness = NoteSigner.generate("witness.example/w1");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, secrets.apiToken() + "\n");
    String state = dir.resolve("w1.json").toString();
    int witnessed =
        run(
            "audit",
            "witness",
            "--key",
            witness.privateKey(),
            "--state",
            state,
            "--vkey",
            LOG.verifier().verifierKey(),
            "--url",
            base,
            "--token",
            "@" + tokenFile);
    assertThat(witnessed).as(err.toString()).isZero();
    assertThat(out.toString()).contains("cosigned serve.example/log at size 12");

    assertThat(
            run(
                "audit",
                "export",
                "--url",
                base,
                "--token",
                secrets.apiToken(),
                "--from",
                "0",
                "--to",
                "1"))
        .isZero();

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "audit",
                "verify",
                "--url",
                base,
                "--vkey",
                LOG.verifier().verifierKey(),
                "--witness",
                witness.cosigner().verifier().verifierKey(),
                "--token",
                secrets.apiToken()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .startsWith("OK: 12 entries, 2 checkpoint(s), 1 witness cosignature(s)");

    // The log grows: the next cosignature needs a consistency proof, which needs the token.
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    try (Database database = Database.open(settings)) {
      new AuditLog(database, Clock.systemUTC())
          .append(
              List.of(
                  new AuditRecord(
                      "operator.note", "test", Json.mapper().createObjectNode().put("i", 12))));
      new Checkpointer(database, LOG, LOG.name()).checkpoint();
    }
    String[] again = {
      "audit", "witness", "--key", witness.privateKey(), "--state", state, "--url", base
    };
    assertThat(run(again)).isEqualTo(Main.AUTH_REFUSED);
    assertThat(err.toString()).contains("needs a token: pass --token");
    List<String> withToken = new ArrayList<>(List.of(again));
    withToken.addAll(List.of("--token", secrets.apiToken()));
    assertThat(run(withToken.toArray(String[]::new))).as(err.toString()).isZero();
    assertThat(out.toString()).contains("cosigned serve.example/log at size 13");
  }
}
