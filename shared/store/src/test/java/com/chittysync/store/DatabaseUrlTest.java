package com.chittysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.config.ConfigException;
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
}
