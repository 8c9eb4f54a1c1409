package com.chittysync.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cycle against real PostgreSQL state, with in-memory endpoints that can crash. */
class SyncEngineTest {
  private TestDatabase db;
  private Database database;
  private SyncEngine engine;
  private AuditLog audit;
  private final MemoryEndpoint a = new MemoryEndpoint("a");
  private final MemoryEndpoint b = new MemoryEndpoint("b");

  @BeforeEach
  void open() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    audit = new AuditLog(database, Clock.systemUTC());
    engine =
        new SyncEngine(
            com.chittysync.sync.state.EngineState.jdbc(database, audit), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  static RegistryConfig registry(RegistryConfig.Conflict conflict, RegistryConfig.Deletes deletes) {
    List<String> all = List.of("id", "name", "email");
    return registry(conflict, deletes, Map.of("a", all, "b", all));
  }

  /** A registry whose endpoints map the canonical fields {@code fields} names for each. */
  static RegistryConfig registry(
      RegistryConfig.Conflict conflict,
      RegistryConfig.Deletes deletes,
      Map<String, List<String>> fields) {
    Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
    for (String name : List.of("a", "b")) {
      Map<String, String> mapping = new LinkedHashMap<>();
      fields.get(name).forEach(f -> mapping.put(f, f));
      endpoints.put(
          name,
          new EndpointConfig(
              name,
              "memory",
              mapping,
              JsonNodeFactory.instance.objectNode(),
              "registries.people.endpoints." + name));
    }
    return new RegistryConfig(
        "people",
        "s.json",
        "id",
        conflict,
        List.of("a", "b"),
        deletes,
        0.5,
        Optional.empty(),
        RegistryConfig.AuditDetail.HASHES,
        endpoints);
  }

  static CanonicalRecord person(String id, String name, String email) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    fields.put("id", JsonNodeFactory.instance.textNode(id));
    fields.put("name", JsonNodeFactory.instance.textNode(name));
    if (email != null) {
      fields.put("email", JsonNodeFactory.instance.textNode(email));
    }
    return new CanonicalRecord(id, fields);
  }

  /** The schema check of the tests' registry: an email, if any, must look like one. */
  static final Function<CanonicalRecord, List<RecordProblem.FieldError>> VALID =
      r ->
          r.get("email").asText("").contains("@") || r.get("email").isNull()
              ? List.of()
              : List.of(new RecordProblem.FieldError("/email", "must be an email address"));

