package com.chittysync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.dashboard.fleet.FleetPage;
import com.chittysync.dashboard.fleet.FleetRoutes;
import com.chittysync.dashboard.ops.DeadLetters;
import com.chittysync.dashboard.ops.NextRuns;
import com.chittysync.dashboard.registry.RegistryRoutes;
import com.chittysync.dashboard.review.ReviewRoutes;
import com.chittysync.dashboard.testing.FixedAccess;
import com.chittysync.dashboard.testing.Requests;
import com.chittysync.dashboard.web.Assets;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.state.jdbc.JdbcOverview;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.chittysync.web.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages show what the state holds, escape whatever records carry, label every table, and the
 * review actions change the queues once per action id. Real PostgreSQL, state staged with SQL as
 * the engine writes it.
 */
class DashboardPagesTest {
  static final String SCRIPT_KEY = "<script>alert(1)</script>";
  static final String IMG_KEY = "\"><img src=x onerror=alert(1)>";

  private static TestDatabase db;
  private static Database database;
  private static Dashboard operator;
  private static Dashboard viewer;
  private static UUID lastRun;

  @BeforeAll
  static void stage() throws Exception {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    try (Connection c = database.dataSource().getConnection()) {
      sql(
          c,
          "INSERT INTO chittysync.registries (name) VALUES ('people'), ('assets'), ('cases'), ('idle')");
      UUID plan = UUID.randomUUID();
      lastRun = UUID.randomUUID();
      sql(
          c,
          "INSERT INTO chittysync.runs (run_id, registry, kind, trigger, status, counts, started_at, finished_at)"
              + " VALUES (?, 'people', 'sync', 'schedule', 'attention',"
              + " '{\"applied\": 3, \"failed\": 1, \"timings_ms\": {\"plan\": 120, \"apply\": 340}}',"
              + " now() - interval '5 minutes', now() - interval '4 minutes')",
          lastRun);
      sql(
          c,
          "INSERT INTO chittysync.plans (plan_id, registry, run_id, generation, status, summary)"
              + " VALUES (?, 'people', ?, 1, 'partial', '{\"sheet\": {\"create\": 1, \"update\": 1, \"delete\": 0}}')",
          plan,
          lastRun);
      sql(c, "UPDATE chittysync.runs SET plan_id = ? WHERE run_id = ?", plan, lastRun);
      sql(
          c,
          "INSERT INTO chittysync.plan_ops (plan_id, op_no, endpoint, op, record_key, changes) VALUES"
              + " (?, 0, 'sheet', 'create', ?, '{\"name\": \"x\"}'), (?, 1, 'sheet', 'update', 'p-2', '{\"email\": \"y\"}')",
          plan,
          SCRIPT_KEY,
          plan);
      // A create the journal keeps by reference: no changes of its own, the plan's record.
      sql(
          c,
          "INSERT INTO chittysync.plan_ops (plan_id, op_no, endpoint, op, record_key, changes) VALUES"
              + " (?, 2, 'notion', 'create', 'p-3', NULL)",
          plan);
      sql(
          c,
          "INSERT INTO chittysync.plan_records (plan_id, record_key, deleted, record) VALUES"
              + " (?, 'p-3', false, '{\"name\": \"Cy\", \"email\": \"cy@example.org\"}')",
          plan);
      sql(
          c,
          "INSERT INTO chittysync.plan_batches (plan_id, endpoint, first_op, op_nos, unsettled) VALUES"
              + " (?, 'sheet', 0, '{0,1}', '{\"1\": {\"status\": \"failed\", \"error\": \"<b>quota</b> exceeded\"}}')",
          plan);
      sql(
          c,
          "INSERT INTO chittysync.runs (run_id, registry, kind, trigger, status, counts, started_at, finished_at)"
              + " VALUES (?, 'assets', 'sync', 'cli', 'converged', '{\"applied\": 0}', now() - interval '1 hour', now() - interval '59 minutes'),"
              + " (?, 'cases', 'sync', 'cli', 'running', '{}', now() - interval '2 hours', NULL)",
          UUID.randomUUID(),
          UUID.randomUUID());
      sql(
          c,
          "INSERT INTO chittysync.conflicts (registry, record_key, field, base_value, candidates, run_id) VALUES"
              + " ('people', ?, 'name', '\"Ann\"', '{\"notion\": \"<i>Anna</i>\", \"sheet\": \"Annie\"}', ?)",
          IMG_KEY,
          lastRun);
      sql(
          c,
          "INSERT INTO chittysync.held_deletes (registry, record_key, source_endpoint, reason, run_id) VALUES"
              + " ('people', 'p-7', 'sheet', 'mass-delete guard: 40 of 100 (40%) over the 25% limit', ?),"
              + " ('people', 'p-8', 'sheet', 'policy: hold', ?), ('people', ?, 'notion', 'policy: hold', ?)",
          lastRun,
          lastRun,
          SCRIPT_KEY,
          lastRun);
      sql(
          c,
          "INSERT INTO chittysync.validation_reports (run_id, registry, endpoint, record_key, errors) VALUES"
              + " (?, 'people', 'notion', ?, '[{\"path\": \"$.email\", \"message\": \"<svg onload=x> is not an email\"}]')",
          lastRun,
          IMG_KEY);
    }
    FleetPage fleet =
        new FleetPage(
            new JdbcOverview(database), DeadLetters.NONE, NextRuns.NONE, Clock.systemUTC());
    operator = dashboard(Role.OPERATOR, fleet);
    viewer = dashboard(Role.VIEWER, fleet);
  }

