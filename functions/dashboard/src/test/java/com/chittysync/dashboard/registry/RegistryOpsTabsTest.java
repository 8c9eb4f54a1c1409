package com.chittysync.dashboard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.core.config.Environment;
import com.chittysync.dashboard.Access;
import com.chittysync.dashboard.ActionLog;
import com.chittysync.dashboard.Dashboard;
import com.chittysync.dashboard.ops.DeadLetters;
import com.chittysync.dashboard.ops.SyncRequests;
import com.chittysync.dashboard.web.Assets;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.jdbc.JdbcOverview;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.auth.Role;
import com.chittysync.web.http.WebRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift and dead-letters tabs through the dashboard's front door, on PostgreSQL: rendering
 * (headers, escaping of hostile keys and values), the actions, their audit entries, and their
 * idempotency by action id.
 */
class RegistryOpsTabsTest {
  static final Principal OPERATOR =
      new Principal(
          "sub-1", "ann@example.com", Role.OPERATOR, "s-1", Instant.parse("2099-01-01T00:00:00Z"));
  static final String HOSTILE = "<script>alert(1)</script>";

  /** Lets the fixed operator read and act. */
  static final Access ACCESS =
      new Access() {
        @Override
        public Principal read(WebRequest request) {
          return OPERATOR;
        }

        @Override
        public Principal act(WebRequest request) {
          return OPERATOR;
        }

        @Override
        public String csrf(Principal principal) {
          return "csrf-token";
        }
      };

  @TempDir Path dir;
  private TestDatabase db;
  private Database database;
  private SyncService sync;
  private ActionLog actions;
  private Dashboard dashboard;
  private final List<DeadLetters.Letter> letters = new ArrayList<>();
  private final AtomicInteger redrives = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void open() throws Exception {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    sql(
        "CREATE TABLE people (id text PRIMARY KEY, name text);"
            + "CREATE TABLE contacts (contact_id text PRIMARY KEY, display_name text);"
            + "INSERT INTO chittysync.registries (name) VALUES ('people');");
    Files.writeString(dir.resolve("any.schema.json"), "{\"type\":\"object\"}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n  people:\n    schema: any.schema.json\n    key: id\n    endpoints:\n"
            + "      main: {type: postgres, table: people, fields: {id: id, name: name}}\n"
            + "      replica: {type: postgres, table: contacts, fields: {id: contact_id, name: display_name}}\n");
    Map<String, String> env = new HashMap<>(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    AuditLog audit = new AuditLog(database, Clock.systemUTC());
    sync =
        new SyncService(
            Environment.of(env),
            database,
            audit,
            Clock.systemUTC(),
            Set.of(new PostgresEndpointType(null)));
    actions = new ActionLog(database, audit);
    JdbcOverview overview = new JdbcOverview(database);
    DeadLetters dead =
        new DeadLetters() {
          @Override
          public Map<String, Integer> countsByRegistry() {
            return Map.of("people", letters.size());
          }

          @Override
          public List<Letter> list(String registry, int limit) {
            return List.copyOf(letters);
          }

          @Override
          public Redrive redrive(String registry) {
            redrives.incrementAndGet();
            int n = letters.size();
            letters.clear();
            return new Redrive(n, 0);
          }

          @Override
          public boolean configured() {
            return true;
          }
        };
    SyncRequests syncRequests = (registry, actor) -> "event-" + requests.incrementAndGet();
    dashboard =
        new Dashboard(
            ACCESS,
            new Assets(),
            Set.of(
                new DriftRoutes(overview, () -> sync, actions),
                new DeadLetterRoutes(overview, dead, syncRequests, actions)));
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  // ------------------------------------------------------------------ drift

  @Test
  void aRegistryNeverCheckedSaysSo() {
    Reply r = get("/registries/people/drift");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text())
        .contains("Never checked")
        .contains("aria-current=\"page\"")
        .contains("hx-post=\"/registries/people/drift/check\"")
        .contains("name=\"action_id\"")
        .doesNotContain("<table");
  }

  @Test
  void anUnknownRegistryIs404WithAClearMessage() {
    for (String path : List.of("/registries/nobody/drift", "/registries/nobody/dead-letters")) {
      Reply r = get(path);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.text()).contains("There is no registry named 'nobody'");
    }
    Reply post = post("/registries/nobody/sync", UUID.randomUUID());
    assertThat(post.status()).isEqualTo(404);
    assertThat(requests).hasValue(0);
  }

