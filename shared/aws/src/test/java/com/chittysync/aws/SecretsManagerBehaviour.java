package com.chittysync.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretReference;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secret references resolved through a real Secrets Manager API: moto_server everywhere, and
 * LocalStack where Docker runs. Each subclass supplies the emulator's environment variables; the
 * client is configured from them exactly as in a function.
 */
abstract class SecretsManagerBehaviour {
  private SecretsManagerClient admin;
  private SecretsManagerResolver resolver;
  private Map<String, String> env;
  private final String prefix = "chittysync-test/" + UUID.randomUUID() + "/";

  /** AWS_ENDPOINT_URL, AWS_REGION and credentials for the emulator. */
  abstract Map<String, String> awsEnv();

  @BeforeEach
  void connect() {
    env = awsEnv();
    AwsClientConfig config = new AwsClientConfig(env);
    admin = config.configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").build();
    resolver = new SecretsManagerResolver(config);
  }

  @AfterEach
  void close() {
    resolver.close();
    admin.close();
  }

  private String create(String name, String value) {
    String id = prefix + name;
    admin.createSecret(b -> b.name(id).secretString(value));
    return id;
  }

  @Test
  void wholeSecretResolves() {
    String id = create("plain", "postgres://app:pw@db.example/app");
    assertThat(resolver.resolve(new SecretReference(id, null)))
        .isEqualTo("postgres://app:pw@db.example/app");
  }

  @Test
  void jsonFieldResolves() {
    String id =
        create("json", "{\"url\":\"postgres://a@h/db\",\"port\":5432,\"nested\":{\"k\":1}}");
    assertThat(resolver.resolve(new SecretReference(id, "url"))).isEqualTo("postgres://a@h/db");
    assertThat(resolver.resolve(new SecretReference(id, "port"))).isEqualTo("5432");
    assertThat(resolver.resolve(new SecretReference(id, "nested"))).isEqualTo("{\"k\":1}");
  }

  @Test
  void secretResolvesByArnToo() {
    String id = prefix + "by-arn";
    String arn = admin.createSecret(b -> b.name(id).secretString("v")).arn();
    assertThat(resolver.resolve(new SecretReference(arn, null))).isEqualTo("v");
  }

  @Test
  void missingSecretIsNamedInTheError() {
    String id = prefix + "absent";
    assertThatThrownBy(() -> resolver.resolve(new SecretReference(id, null)))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("secret '" + id + "' does not exist")
        .satisfies(
            e ->
                assertThat(((ChittySyncException) e).code())
                    .isEqualTo(ErrorCode.SECRET_UNRESOLVED));
  }

  @Test
  void missingFieldIsNamedButNoValueLeaks() {
    String id = create("fields", "{\"url\":\"postgres://a:TOPSECRET@h/db\"}");
    assertThatThrownBy(() -> resolver.resolve(new SecretReference(id, "password")))
        .hasMessage("secret '" + id + "' has no field 'password'")
        .hasMessageNotContaining("TOPSECRET");
    String plain = create("not-json", "TOPSECRET");
    assertThatThrownBy(() -> resolver.resolve(new SecretReference(plain, "url")))
        .hasMessageContaining("is not a JSON object")
        .hasMessageNotContaining("TOPSECRET");
  }

  @Test
  void secretsAreCachedForTheLifeOfTheContainer() {
    String id = create("cached", "first");
    assertThat(resolver.resolve(new SecretReference(id, null))).isEqualTo("first");
    admin.putSecretValue(b -> b.secretId(id).secretString("second"));
    assertThat(resolver.resolve(new SecretReference(id, null))).isEqualTo("first");
    assertThat(
            new SecretsManagerResolver(new AwsClientConfig(env))
                .resolve(new SecretReference(id, null)))
        .isEqualTo("second");
  }

  @Test
  void anySettingMayBeAReference() {
    String id = create("db", "{\"url\":\"postgres://u:pw@h:5432/app\"}");
    Map<String, String> raw = new HashMap<>(env);
    raw.put("DATABASE_URL", "secretsmanager:" + id + "#url");
    raw.put("CHITTYSYNC_DB_POOL_SIZE", "secretsmanager:" + create("pool", "7"));
    Environment environment = new Environment(raw, resolver);
    assertThat(environment.get("DATABASE_URL")).contains("postgres://u:pw@h:5432/app");
    assertThat(environment.getInt("CHITTYSYNC_DB_POOL_SIZE", 2, 1, 100)).isEqualTo(7);
  }
}