  private static Dashboard dashboard(Role role, FleetPage fleet) {
    JdbcOverview overview = new JdbcOverview(database);
    return new Dashboard(
        role == Role.OPERATOR ? FixedAccess.operator() : FixedAccess.viewer(),
        new Assets(),
        Set.of(
            new FleetRoutes(fleet),
            new RegistryRoutes(overview, DeadLetters.NONE, NextRuns.NONE, Clock.systemUTC()),
            new ReviewRoutes(
                overview,
                new JdbcReviewQueue(database),
                (registry, key, field, value) ->
                    value.isTextual() && value.asText().length() > 10
                        ? List.of("$.name: is longer than 10 characters")
                        : List.of(),
                new ActionLog(database, new AuditLog(database, Clock.systemUTC())))));
  }

  @AfterAll
  static void drop() {
    database.close();
    db.close();
  }

  private static void sql(Connection c, String sql, Object... args) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private static String ok(Reply reply) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return reply.text();
  }

  @Test
  void fleetShowsEveryRegistryWithAStatusInWords() {
    String html = ok(operator.handle(Requests.get("/")));
    assertThat(html)
        .contains(">people</a>", ">assets</a>", ">cases</a>", ">idle</a>")
        .contains("Needs attention", "Healthy", "Never run")
        // cases' run has no live lease: it died, it is not running.
        .contains("died while running");
    Matcher cases =
        Pattern.compile("<tr>\\s*<th scope=\"row\"><a href=\"/registries/cases\">[\\s\\S]*?</tr>")
            .matcher(html);
    assertThat(cases.find()).isTrue();
    assertThat(cases.group()).contains("Failed").doesNotContain(">Running<");
  }

  @Test
  void slowDeadLetterQueuesDoNotHoldTheFleetBack() {
    DeadLetters slow =
        new DeadLetters() {
          @Override
          public Map<String, Integer> countsByRegistry() {
            try {
              Thread.sleep(3000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return Map.of("people", 2);
          }

          @Override
          public List<Letter> list(String registry, int limit) {
            return List.of();
          }

          @Override
          public Redrive redrive(String registry) {
            return new Redrive(0, 0);
          }

          @Override
          public boolean configured() {
            return true;
          }
        };
    Dashboard dashboard =
        new Dashboard(
            FixedAccess.viewer(),
            new Assets(),
            Set.of(
                new FleetRoutes(
                    new FleetPage(
                        new JdbcOverview(database), slow, NextRuns.NONE, Clock.systemUTC()))));
    long t = System.nanoTime();
    String html = ok(dashboard.handle(Requests.get("/")));
    assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2000);
    assertThat(html).contains("still being read").contains(">…</span>");
  }

  @Test
  void fleetFiltersByStatusAndName() {
    String html = ok(operator.handle(Requests.get("/", Map.of("status", "healthy"))));
    assertThat(html).contains(">assets</a>").doesNotContain(">people</a>");
    html = ok(operator.handle(Requests.get("/", Map.of("q", "peo"))));
    assertThat(html).contains(">people</a>").doesNotContain(">assets</a>");
    assertThat(operator.handle(Requests.get("/", Map.of("status", "bogus"))).status())
        .isEqualTo(400);
  }

  @Test
  void everyTableHasHeaders() {
    for (String path :
        List.of(
            "/",
            "/registries/people",
            "/registries/people/runs",
            "/registries/people/runs/" + lastRun,
            "/registries/people/validation",
            "/registries/people/conflicts",
            "/registries/people/deletes")) {
      String html = ok(operator.handle(Requests.get(path)));
      Matcher tables = Pattern.compile("<table[\\s\\S]*?</table>").matcher(html);
      int n = 0;
      while (tables.find()) {
        n++;
        assertThat(tables.group()).as(path).contains("<th scope=\"col\"");
      }
      assertThat(n).as(path).isPositive();
    }
  }

  @Test
  void hostileKeysValuesAndMessagesRenderAsText() {
    for (String path :
        List.of(
            "/registries/people/runs/" + lastRun,
            "/registries/people/validation",
            "/registries/people/conflicts",
            "/registries/people/deletes")) {
      String html = ok(operator.handle(Requests.get(path)));
      assertThat(html)
          .as(path)
          .doesNotContain("<script>alert")
          .doesNotContain("<img src=x")
          .doesNotContain("<svg onload")
          .doesNotContain("<i>Anna</i>")
          .doesNotContain("<b>quota</b>");
    }
    assertThat(ok(operator.handle(Requests.get("/registries/people/deletes"))))
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(ok(operator.handle(Requests.get("/registries/people/validation"))))
        .contains("\"&gt;&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicyAndNoInlineScript() {
    Reply reply = operator.handle(Requests.get("/registries/people"));
    assertThat(reply.headers().get("content-security-policy"))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(reply.headers()).containsEntry("x-content-type-options", "nosniff");
    Matcher scripts = Pattern.compile("<script([^>]*)>([\\s\\S]*?)</script>").matcher(ok(reply));
    while (scripts.find()) {
      // Only data blocks carry content; every script that runs comes from a file.
      if (!scripts.group(2).isBlank()) {
        assertThat(scripts.group(1)).contains("type=\"application/json\"");
      } else {
        assertThat(scripts.group(1)).contains("src=\"/assets/");
      }
    }
  }

  @Test
  void everyPageHasAJsonTwinWithTheSameData() throws Exception {
    JsonNode fleet = Json.mapper().readTree(operator.handle(Requests.json("/")).text());
    assertThat(fleet.path("rows").findValuesAsText("registry"))
        .containsExactly("assets", "cases", "idle", "people");
    JsonNode run =
        Json.mapper()
            .readTree(operator.handle(Requests.json("/registries/people/runs/" + lastRun)).text());
    assertThat(run.path("ops")).hasSize(3);
    assertThat(run.path("ops").get(1).path("status").asText()).isEqualTo("failed");
    assertThat(run.path("ops").get(2).path("fields").toString()).isEqualTo("[\"name\",\"email\"]");
    JsonNode conflicts =
        Json.mapper()
            .readTree(operator.handle(Requests.json("/registries/people/conflicts")).text());
    assertThat(conflicts.path("conflicts").get(0).path("key").asText()).isEqualTo(IMG_KEY);
  }

  @Test
  void unknownRegistryIsNotFoundByName() {
    Reply reply = operator.handle(Requests.get("/registries/nobody"));
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text()).contains("nobody");
  }

  @Test
  void viewerSeesNoActionsAndCannotAct() {
    assertThat(ok(viewer.handle(Requests.get("/registries/people/deletes"))))
        .doesNotContain("Approve");
    Reply refused =
        viewer.handle(
            Requests.post(
                "/registries/people/deletes/decide",
                Map.of(
                    "id",
                    "1",
                    "count",
                    "1",
                    "decision",
                    "approve",
                    "action_id",
                    UUID.randomUUID().toString())));
    assertThat(refused.status()).isEqualTo(403);
  }

  @Test
  void typedValueThatBreaksTheSchemaIsRefusedAndTheConflictStaysOpen() {
    long id = conflictId();
    Reply reply =
        operator.handle(
            Requests.post(
                "/registries/people/conflicts/" + id + "/resolve",
                Map.of(
                    "choice",
                    "typed",
                    "value",
                    "\"far too long a name\"",
                    "action_id",
                    UUID.randomUUID().toString())));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text()).contains("longer than 10 characters");
    assertThat(ok(operator.handle(Requests.get("/registries/people/conflicts"))))
        .contains("id=\"conflict-" + id + "\"")
        .contains("Annie");
  }

  @Test
  void bulkDecisionWhoseCountChangedDecidesNothing() {
    Reply reply =
        operator.handle(
            Requests.post(
                "/registries/people/deletes/decide",
                Map.of(
                    "id",
                    "1,2",
                    "count",
                    "3",
                    "decision",
                    "approve",
                    "action_id",
                    UUID.randomUUID().toString())));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text()).contains("nothing was decided");
    assertThat(ok(operator.handle(Requests.get("/registries/people/deletes"))))
        .contains(">p-7<", ">p-8<");
  }

  private static long conflictId() {
    return database.withConnection(
        c -> {
          try (var ps =
                  c.prepareStatement(
                      "SELECT min(id) FROM chittysync.conflicts WHERE status = 'open'");
              var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
