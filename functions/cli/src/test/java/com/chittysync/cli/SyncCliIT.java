package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.testkit.EmfCheck;
import com.chittysync.testkit.LogLineCheck;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two PostgreSQL tables with different column names kept in sync both ways through the CLI. */
class SyncCliIT {
  @TempDir Path dir;
  private TestDatabase db;

  @BeforeEach
  void tablesAndConfig() throws Exception {
    db = TestPostgres.createDatabase();
    sql(
        "CREATE TABLE public.people (id text PRIMARY KEY, name text, email text, is_active boolean);"
            + "CREATE SCHEMA crm;"
            + "CREATE TABLE crm.contacts (contact_id text PRIMARY KEY, display_name text, email_address text, active boolean, notes text);"
            + "INSERT INTO public.people VALUES ('P1','Ann','ann@x.org',true),('P2','Bob','bob@x.org',false),('P3','Cy',null,true);"
            + "INSERT INTO crm.contacts VALUES ('P4','Dee','dee@x.org',true,'keep me');");
    Files.writeString(
        dir.resolve("person.schema.json"),
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"required\":[\"person_id\",\"full_name\"],"
            + "\"properties\":{\"person_id\":{\"type\":\"string\",\"minLength\":1},\"full_name\":{\"type\":\"string\"},"
            + "\"email\":{\"type\":\"string\",\"pattern\":\"^[^@]+@[^@]+$\"},\"active\":{\"type\":\"boolean\"}}}");
    writeConfig("last-write-wins");
    assertThat(run("migrate").exit()).isZero();
  }

  private void writeConfig(String conflict) throws Exception {
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        String.join(
            "\n",
            "registries:",
            "  people:",
            "    schema: person.schema.json",
            "    key: person_id",
            "    conflict: " + conflict,
            "    deletes: propagate",
            "    delete_guard: 0.6",
            "    endpoints:",
            "      main:",
            "        type: postgres",
            "        table: public.people",
            "        fields: {person_id: id, full_name: name, email: email, active: is_active}",
            "      replica:",
            "        type: postgres",
            "        table: crm.contacts",
            "        fields: {person_id: contact_id, full_name: display_name, email: email_address, active: active}",
            ""));
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private CliRunner.Result run(String... args) throws Exception {
    return CliRunner.run(dir, db.env(), args);
  }