  private SyncEngine.Result sync(RegistryConfig registry, boolean dryRun) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("a", a);
    endpoints.put("b", b);
    return engine.run(
        registry,
        endpoints,
        VALID,
        new SyncEngine.Options(dryRun, true, "test", "test-holder"),
        s -> {});
  }

  private SyncEngine.Result sync() {
    return sync(
        registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE), false);
  }

  private long count(String sql) {
    return database.withConnection(
        c -> {
          try (var st = c.createStatement();
              var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void firstSyncCopiesEverythingAndASecondPlansNothing() {
    for (int i = 0; i < 5; i++) {
      a.data.put("P" + i, person("P" + i, "n" + i, "p" + i + "@x.org"));
    }
    b.data.put("P9", person("P9", "only-b", null));
    SyncEngine.Result first = sync();
    assertThat(first.converged()).isTrue();
    assertThat(b.data).isEqualTo(a.data).hasSize(6);
    assertThat(first.applied().orElseThrow().applied()).isEqualTo(6);
    assertThat(audit.head().size()).isEqualTo(6);
    SyncEngine.Result second = sync();
    assertThat(second.plan().opCount()).isZero();
    assertThat(second.converged()).isTrue();
    assertThat(audit.head().size()).isEqualTo(6);
  }

  @Test
  void firstSyncMatchesExistingRecordsByKeyInsteadOfDuplicating() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann", "ann@x.org"));
    assertThat(sync().plan().opCount()).isZero();
    assertThat(b.data).hasSize(1);
  }

  @Test
  void editsOnBothSidesMergeFieldByField() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    sync();
    a.data.put("P1", person("P1", "Ann Lee", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann", "ann.lee@x.org"));
    sync();
    assertThat(a.data.get("P1")).isEqualTo(person("P1", "Ann Lee", "ann.lee@x.org"));
    assertThat(b.data.get("P1")).isEqualTo(a.data.get("P1"));
  }

  @Test
  void aFieldOneEndpointDoesNotMapIsNeitherErasedNorWrittenThere() {
    RegistryConfig registry =
        registry(
            RegistryConfig.Conflict.LAST_WRITE_WINS,
            RegistryConfig.Deletes.PROPAGATE,
            Map.of("a", List.of("id", "name", "email"), "b", List.of("id", "name")));
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    b.data.put("P2", person("P2", "Bo", null));
    assertThat(sync(registry, false).converged()).isTrue();
    assertThat(b.data.get("P1")).isEqualTo(person("P1", "Ann", null));
    assertThat(a.data.get("P2")).isEqualTo(person("P2", "Bo", null));
    // An edit where the email is not kept: the email elsewhere stays.
    b.data.put("P1", person("P1", "Ann Lee", null));
    sync(registry, false);
    assertThat(a.data.get("P1")).isEqualTo(person("P1", "Ann Lee", "ann@x.org"));
    SyncEngine.Result quiet = sync(registry, false);
    assertThat(quiet.plan().opCount()).as(quiet.plan().ops().toString()).isZero();
    assertThat(a.data.get("P1").get("email").asText()).isEqualTo("ann@x.org");
  }

  @Test
  void dryRunChangesNothingAnywhere() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    SyncEngine.Result plan =
        sync(
            registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE),
            true);
    assertThat(plan.plan().opCount()).isEqualTo(1);
    assertThat(b.data).isEmpty();
    assertThat(count("SELECT count(*) FROM chittysync.endpoint_snapshots")).isZero();
    assertThat(count("SELECT count(*) FROM chittysync.canonical_records")).isZero();
    assertThat(audit.head().size()).isZero();
  }

  @Test
  void crashMidApplyIsFinishedByTheNextRunWithoutDuplicates() {
    for (int i = 0; i < 5; i++) {
      a.data.put("P" + i, person("P" + i, "n" + i, "p" + i + "@x.org"));
    }
    b.crashAfterWrites = 3;
    assertThatThrownBy(this::sync).hasMessageContaining("simulated crash");
    assertThat(b.data).hasSize(3);
    assertThat(count("SELECT count(*) FROM chittysync.plans WHERE status = 'applying'"))
        .isEqualTo(1);
    SyncEngine.Result rerun = sync();
    assertThat(b.data).isEqualTo(a.data).hasSize(5);
    assertThat(rerun.converged()).isTrue();
    assertThat(count("SELECT count(*) FROM chittysync.plans WHERE status = 'applying'")).isZero();
    // One audit entry per op that took effect: none lost, none twice.
    assertThat(audit.head().size()).isEqualTo(5);
    assertThat(sync().plan().opCount()).isZero();
  }

  @Test
  void invalidRecordsAreQuarantinedAndTheRestSyncs() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "not-an-email"));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P1");
    assertThat(result.plan().invalid())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.key()).isEqualTo("P2");
              assertThat(i.errors())
                  .containsExactly(
                      new RecordProblem.FieldError("/email", "must be an email address"));
            });
    assertThat(result.converged()).isFalse();
    assertThat(count("SELECT count(*) FROM chittysync.validation_reports WHERE record_key = 'P2'"))
        .isEqualTo(1);
  }

  @Test
  void deletesPropagateOrAreHeldForApproval() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    a.data.put("P3", person("P3", "Cy", "cy@x.org"));
    sync();
    a.data.remove("P1");
    sync();
    assertThat(b.data).doesNotContainKey("P1");

    RegistryConfig hold =
        registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.HOLD);
    a.data.remove("P2");
    SyncEngine.Result held = sync(hold, false);
    assertThat(b.data).containsKey("P2");
    assertThat(held.plan().heldDeletes()).extracting(Resolution::key).containsExactly("P2");
    assertThat(count("SELECT count(*) FROM chittysync.held_deletes WHERE status = 'held'"))
        .isEqualTo(1);
    database.withConnection(
        c ->
            c.createStatement()
                .executeUpdate("UPDATE chittysync.held_deletes SET status = 'approved'"));
    sync(hold, false);
    assertThat(b.data).doesNotContainKey("P2");
    assertThat(count("SELECT count(*) FROM chittysync.held_deletes WHERE status = 'applied'"))
        .isEqualTo(1);
  }

  @Test
  void deleteGuardHoldsMassDeletes() {
    for (int i = 0; i < 4; i++) {
      a.data.put("P" + i, person("P" + i, "n", "p@x.org"));
    }
    sync();
    a.data.clear();
    SyncEngine.Result result = sync();
    assertThat(b.data).hasSize(4);
    assertThat(result.plan().heldDeletes()).hasSize(4);
  }

  @Test
  void manualConflictsWaitForADecision() {
    RegistryConfig manual =
        registry(RegistryConfig.Conflict.MANUAL, RegistryConfig.Deletes.PROPAGATE);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    sync(manual, false);
    a.data.put("P1", person("P1", "Ann A", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann B", "ann@x.org"));
    SyncEngine.Result held = sync(manual, false);
    assertThat(held.converged()).isFalse();
    assertThat(a.data.get("P1").get("name").asText()).isEqualTo("Ann A");
    assertThat(b.data.get("P1").get("name").asText()).isEqualTo("Ann B");
    assertThat(
            count(
                "SELECT count(*) FROM chittysync.conflicts WHERE status = 'open' AND field = 'name'"))
        .isEqualTo(1);
    database.withConnection(
        c ->
            c.createStatement()
                .executeUpdate(
                    "UPDATE chittysync.conflicts SET status = 'resolved', resolution = '{\"value\": \"Ann Decided\"}'"));
    sync(manual, false);
    assertThat(a.data.get("P1").get("name").asText()).isEqualTo("Ann Decided");
    assertThat(b.data.get("P1")).isEqualTo(a.data.get("P1"));
    assertThat(sync(manual, false).plan().opCount()).isZero();
  }

  @Test
  void aSecondConcurrentRunIsRefusedNamingTheHolder() {
    try (Lease held = Lease.acquire(database, "people", "other-host/pid 42")) {
      assertThatThrownBy(this::sync)
          .isInstanceOf(LeaseHeldException.class)
          .hasMessageStartingWith(
              "registry 'people' is being synced by other-host/pid 42 (lease expires ");
    }
    sync();
  }
}