  @Test
  void checkNowRecordsTheCheckAndShowsEscapedDifferencesOnce() {
    sql(
        "INSERT INTO people VALUES ('P1', 'Ann'), ('"
            + HOSTILE
            + "', 'x');"
            + "INSERT INTO contacts VALUES ('P1', '"
            + HOSTILE
            + "');");
    UUID action = UUID.randomUUID();
    Reply r = post("/registries/people/drift/check", action);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String html = r.text();
    assertThat(html)
        .as("a fragment for htmx, not a page")
        .doesNotContain("<html")
        .contains("2 difference(s)")
        .contains("(dashboard)")
        .contains(
            "<th scope=\"col\">Key</th><th scope=\"col\">Endpoint</th><th scope=\"col\">Field</th>"
                + "<th scope=\"col\">Expected</th><th scope=\"col\">Actual</th>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain(HOSTILE)
        .contains("whole record");
    assertThat(count("SELECT count(*) FROM chittysync.runs WHERE kind = 'drift'")).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM chittysync.audit_entries WHERE type = '"
                    + DriftRoutes.KIND
                    + "'"))
        .isEqualTo(1);

    // The same form again: no second check.
    assertThat(post("/registries/people/drift/check", action).status()).isEqualTo(200);
    assertThat(count("SELECT count(*) FROM chittysync.runs WHERE kind = 'drift'")).isEqualTo(1);

