package com.chittysync.postgres;

import static com.chittysync.postgres.PostgresFixtures.count;
import static com.chittysync.postgres.PostgresFixtures.endpoint;
import static com.chittysync.postgres.PostgresFixtures.exec;
import static com.chittysync.postgres.PostgresFixtures.fields;
import static com.chittysync.postgres.PostgresFixtures.record;
import static com.chittysync.postgres.PostgresFixtures.registry;
import static com.chittysync.postgres.PostgresFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import com.chittysync.store.Database;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An endpoint in another database than the state database, through its {@code url}. */
class PostgresEndpointUrlTest {
  private static TestDatabase stateDb;
  private static TestDatabase otherDb;
  private static Database state;

  private static final Map<String, String> FIELDS = fields("id", "id", "name", "name");

  @BeforeAll
  static void setUp() {
    stateDb = TestPostgres.createDatabase();
    otherDb = TestPostgres.createDatabase();
    state = PostgresFixtures.database(stateDb.env());
    try (Database other = PostgresFixtures.database(otherDb.env())) {
      exec(other, "CREATE TABLE crm_people (id text PRIMARY KEY, name text)");
    }
  }

  @AfterAll
  static void tearDown() {
    state.close();
    stateDb.close();
    otherDb.close();
  }

  private static PostgresEndpoint open(PostgresEndpointType type, String url) {
    EndpointConfig config = endpoint(FIELDS, "{\"table\":\"crm_people\",\"url\":\"" + url + "\"}");
    return type.open(
        config, registry("id", config), new EndpointContext(Environment.of(Map.of()), state));
  }

  @Test
  void usesItsOwnDatabaseAndLeavesTheStateDatabaseOpen() {
    for (String url : List.of(otherDb.url(), otherDb.jdbcUrl())) {
      try (PostgresEndpoint endpoint = open(new PostgresEndpointType(), url)) {
        endpoint.check();
        String key = url.startsWith("jdbc") ? "j" : "p";
        assertThat(
                endpoint.apply(
                    List.of(
                        new Op.Create(
                            1, key, record(key, "id", key, "name", url.substring(0, 4))))))
            .containsExactly(OpResult.applied(1, key));
        assertThat(endpoint.fetch(FetchRequest.fullScan()).records())
            .extracting(RemoteRecord::key)
            .contains(key);
      }
    }
    // The table is in the other database only, and the state database is still usable.
    assertThat(count(state, "SELECT count(*) FROM pg_class WHERE relname = 'crm_people'")).isZero();
    try (Database other = PostgresFixtures.database(otherDb.env())) {
      assertThat(rows(other, "SELECT id FROM crm_people ORDER BY id"))
          .containsExactly(List.of("j"), List.of("p"));
    }
  }

  @Test
  void resolvesASecretReference() {
    SecretResolver secrets =
        reference -> {
          if (reference.secretId().equals("crm") && "url".equals(reference.field())) {
            return otherDb.url();
          }
          throw new ChittySyncException(ErrorCode.SECRET_UNRESOLVED, "no secret " + reference);
        };
    try (PostgresEndpoint endpoint =
        open(new PostgresEndpointType(secrets), "secretsmanager:crm#url")) {
      endpoint.check();
    }
    assertThatThrownBy(() -> open(new PostgresEndpointType(secrets), "secretsmanager:nope"))
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_UNRESOLVED))
        .hasMessage(PostgresFixtures.PATH + ".url: no secret secretsmanager:nope");
    SecretResolver wrong = reference -> "mysql://user:hunter2@h/db";
    assertThatThrownBy(() -> open(new PostgresEndpointType(wrong), "secretsmanager:crm"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(PostgresFixtures.PATH + ".url: unsupported URL scheme")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void defaultsToTheStateDatabase() {
    exec(state, "CREATE TABLE local_people (id text PRIMARY KEY, name text)");
    EndpointConfig config = endpoint(FIELDS, "{\"table\":\"local_people\"}");
    try (PostgresEndpoint endpoint =
        new PostgresEndpointType()
            .open(
                config,
                registry("id", config),
                new EndpointContext(Environment.of(Map.of()), state))) {
      assertThat(endpoint.apply(List.of(new Op.Create(1, "s", record("s", "id", "s")))))
          .containsExactly(OpResult.applied(1, "s"));
    }
    // Closing the endpoint did not close the state database.
    assertThat(count(state, "SELECT count(*) FROM local_people")).isEqualTo(1);
  }
}
