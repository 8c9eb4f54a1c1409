package com.chittysync.sync.engine;

import static com.chittysync.sync.engine.SyncEngineTest.person;
import static com.chittysync.sync.engine.SyncEngineTest.registry;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cycle as deployments run it: on a schedule, with endpoint {@code b} read incrementally as
 * Notion is. Each test is a finding of the convergence review and failed before its fix.
 */
class ScheduledSyncTest {
  private TestDatabase db;
  private Database database;
  private SyncEngine engine;
  private final MemoryEndpoint a = new MemoryEndpoint("a");
  private final MemoryEndpoint b = new MemoryEndpoint("b");

  @BeforeEach
  void open() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    engine =
        new SyncEngine(
            com.chittysync.sync.state.EngineState.jdbc(
                database, new AuditLog(database, Clock.systemUTC())),
            Clock.systemUTC());
    b.incremental = true;
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  /**
   * The first runs of a registry: a full read, then an incremental one that returns the first run's
   * own writes, after which b's reads return only what people change.
   */
  private void settle(RegistryConfig registry) {
    assertThat(scheduled(registry).converged()).isTrue();
    assertThat(scheduled(registry).plan().opCount()).isZero();
  }

  /** A scheduled run: incremental wherever the endpoint can, full only where it must. */
  private SyncEngine.Result scheduled(RegistryConfig registry) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("a", a);
    endpoints.put("b", b);
    return engine.run(
        registry,
        endpoints,
        SyncEngineTest.VALID,
        new SyncEngine.Options(false, false, "schedule", "test-holder"),
        s -> {});
  }

  private static RegistryConfig registry(RegistryConfig.Conflict conflict) {
    return SyncEngineTest.registry(conflict, RegistryConfig.Deletes.PROPAGATE);
  }

  @Test
  void anEditReachesAnIncrementalEndpointWhoseReadDidNotReturnTheRecord() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.LAST_WRITE_WINS);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    settle(registry);

    a.data.put("P1", person("P1", "Ann Lee", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    SyncEngine.Result result = scheduled(registry);

    assertThat(b.lastReturned).as("the read was incremental").doesNotContain("P1");
    assertThat(b.data.get("P1").get("name").asText()).isEqualTo("Ann Lee");
    assertThat(b.data).containsKey("P2");
    assertThat(result.converged()).isTrue();
    assertThat(scheduled(registry).plan().opCount()).as("a quiet sync writes nothing").isZero();
  }

  @Test
  void aDeletionAnIncrementalReadReportsReachesTheOthersInOneSync() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.LAST_WRITE_WINS);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    settle(registry);

    b.data.remove("P1");
    SyncEngine.Result result = scheduled(registry);

    assertThat(a.data).doesNotContainKey("P1").containsKey("P2");
    assertThat(result.converged()).isTrue();
  }

  @Test
  void aHeldDeleteKeepsEveryIncrementalRunFromClaimingConvergence() {
    RegistryConfig registry =
        SyncEngineTest.registry(
            RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.HOLD);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    settle(registry);

    b.data.remove("P1");
    for (int run = 0; run < 3; run++) {
      SyncEngine.Result result = scheduled(registry);
      assertThat(result.converged()).as("run %d", run).isFalse();
      assertThat(result.plan().heldDeletes()).extracting(Resolution::key).containsExactly("P1");
    }
    assertThat(a.data).containsKey("P1");
  }

  @Test
  void aQuarantinedRecordKeepsEveryIncrementalRunFromClaimingConvergence() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.LAST_WRITE_WINS);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    settle(registry);

    b.data.put("P1", person("P1", "Ann", "not an address"));
    for (int run = 0; run < 3; run++) {
      SyncEngine.Result result = scheduled(registry);
      assertThat(result.converged()).as("run %d", run).isFalse();
      assertThat(result.plan().invalid())
          .extracting(Plan.Invalid::endpoint, Plan.Invalid::key)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "P1"));
    }
    assertThat(a.data.get("P1").get("email").asText()).isEqualTo("ann@x.org");

    b.data.put("P1", person("P1", "Ann", "ann@y.org"));
    assertThat(scheduled(registry).converged()).isTrue();
    assertThat(a.data.get("P1").get("email").asText()).isEqualTo("ann@y.org");
  }

  @Test
  void aHeldConflictKeepsEveryIncrementalRunFromClaimingConvergence() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.MANUAL);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    settle(registry);

    a.data.put("P1", person("P1", "Ann A", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann B", "ann@x.org"));
    for (int run = 0; run < 3; run++) {
      SyncEngine.Result result = scheduled(registry);
      assertThat(result.converged()).as("run %d", run).isFalse();
      assertThat(result.plan().conflicts()).anyMatch(c -> c.key().equals("P1") && c.held());
    }
    assertThat(b.data.get("P1").get("name").asText()).isEqualTo("Ann B");
    assertThat(a.data.get("P1").get("name").asText()).isEqualTo("Ann A");
  }

  @Test
  void aHeldDeleteClosesWhenTheRecordGoesEverywhere() {
    RegistryConfig registry =
        SyncEngineTest.registry(
            RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.HOLD);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    settle(registry);
    b.data.remove("P1");
    assertThat(scheduled(registry).plan().heldDeletes()).hasSize(1);

    a.data.remove("P1");
    SyncEngine.Result result = scheduled(registry);

    assertThat(result.converged()).as("%s", result.reasons()).isTrue();
    assertThat(openRows("held_deletes", "status = 'held'")).as("nothing left to approve").isZero();
    assertThat(scheduled(registry).converged()).isTrue();
  }

  @Test
  void aRejectedDeleteDoesNotDecideTheNextDeleteOfTheSameRecord() {
    RegistryConfig registry =
        SyncEngineTest.registry(
            RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.HOLD);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    settle(registry);
    b.data.remove("P1");
    assertThat(scheduled(registry).plan().heldDeletes()).hasSize(1);
    database.inTransaction(
        c ->
            c.createStatement()
                .executeUpdate("UPDATE chittysync.held_deletes SET status = 'rejected'"));
    assertThat(scheduled(registry).converged()).isTrue();
    assertThat(b.data).as("the rejected delete is undone").containsKey("P1");

    a.data.remove("P1");
    SyncEngine.Result again = scheduled(registry);

    assertThat(again.plan().heldDeletes()).as("a new delete waits for a new decision").hasSize(1);
    assertThat(a.data).doesNotContainKey("P1");
  }

  @Test
  void aDeleteTheGuardHeldWaitsForItsDecisionWhenTheGuardNoLongerTrips() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.LAST_WRITE_WINS);
    for (String k : List.of("P1", "P2", "P3", "P4")) {
      a.data.put(k, person(k, "N" + k, k + "@x.org"));
    }
    settle(registry);
    // Three of four missing from a's full read: more than the guard's half.
    a.data.remove("P1");
    a.data.remove("P2");
    a.data.remove("P3");
    assertThat(scheduled(registry).plan().heldDeletes()).hasSize(3);

    // Two come back: one of four missing no longer trips the guard.
    a.data.put("P2", b.data.get("P2"));
    a.data.put("P3", b.data.get("P3"));
    SyncEngine.Result result = scheduled(registry);

    assertThat(result.plan().heldDeletes()).extracting(Resolution::key).containsExactly("P1");
    assertThat(b.data).as("nobody approved the delete").containsKey("P1");
    assertThat(openRows("held_deletes", "status = 'held'")).isEqualTo(1);
  }

  @Test
  void aKeyMisspeltAtAnEndpointIsHeldNotDeletedEverywhere() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.LAST_WRITE_WINS);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    a.data.put("P3", person("P3", "Cy", "cy@x.org"));
    settle(registry);

    // Someone types a trailing space into the key cell at a.
    a.data.remove("P1");
    a.data.put("P1 ", person("P1 ", "Ann", "ann@x.org"));
    SyncEngine.Result result = scheduled(registry);

    assertThat(b.data).as("nobody deleted P1").containsKey("P1").doesNotContainKey("P1 ");
    assertThat(result.converged()).isFalse();
    assertThat(result.plan().invalid())
        .extracting(Plan.Invalid::key)
        .containsExactlyInAnyOrder("P1 ", "P1");

    // Put right, it syncs as before.
    a.data.remove("P1 ");
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    assertThat(scheduled(registry).converged()).isTrue();
    assertThat(b.data).containsKey("P1");
  }

  @Test
  void aHeldConflictClosesWhenTheEndpointsComeToAgree() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.MANUAL);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    settle(registry);
    a.data.put("P1", person("P1", "Ann A", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann B", "ann@x.org"));
    assertThat(scheduled(registry).converged()).isFalse();
    assertThat(openRows("conflicts", "status = 'open'")).isEqualTo(1);

    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann", "ann@x.org"));
    SyncEngine.Result result = scheduled(registry);

    assertThat(result.converged()).isTrue();
    assertThat(openRows("conflicts", "status = 'open'")).as("nothing left to decide").isZero();
  }

  @Test
  void aDecisionReachesEveryEndpointWhenTheIncrementalReadDoesNotReturnTheRecord() {
    RegistryConfig registry = registry(RegistryConfig.Conflict.MANUAL);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    settle(registry);
    a.data.put("P1", person("P1", "Ann A", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann B", "ann@x.org"));
    assertThat(scheduled(registry).converged()).isFalse();

    database.inTransaction(
        c ->
            c.createStatement()
                .executeUpdate(
                    "UPDATE chittysync.conflicts SET status = 'resolved',"
                        + " resolution = '{\"value\": \"Ann C\", \"by\": \"test\"}'"));
    SyncEngine.Result result = scheduled(registry);

    assertThat(a.data.get("P1").get("name").asText()).isEqualTo("Ann C");
    assertThat(b.data.get("P1").get("name").asText()).isEqualTo("Ann C");
    assertThat(result.converged()).as("%s", result.reasons()).isTrue();
  }

  private long openRows(String table, String where) {
    return database.inTransaction(
        c -> {
          try (var rs =
              c.createStatement()
                  .executeQuery("SELECT count(*) FROM chittysync." + table + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * a holds values as Notion does (a checkbox has no null) and wins conflicts by priority, so a
   * phantom "edit" there would beat a real one at b. b is read in full here, as a PostgreSQL table
   * is: an incremental b would hide the phantom from the plan.
   */
  private RegistryConfig lossyPair() {
    List<String> fields = List.of("id", "name", "email", "flag");
    a.lossy = true;
    b.incremental = false;
    b.data.put("P1", person("P1", "Ann", "ann@x.org"));
    return SyncEngineTest.registry(
        RegistryConfig.Conflict.SOURCE_PRIORITY,
        RegistryConfig.Deletes.PROPAGATE,
        Map.of("a", fields, "b", fields));
  }

  @Test
  void aLossyWriteIsNoEditNobodyMade() {
    RegistryConfig registry = lossyPair();
    assertThat(scheduled(registry).converged()).isTrue();
    assertThat(a.data.get("P1").get("flag")).isEqualTo(BooleanNode.FALSE);

    SyncEngine.Result quiet = scheduled(registry);

    assertThat(quiet.plan().opCount()).as("nobody edited anything").isZero();
    assertThat(b.data.get("P1").get("flag").isNull()).as("b keeps its NULL").isTrue();
  }

  @Test
  void aRealEditMadeAfterALossyWriteIsNotLost() {
    RegistryConfig registry = lossyPair();
    scheduled(registry);

    b.data.put("P1", b.data.get("P1").with(Map.of("flag", BooleanNode.TRUE)));
    SyncEngine.Result result = scheduled(registry);

    assertThat(result.converged()).isTrue();
    assertThat(a.data.get("P1").get("flag")).isEqualTo(BooleanNode.TRUE);
    assertThat(b.data.get("P1").get("flag")).isEqualTo(BooleanNode.TRUE);
  }
}