  private void sql(String statements) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement()) {
      st.execute(statements);
    }
  }

  private TreeMap<String, String> rows(String query) throws Exception {
    TreeMap<String, String> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
      }
    }
    return rows;
  }

  private TreeMap<String, String> people() throws Exception {
    return rows("SELECT id, name, email, is_active FROM public.people");
  }

  private TreeMap<String, String> contacts() throws Exception {
    return rows("SELECT contact_id, display_name, email_address, active FROM crm.contacts");
  }

  @Test
  void logJsonWritesTheFunctionsLinesAndRunMetricsOnStderrAndLeavesTheReportOnStdout()
      throws Exception {
    CliRunner.Result sync = run("--log-json", "sync", "--registry", "people", "--json");
    assertThat(sync.exit()).as(sync.err()).isZero();
    // stdout is still the report a script parses.
    assertThat(Json.mapper().readTree(sync.out()).get("applied").asInt()).isEqualTo(4);
    List<String> lines = sync.err().lines().filter(l -> !l.isBlank()).toList();
    // Every line JSON: log lines (a quiet sync has none at INFO) and the run's EMF documents.
    assertThat(LogLineCheck.violations(lines)).isEmpty();
    assertThat(EmfCheck.documents(lines)).isNotEmpty();
    Map<String, String> people = Map.of("registry", "people");
    assertThat(EmfCheck.sum(lines, "RunsConverged", people)).isEqualTo(1);
    assertThat(EmfCheck.sum(lines, "RunsFailed", people)).isZero();
    assertThat(
            EmfCheck.sum(lines, "OpsApplied", Map.of("registry", "people", "endpoint", "replica")))
        .isEqualTo(3);
    assertThat(EmfCheck.sum(lines, "OpsApplied", Map.of("registry", "people", "endpoint", "main")))
        .isEqualTo(1);
    assertThat(sync.err()).as("keys only").doesNotContain("ann@x.org").doesNotContain("keep me");
  }

  @Test
  void dryRunChangesNothingThenSyncConvergesAndIsIdempotent() throws Exception {
    CliRunner.Result plan = run("plan", "--json");
    assertThat(plan.exit()).as(plan.err()).isZero();
    JsonNode planned = Json.mapper().readTree(plan.out());
    assertThat(planned.get("dry_run").asBoolean()).isTrue();
    assertThat(planned.at("/plan/replica/create").asInt()).isEqualTo(3);
    assertThat(planned.at("/plan/main/create").asInt()).isEqualTo(1);
    assertThat(contacts()).hasSize(1);

    CliRunner.Result sync = run("sync", "--registry", "people", "--json");
    assertThat(sync.exit()).as(sync.err()).isZero();
    assertThat(Json.mapper().readTree(sync.out()).get("applied").asInt()).isEqualTo(4);
    assertThat(people()).isEqualTo(contacts()).hasSize(4);
    assertThat(
            rows("SELECT contact_id, notes, notes, notes FROM crm.contacts WHERE contact_id = 'P4'")
                .get("P4"))
        .startsWith("keep me");

    JsonNode again = Json.mapper().readTree(run("sync", "--json").out());
    assertThat(again.get("applied").asInt()).isZero();
    assertThat(again.at("/plan/main/ops")).isEmpty();
    assertThat(run("drift").exit()).isZero();
  }

  @Test
  void editsDeletesAndInvalidRecordsBothWays() throws Exception {
    run("sync");
    sql(
        "UPDATE public.people SET name = 'Ann Lee' WHERE id = 'P1';"
            + "UPDATE crm.contacts SET email_address = 'bob@new.org' WHERE contact_id = 'P2';"
            + "DELETE FROM crm.contacts WHERE contact_id = 'P3';"
            + "INSERT INTO public.people VALUES ('P5', 'Eve', 'not-an-email', true);");
    CliRunner.Result drift = run("drift");
    assertThat(drift.exit()).isEqualTo(4);
    assertThat(drift.out()).contains("P1.full_name").contains("P3: missing at replica");

    CliRunner.Result sync = run("sync", "--json");
    assertThat(sync.exit()).as("quarantined record: exit 2").isEqualTo(2);
    JsonNode report = Json.mapper().readTree(sync.out());
    assertThat(report.at("/invalid/0/key").asText()).isEqualTo("P5");
    assertThat(report.at("/invalid/0/errors/0/path").asText()).isEqualTo("/email");
    assertThat(people().get("P1")).startsWith("Ann Lee|");
    assertThat(contacts().get("P1")).startsWith("Ann Lee|");
    assertThat(people().get("P2")).contains("bob@new.org");
    assertThat(people()).doesNotContainKey("P3");
    assertThat(contacts()).doesNotContainKey("P5");

    sql("UPDATE public.people SET email = 'eve@x.org' WHERE id = 'P5'");
    assertThat(run("sync").exit()).isZero();
    assertThat(contacts()).containsKey("P5");
    assertThat(people()).isEqualTo(contacts());
  }

  /**
   * Ends the state database's backend whenever the apply journals an op's outcome ({@code
   * pg_terminate_backend}, as an operator or a failover would; the server says 57P01), on the first
   * {@code times} occasions.
   */
  private void terminateBackendMidApply(long times) throws Exception {
    sql(
        "CREATE SEQUENCE chittysync.terminations;"
            + "CREATE FUNCTION chittysync.terminate() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN"
            + " IF nextval('chittysync.terminations') <= "
            + times
            + " THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NULL; END$$;"
            + "CREATE TRIGGER terminate AFTER INSERT ON chittysync.plan_batches"
            + " FOR EACH STATEMENT EXECUTE FUNCTION chittysync.terminate()");
  }

  @Test
  void terminatedBackendMidApplyIsDatabaseUnavailable() throws Exception {
    terminateBackendMidApply(Long.MAX_VALUE);
    CliRunner.Result sync = run("sync");
    assertThat(sync.exit()).as(sync.err()).isEqualTo(1);
    assertThat(sync.err())
        .contains("chittysync: database.unavailable: lost the connection to the state database")
        .doesNotContain("internal error");
  }

  @Test
  void backendTerminatedOnceMidApplyIsRetriedAndTheSyncConverges() throws Exception {
    terminateBackendMidApply(1);
    CliRunner.Result sync = run("sync");
    assertThat(sync.exit()).as(sync.err()).isZero();
    assertThat(people()).isEqualTo(contacts()).hasSize(4);
  }

  @Test
  void storedPlanIsAppliedLaterAndStaleOpsAreNotForced() throws Exception {
    JsonNode plan = Json.mapper().readTree(run("plan", "--json").out());
    String planId = plan.get("plan_id").asText();
    sql("INSERT INTO crm.contacts VALUES ('P1', 'Someone Else', 'else@x.org', false, null)");
    CliRunner.Result apply = run("apply", "--plan", planId);
    assertThat(apply.out()).contains("stale");
    assertThat(contacts().get("P1")).startsWith("Someone Else|");
    assertThat(contacts()).containsKeys("P2", "P3");
  }

  @Test
  void manualConflictIsHeldThenResolvedFromTheCli() throws Exception {
    writeConfig("manual");
    run("sync");
    sql(
        "UPDATE public.people SET name = 'From Main' WHERE id = 'P1'; UPDATE crm.contacts SET display_name = 'From Replica' WHERE contact_id = 'P1';");
    assertThat(run("sync").exit()).isEqualTo(2);
    CliRunner.Result list = run("conflicts", "list");
    assertThat(list.out()).contains("P1.full_name").contains("From Main").contains("From Replica");
    String id = list.out().substring(1, list.out().indexOf(' '));
    assertThat(run("conflicts", "resolve", id, "--endpoint", "replica").exit()).isZero();
    assertThat(run("sync").exit()).isZero();
    assertThat(people().get("P1")).startsWith("From Replica|");
    assertThat(contacts().get("P1")).startsWith("From Replica|");
  }

  @Test
  void aConflictValuePostgresCannotHoldIsRefusedWithoutSqlAndTheConflictStaysOpen()
      throws Exception {
    writeConfig("manual");
    run("sync");
    sql(
        "UPDATE public.people SET name = 'From Main' WHERE id = 'P1'; UPDATE crm.contacts SET display_name = 'From Replica' WHERE contact_id = 'P1';");
    assertThat(run("sync").exit()).isEqualTo(2);
    CliRunner.Result list = run("conflicts", "list");
    String id = list.out().substring(1, list.out().indexOf(' '));
    // A NUL failed as a database error quoting SQL; a lone surrogate was stored as '?'.
    for (String bad : List.of("\"a\\u0000b\"", "\"a\\ud800b\"", "{\"x\":\"\\u0000\"}")) {
      CliRunner.Result resolve = run("conflicts", "resolve", id, "--value", bad);
      assertThat(resolve.exit()).as(bad).isEqualTo(1);
      assertThat(resolve.err()).as(bad).contains("input.malformed").doesNotContain("SQLSTATE");
    }
    assertThat(run("conflicts", "list").out()).contains("P1.full_name");
  }

  @Test
  void badConfigIsRefusedWithEveryProblemByPath() throws Exception {
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n  people:\n    schema: person.schema.json\n    key: person_id\n    conflict: newest\n    endpoints:\n      main:\n        type: postgres\n        table: 'bad table'\n        fields: {person_id: id}\n");
    CliRunner.Result result = run("sync");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("registries.people.conflict")
        .contains("registries.people.endpoints.main.table");
  }

  @Test
  void concurrentRunExitsWith3NamingTheHolder() throws Exception {
    run("sync");
    sql(
        "INSERT INTO chittysync.leases (registry, holder, token, acquired_at, renewed_at, expires_at)"
            + " VALUES ('people', 'ci-box/pid 7', gen_random_uuid(), now(), now(), now() + interval '1 minute')"
            + " ON CONFLICT (registry) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at");
    CliRunner.Result result = run("sync");
    assertThat(result.exit()).isEqualTo(3);
    assertThat(result.err()).contains("registry 'people' is being synced by ci-box/pid 7");
  }

  @Test
  void killedMidSyncIsFinishedByTheNextRunWithNoDuplicateAndNoLostAudit() throws Exception {
    sql(
        "INSERT INTO public.people SELECT 'K' || g, 'Name ' || g, 'k' || g || '@x.org', true FROM generate_series(1, 30000) g");
    Process sync = CliRunner.builder(dir, db.env(), List.of("sync")).start();
    // Kill -9 as soon as some of the writes are in, wherever the run happens to be.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && count("SELECT count(*) FROM crm.contacts") < 2
        && sync.isAlive()) {
      Thread.sleep(20);
    }
    sync.destroyForcibly();
    sync.waitFor();
    // The killed run's lease would lapse after 60 s; let it lapse now.
    sql("DELETE FROM chittysync.leases");
    CliRunner.Result rerun = run("sync", "--json");
    assertThat(rerun.exit()).as(rerun.out() + rerun.err()).isZero();
    assertThat(people()).isEqualTo(contacts()).hasSize(30004);
    assertThat(run("sync", "--json").out()).contains("\"applied\":0");
    // Every op that took effect is audited exactly once, however the kill fell.
    long applied = count("SELECT count(*) FROM chittysync.plan_op_status WHERE status = 'applied'");
    long audited = count("SELECT count(*) FROM chittysync.audit_entries WHERE type = 'sync.op'");
    assertThat(audited).isEqualTo(applied);
    assertThat(
            count(
                "SELECT count(DISTINCT (convert_from(entry, 'UTF8')::jsonb->'body'->>'key', convert_from(entry, 'UTF8')::jsonb->'body'->>'endpoint'))"
                    + " FROM chittysync.audit_entries WHERE type = 'sync.op'"))
        .isEqualTo(audited);
  }

  private long count(String query) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
