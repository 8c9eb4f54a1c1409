package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.PATH;
import static com.chittysync.postgres.PostgresFixtures.endpoint;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresEndpointTypeTest {
  private final PostgresEndpointType type = new PostgresEndpointType();

  private List<String> validate(Map<String, String> fields, String settings) {
    EndpointConfig config = endpoint(fields, settings);
    return type.validate(config, registry("person_id", config));
  }

  private static final Map<String, String> FIELDS =
      fields("person_id", "id", "full_name", "name", "email", "email");

  @Test
  void typeIsPostgres() {
    assertThat(type.type()).isEqualTo("postgres");
  }

  @Test
  void acceptsAValidConfig() {
    assertThat(validate(FIELDS, "{\"type\":\"postgres\",\"table\":\"public.people\"}")).isEmpty();
    assertThat(validate(FIELDS, "{\"table\":\"people\",\"batch_size\":100}")).isEmpty();
    assertThat(
            validate(
                FIELDS,
                "{\"table\":\"crm.people\",\"url\":\"postgres://u:p@db.example.com/crm\","
                    + "\"fields\":{},\"modified_column\":\"updated_at\"}"))
        .isEmpty();
    assertThat(validate(FIELDS, "{\"table\":\"t\",\"url\":\"jdbc:postgresql://h:5432/d\"}"))
        .isEmpty();
    assertThat(validate(FIELDS, "{\"table\":\"t\",\"url\":\"postgresql://h/d\"}")).isEmpty();
    assertThat(validate(FIELDS, "{\"table\":\"t\",\"url\":\"secretsmanager:crm-db#url\"}"))
        .isEmpty();
    assertThat(
            validate(
                fields("person_id", "\"Person Id\"", "full_name", "\"Select\""),
                "{\"table\":\"\\\"My Schema\\\".\\\"People.2024\\\"\"}"))
        .isEmpty();
    // Odd but valid unquoted names.
    assertThat(
            validate(
                fields("person_id", "order", "x", "select", "y", "a$b"), "{\"table\":\"_t$\"}"))
        .isEmpty();
  }

  @Test
  void catalogAndOwnStateTablesAreRefused() {
    for (String table :
        List.of(
            "pg_catalog.pg_authid",
            "PG_TOAST.x",
            "information_schema.tables",
            "chittysync.canonical_records",
            "\\\"chittysync\\\".audit_entries")) {
      assertThat(validate(FIELDS, "{\"type\":\"postgres\",\"table\":\"" + table + "\"}"))
          .as(table)
          .singleElement()
          .asString()
          .contains("holds the database's own catalog or ChittySync's state");
    }
  }

  @Test
  void tableIsRequiredAndChecked() {
    assertThat(validate(FIELDS, "{}"))
        .containsExactly(PATH + ".table: required: the table to sync, as [schema.]table");
    assertThat(validate(FIELDS, "{\"table\":42}"))
        .containsExactly(PATH + ".table: must be a string, [schema.]table");
    assertThat(validate(FIELDS, "{\"table\":\"public.people; drop table x\"}"))
        .singleElement()
        .asString()
        .startsWith(PATH + ".table: 'people; drop table x' is not a valid identifier");
    assertThat(validate(FIELDS, "{\"table\":\"a.b.c\"}"))
        .singleElement()
        .asString()
        .startsWith(PATH + ".table: 'a.b.c' has too many parts");
    assertThat(validate(FIELDS, "{\"table\":\"public.\"}"))
        .containsExactly(PATH + ".table: 'public.' has an empty name part");
    assertThat(validate(FIELDS, "{\"table\":\"1people\"}"))
        .singleElement()
        .asString()
        .startsWith(PATH + ".table: '1people' is not a valid identifier");
    assertThat(validate(FIELDS, "{\"table\":\"" + "a".repeat(64) + "\"}"))
        .singleElement()
        .asString()
        .contains("is not a valid identifier");
  }

  @Test
  void quotedIdentifiersAreValidatedStrictly() {
    assertThat(validate(FIELDS, "{\"table\":\"\\\"unterminated\"}"))
        .containsExactly(PATH + ".table: '\"unterminated' has no closing double quote");
    assertThat(validate(FIELDS, "{\"table\":\"\\\"a\\\"b\\\"\"}"))
        .containsExactly(
            PATH + ".table: '\"a\"b\"': a double quote inside a quoted identifier must be doubled");
    assertThat(validate(FIELDS, "{\"table\":\"\\\"\\\"\"}"))
        .containsExactly(PATH + ".table: '\"\"' is an empty quoted identifier");
    assertThat(validate(FIELDS, "{\"table\":\"\\\"" + "é".repeat(32) + "\\\"\"}"))
        .singleElement()
        .asString()
        .contains("is longer than 63 bytes");
    assertThat(validate(FIELDS, "{\"table\":\"\\\"a\\\"\\\"b\\\"\"}")).isEmpty();
  }

  @Test
  void everyColumnMustBeAValidIdentifier() {
    assertThat(
            validate(
                fields("person_id", "id", "email", "e-mail", "name", "full name", "x", ""),
                "{\"table\":\"people\"}"))
        .containsExactly(
            PATH
                + ".fields.email: 'e-mail' is not a valid identifier: use letters, digits, _ and $,"
                + " starting with a letter or _, at most 63 characters; double-quote any other"
                + " name, for example '\"Mixed Case\"'",
            PATH
                + ".fields.name: 'full name' is not a valid identifier: use letters, digits, _ and"
                + " $, starting with a letter or _, at most 63 characters; double-quote any other"
                + " name, for example '\"Mixed Case\"'",
            PATH + ".fields.x: is empty");
  }

  @Test
  void keyFieldMustBeMappedAndColumnsDistinct() {
    assertThat(validate(fields("name", "name"), "{\"table\":\"people\"}"))
        .containsExactly(
            PATH
                + ".fields: the registry's key field 'person_id' must be mapped to a column"
                + " (a PRIMARY KEY or UNIQUE column)");
    assertThat(validate(fields("person_id", "id", "name", "ID"), "{\"table\":\"people\"}"))
        .containsExactly(PATH + ".fields.name: column id is already mapped to field 'person_id'");
    assertThat(validate(Map.of(), "{\"table\":\"people\"}"))
        .containsExactly(PATH + ".fields: required: map each canonical field to its column");
  }

  @Test
  void urlMustBeAPostgresUrlOrSecretReference() {
    assertThat(validate(FIELDS, "{\"table\":\"t\",\"url\":\"mysql://u:hunter2@h/d\"}"))
        .containsExactly(
            PATH
                + ".url: must start with postgres://, postgresql://, jdbc:postgresql:// or"
                + " secretsmanager:");
    assertThat(validate(FIELDS, "{\"table\":\"t\",\"url\":\"postgres://u:hunter2@h\"}"))
        .containsExactly(PATH + ".url: the URL names no database (add /<database>)");
    assertThat(validate(FIELDS, "{\"table\":\"t\",\"url\":\"secretsmanager:\"}"))
        .containsExactly(PATH + ".url: malformed secret reference: secret id must not be empty");
    assertThat(validate(FIELDS, "{\"table\":\"t\",\"url\":5}"))
        .containsExactly(PATH + ".url: must be a string");
    assertThat(String.join(" ", validate(FIELDS, "{\"table\":\"t\",\"url\":\"x://hunter2\"}")))
        .doesNotContain("hunter2");
  }

  @Test
  void unknownSettingsAndBadBatchSizeAreProblems() {
    assertThat(
            validate(
                FIELDS,
                "{\"table\":\"people\",\"tabel\":\"x\",\"batch_size\":0,\"modified_column\":\"a b\"}"))
        .containsExactlyInAnyOrder(
            PATH
                + ".tabel: unknown setting for a postgres endpoint; expected table, url, fields,"
                + " batch_size or modified_column",
            PATH + ".batch_size: must be a whole number from 1 to 100000",
            PATH
                + ".modified_column: 'a b' is not a valid identifier: use letters, digits, _ and $,"
                + " starting with a letter or _, at most 63 characters; double-quote any other"
                + " name, for example '\"Mixed Case\"'");
    assertThat(validate(FIELDS, "{\"table\":\"people\",\"batch_size\":\"250\"}")).isEmpty();
    assertThat(validate(FIELDS, "{\"table\":\"people\",\"batch_size\":2.5}"))
        .containsExactly(PATH + ".batch_size: must be a whole number from 1 to 100000");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThat(
            validate(
                fields("person_id", "id", "email", "e mail"),
                "{\"url\":\"ftp://x\",\"colour\":\"red\"}"))
        .hasSize(4);
  }

  @Test
  void openRefusesAnInvalidConfig() {
    EndpointConfig config = endpoint(FIELDS, "{}");
    assertThatThrownBy(
            () ->
                type.open(
                    config,
                    registry("person_id", config),
                    new EndpointContext(Environment.of(Map.of()), null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".table: required");
  }

  @Test
  void openRefusesASecretReferenceWithoutAResolver() {
    EndpointConfig config =
        endpoint(FIELDS, "{\"table\":\"people\",\"url\":\"secretsmanager:crm#url\"}");
    assertThatThrownBy(
            () ->
                type.open(
                    config,
                    registry("person_id", config),
                    new EndpointContext(Environment.of(Map.of()), null)))
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_UNRESOLVED))
        .hasMessage(
            PATH
                + ".url: cannot resolve secretsmanager:crm#url: no secret store is configured"
                + " here");
  }

  @Test
  void openMakesNoConnectionAndCapabilitiesHaveDefaults() {
    EndpointConfig config =
        endpoint(FIELDS, "{\"table\":\"people\",\"url\":\"postgres://nobody@127.0.0.1:1/none\"}");
    try (PostgresEndpoint endpoint =
        type.open(
            config,
            registry("person_id", config),
            new EndpointContext(Environment.of(Map.of()), null))) {
      assertThat(endpoint.name()).isEqualTo("main");
      assertThat(endpoint.table()).isEqualTo("public.people");
      assertThat(endpoint.capabilities().incremental()).isFalse();
      assertThat(endpoint.capabilities().maxBatch()).isEqualTo(5000);
      assertThat(endpoint.capabilities().readOnlyFields()).isEmpty();
    }
  }

  @Test
  void namesFoldUnquotedAndKeepQuoted() {
    assertThat(PgNames.parse("People")).isEqualTo("people");
    assertThat(PgNames.parse("\"People\"")).isEqualTo("People");
    assertThat(PgNames.parse("\"a\"\"b\"")).isEqualTo("a\"b");
    assertThat(PgNames.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(PgNames.parseQualified("\"my.schema\".t")).containsExactly("my.schema", "t");
    assertThat(PgNames.display("order_lines")).isEqualTo("order_lines");
    assertThat(PgNames.display("Order Lines")).isEqualTo("\"Order Lines\"");
  }
}
