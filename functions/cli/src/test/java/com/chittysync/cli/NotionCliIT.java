package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.intake.VerificationTokenStore;
import com.chittysync.intake.WebhookHandshakes;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chittysync notion verification-token}, run from the built jar against moto. */
class NotionCliIT {
  private static final String TOKEN = "secret_" + UUID.randomUUID().toString().replace("-", "");

  @TempDir Path dir;
  private TestDatabase db;
  private Database database;
  private Map<String, String> env;
  private String secretId;

  @BeforeEach
  void setUp() throws Exception {
    db = TestPostgres.createDatabase();
    secretId = "chittysync-test/" + UUID.randomUUID() + "/notion-webhook";
    env = new HashMap<>(MotoServer.shared().env());
    env.putAll(db.env());
    env.put(VerificationTokenStore.SECRET_SETTING, secretId);
    assertThat(CliRunner.run(dir, env, "migrate").exit()).isZero();
    database = Database.open(DatabaseSettings.from(Environment.of(env)));
  }

  @AfterEach
  void tearDown() {
    database.close();
    db.close();
  }

  private VerificationTokenStore store() {
    AwsClientConfig aws = new AwsClientConfig(env);
    return new VerificationTokenStore(
        secretId, () -> aws.secretsManager(Duration.ofSeconds(5)), Clock.systemUTC());
  }

  @Test
  void listsPendingTokensWithArrivalAndSourceOrExits1WithAClearMessage() throws Exception {
    CliRunner.Result none = CliRunner.run(dir, env, "notion", "verification-token");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("no Notion webhook handshake is pending");

    WebhookHandshakes handshakes = new WebhookHandshakes(database);
    handshakes.offer(Secret.of("secret_planted"), "203.0.113.66");
    handshakes.offer(Secret.of(TOKEN), "198.51.100.7");
    CliRunner.Result listed = CliRunner.run(dir, env, "notion", "verification-token");
    assertThat(listed.exit()).as(listed.err()).isZero();
    String[] lines = listed.out().split("\\R");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("secret_planted  received ").contains("from 203.0.113.66");
    assertThat(lines[1]).startsWith(TOKEN + "  received ").contains("from 198.51.100.7");
    assertThat(listed.err()).doesNotContain(TOKEN);
  }

  @Test
  void resetForgetsTheTokenInUseReopensHandshakesAndIsAudited() throws Exception {
    WebhookHandshakes handshakes = new WebhookHandshakes(database);
    handshakes.offer(Secret.of(TOKEN), "198.51.100.7");
    try (VerificationTokenStore store = store()) {
      assertThat(handshakes.promote(Secret.of(TOKEN), "event-1", store::store)).isTrue();
    }
    assertThat(handshakes.offer(Secret.of("secret_late"), "203.0.113.66"))
        .isEqualTo(WebhookHandshakes.Offer.REFUSED_VERIFIED);
    CliRunner.Result inUse = CliRunner.run(dir, env, "notion", "verification-token");
    assertThat(inUse.exit()).isZero();
    assertThat(inUse.out())
        .contains("A verification token is in use")
        .contains("from 198.51.100.7")
        .contains("--reset")
        .doesNotContain(TOKEN);

    CliRunner.Result reset = CliRunner.run(dir, env, "notion", "verification-token", "--reset");
    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("Forgot the verification token in use").contains("audit");
    try (VerificationTokenStore store = store()) {
      assertThat(store.current()).isEmpty();
    }
    assertThat(handshakes.verified()).isEmpty();
    assertThat(handshakes.offer(Secret.of("secret_new"), "198.51.100.7"))
        .isEqualTo(WebhookHandshakes.Offer.PENDING);
    String entry =
        database.withConnection(
            c -> {
              try (ResultSet rs =
                  c.createStatement()
                      .executeQuery(
                          "SELECT convert_from(entry, 'UTF8') FROM chittysync.audit_entries"
                              + " WHERE type = 'notion.webhook_token.reset'")) {
                return rs.next() ? rs.getString(1) : null;
              }
            });
    assertThat(entry)
        .contains(WebhookHandshakes.sha256(Secret.of(TOKEN)))
        .contains("operator")
        .doesNotContain(TOKEN);
  }

  @Test
  void resetWithoutASecretSettingSaysWhichSettingIsMissingAndChangesNothing() throws Exception {
    WebhookHandshakes handshakes = new WebhookHandshakes(database);
    handshakes.offer(Secret.of(TOKEN), "198.51.100.7");
    env.remove(VerificationTokenStore.SECRET_SETTING);
    CliRunner.Result result = CliRunner.run(dir, env, "notion", "verification-token", "--reset");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("config.invalid: " + VerificationTokenStore.SECRET_SETTING + ": required");
    assertThat(handshakes.pending()).hasSize(1);
  }
}