    // The page shows the recorded report; its JSON twin carries the same.
    assertThat(get("/registries/people/drift").text())
        .contains("<html")
        .contains("2 difference(s)")
        .doesNotContain(HOSTILE);
    Reply json = get("/registries/people/drift", Map.of("accept", "application/json"));
    assertThat(json.contentType()).isEqualTo(Reply.JSON);
    assertThat(json.text())
        .contains("\"differences\":2")
        .contains("\"registry\":\"people\"")
        .contains("\"actionId\"");
  }

  // ------------------------------------------------------------ dead letters

  @Test
  void deadLettersAreListedWithHeadersAndEscapedBodies() {
    letters.add(
        new DeadLetters.Letter(
            "diff-dlq",
            "m-1",
            "people",
            "SyncRequested",
            "{\"detail\":{\"registry\":\"people\",\"note\":\"" + HOSTILE + "\"}}",
            5,
            Instant.parse("2026-12-07T20:00:00Z")));
    Reply r = get("/registries/people/dead-letters");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text())
        .contains(
            "<th scope=\"col\">Queue</th><th scope=\"col\">Type</th><th scope=\"col\">Attempts</th>"
                + "<th scope=\"col\">Sent at</th><th scope=\"col\">Event</th>")
        .contains("<td>diff-dlq</td>")
        .contains("<details><summary>Message m-1</summary>")
        .contains("&lt;script&gt;")
        .doesNotContain(HOSTILE)
        .contains("2026-12-07 20:00:00 UTC")
        .contains("Redrive 1 event(s)")
        .contains("hx-post=\"/registries/people/dead-letters/redrive\"")
        .contains("hx-post=\"/registries/people/sync\"")
        .doesNotContain("onclick");
  }

  @Test
  void redriveMovesOnceAndIsAudited() {
    letters.add(
        new DeadLetters.Letter("diff-dlq", "m-1", "people", "SyncRequested", "{}", 5, null));
    letters.add(new DeadLetters.Letter("apply-dlq", "m-2", "people", "PlanReady", "{}", 3, null));
    UUID action = UUID.randomUUID();
    Reply r = post("/registries/people/dead-letters/redrive", action);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.text())
        .contains("Moved 2 event(s) back to the bus.")
        .contains("id=\"redrive-action-id\"")
        .contains("hx-swap-oob=\"true\"");
    Reply again = post("/registries/people/dead-letters/redrive", action);
    assertThat(again.text()).contains("Moved 2 event(s)").contains("already done at");
    assertThat(redrives).hasValue(1);
    assertThat(
            count(
                "SELECT count(*) FROM chittysync.audit_entries WHERE type = '"
                    + DeadLetterRoutes.REDRIVE
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void syncNowRequestsOncePerActionIdAndNamesTheEvent() {
    UUID action = UUID.randomUUID();
    Reply first = post("/registries/people/sync", action);
    assertThat(first.text()).contains("Sync requested (event id event-1).");
    // The fresh id swapped into the form is a new action.
    Matcher next =
        Pattern.compile("id=\"sync-action-id\" value=\"([0-9a-f-]{36})\"").matcher(first.text());
    assertThat(next.find()).isTrue();
    assertThat(post("/registries/people/sync", action).text())
        .contains("event id event-1")
        .contains("already done");
    assertThat(requests).hasValue(1);
    assertThat(post("/registries/people/sync", UUID.fromString(next.group(1))).text())
        .contains("event id event-2");
    assertThat(requests).hasValue(2);
    assertThat(
            count(
                "SELECT count(*) FROM chittysync.dashboard_actions WHERE actor = 'user:ann@example.com'"
                    + " AND kind = 'dashboard.sync_requested' AND result IS NOT NULL"))
        .isEqualTo(2);
    Reply json =
        post("/registries/people/sync", UUID.randomUUID(), Map.of("accept", "application/json"));
    assertThat(json.text()).isEqualTo("{\"eventId\":\"event-3\"}");
  }

  @Test
  void aFormWithoutAnActionIdIsRefused() {
    Reply r = request("POST", "/registries/people/sync", "csrf=x", Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(requests).hasValue(0);
  }

  // ------------------------------------------------------------ action log

  record Result(String value) {}

  @Test
  void aFailedActionGivesItsIdBack() {
    UUID id = UUID.randomUUID();
    assertThatThrownBy(
            () ->
                actions.once(
                    id,
                    "user:ann",
                    "dashboard.test",
                    "people",
                    Result.class,
                    () -> {
                      throw new IllegalStateException("bus down");
                    }))
        .hasMessage("bus down");
    ActionLog.Done<Result> done =
        actions.once(
            id, "user:ann", "dashboard.test", "people", Result.class, () -> new Result("ok"));
    assertThat(done.replayed()).isFalse();
    assertThat(done.result()).isEqualTo(new Result("ok"));
    ActionLog.Done<Result> replay =
        actions.once(
            id,
            "user:ann",
            "dashboard.test",
            "people",
            Result.class,
            () -> {
              throw new AssertionError("acted twice");
            });
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.result()).isEqualTo(new Result("ok"));
    assertThat(replay.at()).isEqualTo(done.at());
  }

  @Test
  void anIdIsNotReusedForAnotherActionNorRunTwiceAtOnce() {
    UUID id = UUID.randomUUID();
    actions.once(id, "user:ann", "dashboard.test", "people", Result.class, () -> new Result("ok"));
    assertThatThrownBy(
            () ->
                actions.once(
                    id,
                    "user:bob",
                    "dashboard.test",
                    "people",
                    Result.class,
                    () -> new Result("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("belongs to another action");
    assertThatThrownBy(
            () ->
                actions.once(
                    id,
                    "user:ann",
                    "dashboard.other",
                    "people",
                    Result.class,
                    () -> new Result("x")))
        .isInstanceOf(IllegalArgumentException.class);

    UUID running = UUID.randomUUID();
    sql(
        "INSERT INTO chittysync.dashboard_actions (action_id, actor, kind, registry) VALUES ('"
            + running
            + "', 'user:ann@example.com', 'dashboard.sync_requested', 'people')");
    assertThatThrownBy(
            () ->
                actions.once(
                    running,
                    "user:ann@example.com",
                    "dashboard.sync_requested",
                    "people",
                    Result.class,
                    () -> new Result("x")))
        .isInstanceOf(ActionLog.InProgress.class);
    Reply r = post("/registries/people/sync", running);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.headers()).containsEntry("hx-retarget", "#toast");
    assertThat(requests).hasValue(0);
  }

  // ------------------------------------------------------------ helpers

  private Reply get(String path) {
    return get(path, Map.of());
  }

  private Reply get(String path, Map<String, String> headers) {
    return request("GET", path, "", headers);
  }

  private Reply post(String path, UUID action) {
    return post(path, action, Map.of());
  }

  private Reply post(String path, UUID action, Map<String, String> headers) {
    return request(
        "POST",
        path,
        "csrf=csrf-token&action_id=" + URLEncoder.encode(action.toString(), StandardCharsets.UTF_8),
        headers);
  }

  private Reply request(String method, String path, String body, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (method.equals("POST")) {
      headers.put("hx-request", "true");
      headers.put("content-type", "application/x-www-form-urlencoded");
      headers.put("x-csrf-token", "csrf-token");
    }
    headers.putAll(extra);
    return dashboard.handle(
        new WebRequest(method, path, headers, Map.of(), Map.of(), Map.of(), body, Map.of()));
  }

  private long count(String query) {
    return database.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private void sql(String statements) {
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(statements);
          }
          return null;
        });
  }
}
