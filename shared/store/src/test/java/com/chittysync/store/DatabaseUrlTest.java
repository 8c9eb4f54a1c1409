package com.chittysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void neonFormIsParsed() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "DATABASE_URL",
            "postgres://alex:AbC%40123@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require");
    assertThat(url.hosts()).isEqualTo("ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech");
    assertThat(url.database()).isEqualTo("neondb");
    assertThat(url.user()).contains("alex");
    assertThat(url.password().orElseThrow().reveal()).isEqualTo("AbC@123");
    assertThat(url.params()).isEqualTo(Map.of("sslmode", "require", "channelBinding", "require"));
    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?channelBinding=require&sslmode=require");
  }

  @Test
  void jdbcFormIsParsedWithCredentialsInTheQuery() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=s3cret&ssl=false");
    assertThat(url.hosts()).isEqualTo("127.0.0.1:5432");
    assertThat(url.user()).contains("postgres");
    assertThat(url.password().orElseThrow().reveal()).isEqualTo("s3cret");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?ssl=false");
  }

  @Test
  void postgresqlSchemeAndMultipleHostsAreAccepted() {
    DatabaseUrl url = DatabaseUrl.parse("X", "postgresql://u@db1:5432,db2:5433/app");
    assertThat(url.hosts()).isEqualTo("db1:5432,db2:5433");
    assertThat(url.password()).isEmpty();
  }

  @Test
  void passwordNeverAppearsInPrintableForms() {
    DatabaseUrl url = DatabaseUrl.parse("X", "postgres://u:hunter2@h:5432/db?sslmode=require");
    assertThat(url.toString()).doesNotContain("hunter2");
    assertThat(url.describe()).isEqualTo("h:5432/db").doesNotContain("hunter2");
    assertThat(url.jdbcUrl()).doesNotContain("hunter2");
  }

  @Test
  void runtimeDefaultsDoNotOverrideTheUrl() {
    DatabaseUrl url =
        DatabaseUrl.parse("X", "postgres://u@h/db?prepareThreshold=5")
            .withDefaults(DatabaseUrl.RUNTIME_DEFAULTS);
    assertThat(url.params())
        .containsEntry("prepareThreshold", "5")
        .containsEntry("ApplicationName", "chittysync");
  }

  @Test
  void badUrlsAreRejectedNamingTheSettingButNotTheValue() {
    assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "mysql://u:hunter2@h/db"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "DATABASE_URL: unsupported URL scheme 'mysql'; expected postgres://, postgresql:// or jdbc:postgresql://");
    assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgres://u:hunter2@h"))
        .hasMessage("DATABASE_URL: the URL names no database (add /<database>)");
    assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgres://u:hunter2@h:99999/db"))
        .hasMessage("DATABASE_URL: port must be a number from 1 to 65535");
    assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "hunter2"))
        .hasMessageNotContaining("hunter2");
  }

  private static DatabaseSettings settings(String... env) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i + 1 < env.length; i += 2) {
      values.put(env[i], env[i + 1]);
    }
    return DatabaseSettings.from(Environment.of(values));
  }

  @Test
  void localHostsKeepWorkingWithoutTls() {
    for (String url :
        List.of(
            "postgres://postgres@127.0.0.1:5432/db",
            "postgres://postgres@127.8.9.10/db",
            "postgres://postgres@localhost/db",
            "postgres://postgres@LOCALHOST:5433/db",
            "postgres://postgres@[::1]:5432/db",
            "postgres://postgres@localhost,127.0.0.1:5433/db",
            "postgres://postgres@%2Fvar%2Frun%2Fpostgresql/db",
            "postgres://postgres@localhost/db?host=/var/run/postgresql")) {
      DatabaseSettings s = settings("DATABASE_URL", url);
      assertThat(s.runtime().params()).as(url).doesNotContainKey("sslmode");
      assertThat(s.migrations().params()).as(url).doesNotContainKey("sslmode");
    }
    assertThat(settings().runtime().params()).doesNotContainKey("sslmode");
  }

  @Test
  void remoteHostsRequireTls() {
    for (String url :
        List.of(
            "postgres://u:hunter2@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb",
            "postgres://u@10.0.0.5/db",
            "postgres://u@128.0.0.1/db",
            "postgres://u@[2001:db8::1]:5432/db",
            "postgres://u@localhost.example.com/db",
            "postgres://u@127.0.0.1.nip.io/db",
            "postgres://u@localhost,db2.example.com:5433/db",
            "jdbc:postgresql://db.example.com:5432/app?user=u&password=hunter2")) {
      DatabaseSettings s =
          settings("DATABASE_URL", url, "DATABASE_URL_UNPOOLED", url.replace("/db", "/db2"));
      assertThat(s.runtime().params()).as(url).containsEntry("sslmode", "require");
      assertThat(s.runtime().jdbcUrl()).as(url).contains("sslmode=require");
      assertThat(s.migrations().params()).as(url).containsEntry("sslmode", "require");
    }
  }

  @Test
  void explicitSslModeIsKeptAsGiven() {
    assertThat(
            settings("DATABASE_URL", "postgres://u@db.example.com/db?sslmode=disable")
                .runtime()
                .params())
        .containsEntry("sslmode", "disable");
    assertThat(
            settings(
                    "DATABASE_URL",
                    "postgres://u@db.example.com/db?sslmode=verify-ca",
                    "CHITTYSYNC_DATABASE_SSLROOTCERT",
                    "/etc/ssl/neon.pem")
                .runtime()
                .params())
        .containsEntry("sslmode", "verify-ca")
        .containsEntry("sslrootcert", "/etc/ssl/neon.pem");
    assertThat(
            settings("DATABASE_URL", "postgres://u@127.0.0.1/db?sslmode=verify-full")
                .runtime()
                .params())
        .containsEntry("sslmode", "verify-full");
    // pgjdbc's own switch is a choice too.
    assertThat(
            settings("DATABASE_URL", "jdbc:postgresql://db.example.com/db?ssl=false")
                .runtime()
                .params())
        .containsEntry("ssl", "false")
        .doesNotContainKey("sslmode");
  }

  @Test
  void aRootCertificateMakesRemoteHostsVerifyFull() {
    DatabaseSettings fromUrl =
        settings("DATABASE_URL", "postgres://u@db.example.com/db?sslrootcert=/etc/ssl/db.pem");
    assertThat(fromUrl.runtime().params())
        .containsEntry("sslmode", "verify-full")
        .containsEntry("sslrootcert", "/etc/ssl/db.pem");

    DatabaseSettings fromSetting =
        settings(
            "DATABASE_URL",
            "postgres://u@db.example.com/db",
            "DATABASE_URL_UNPOOLED",
            "postgres://u@direct.example.com/db",
            "CHITTYSYNC_DATABASE_SSLROOTCERT",
            "/etc/ssl/neon.pem");
    for (DatabaseUrl url : List.of(fromSetting.runtime(), fromSetting.migrations())) {
      assertThat(url.params())
          .containsEntry("sslmode", "verify-full")
          .containsEntry("sslrootcert", "/etc/ssl/neon.pem");
    }
    // The URL's own certificate wins over the setting.
    assertThat(
            settings(
                    "DATABASE_URL",
                    "postgres://u@db.example.com/db?sslrootcert=/etc/ssl/db.pem",
                    "CHITTYSYNC_DATABASE_SSLROOTCERT",
                    "/etc/ssl/neon.pem")
                .runtime()
                .params())
        .containsEntry("sslrootcert", "/etc/ssl/db.pem");
    // A local server still needs no TLS.
    assertThat(
            settings(
                    "DATABASE_URL",
                    "postgres://u@127.0.0.1/db",
                    "CHITTYSYNC_DATABASE_SSLROOTCERT",
                    "/etc/ssl/neon.pem")
                .runtime()
                .params())
        .doesNotContainKey("sslmode");
  }
}
