package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Secret;
import com.chittysync.intake.VerificationTokenStore;
import com.chittysync.testkit.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chittysync notion verification-token}, run from the built jar against moto. */
class NotionCliIT {
  @TempDir Path dir;

  @Test
  void printsTheStoredTokenOrExits1WithAClearMessage() throws Exception {
    String secretId = "chittysync-test/" + UUID.randomUUID() + "/notion-webhook";
    Map<String, String> env = new HashMap<>(MotoServer.shared().env());
    env.put(VerificationTokenStore.SECRET_SETTING, secretId);

    CliRunner.Result none = CliRunner.run(dir, env, "notion", "verification-token");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.out()).isEmpty();
    assertThat(none.err())
        .contains("no Notion webhook verification token is stored in secret '" + secretId + "'");

    String token = "secret_" + UUID.randomUUID().toString().replace("-", "");
    AwsClientConfig aws = new AwsClientConfig(env);
    try (VerificationTokenStore store =
        new VerificationTokenStore(
            secretId, () -> aws.secretsManager(Duration.ofSeconds(5)), Clock.systemUTC())) {
      store.store(Secret.of(token));
    }
    CliRunner.Result stored = CliRunner.run(dir, env, "notion", "verification-token");
    assertThat(stored.exit()).as(stored.err()).isZero();
    assertThat(stored.out()).isEqualTo(token + System.lineSeparator());
    assertThat(stored.err()).doesNotContain(token);

    env.remove(VerificationTokenStore.SECRET_SETTING);
    CliRunner.Result byFlag =
        CliRunner.run(dir, env, "notion", "verification-token", "--secret", secretId);
    assertThat(byFlag.out()).isEqualTo(token + System.lineSeparator());
  }

  @Test
  void withoutASecretSettingItSaysWhichSettingIsMissing() throws Exception {
    CliRunner.Result result =
        CliRunner.run(dir, MotoServer.shared().env(), "notion", "verification-token");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("config.invalid: " + VerificationTokenStore.SECRET_SETTING + ": required");
  }
}
