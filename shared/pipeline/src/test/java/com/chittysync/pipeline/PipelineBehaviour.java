package com.chittysync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditLog;
import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.EventPublisher;
import com.chittysync.connect.EndpointType;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.notion.RequestLog;
import com.chittysync.emulators.sheets.SheetsEmulator;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncCompleted;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.schedule.Scheduler;
import com.chittysync.sheets.SheetsEndpointType;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.jdbc.JdbcPendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcRegistryRows;
import com.chittysync.sync.state.jdbc.JdbcReviewQueue;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline end to end: EventBridge rules deliver each event type to its own SQS queue, which
 * the test drains and feeds to the services the functions call, in the order (and as many times)
 * the test chooses: schedule → diff → apply across Notion, PostgreSQL and Google Sheets. Runs
 * against moto everywhere and against LocalStack where Docker runs.
 */
abstract class PipelineBehaviour {
  /** {@code AWS_ENDPOINT_URL}, region and credentials of the AWS stand-in. */
  abstract Map<String, String> awsEnv();

  @TempDir Path dir;
  private NotionEmulator notion;
  private SheetsEmulator sheets;
  private String spreadsheet;
  private TestDatabase db;
  private Database database;
  private DataSourceHandle people;
  private DataSourceHandle members;
  private EventBusTap tap;
  private EventPublisher events;
  private final Map<String, String> env = new HashMap<>();
  // The scheduler's clock starts at the real time: the runs it weighs are dated by the database's
  // now(), so a clock fixed at some other day would never find a registry due again.
  private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void setUp() throws Exception {
    notion = NotionEmulator.start();
    sheets = SheetsEmulator.start();
    spreadsheet = sheets.createSpreadsheet("People", "People");
    sheets.setValues(spreadsheet, "People!A1", List.of(List.of("Name", "Email")));
    Files.writeString(dir.resolve("sa.json"), sheets.serviceAccount().json());
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
    people =
        notion.createDatabase(
            "People",
            json(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Email\":{\"type\":\"email\",\"email\":{}}}"));
    sql("CREATE TABLE people (name text PRIMARY KEY, email text)");
    members =
        notion.createDatabase(
            "Members",
            json(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Email\":{\"type\":\"email\",\"email\":{}}}"));
    sql("CREATE TABLE members (name text PRIMARY KEY, email text)");
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n"
            + "  people:\n"
            + "    schema: any.schema.json\n"
            + "    key: name\n"
            + "    schedule: rate(5 minutes)\n"
            + "    endpoints:\n"
            + "      notion: {type: notion, database_id: "
            + people.databaseId()
            + ", fields: {name: Name, email: Email}}\n"
            + "      pg: {type: postgres, table: people, fields: {name: name, email: email}}\n"
            + "      sheet: {type: sheets, spreadsheet_id: "
            + spreadsheet
            + ", sheet: People, fields: {name: Name, email: Email},"
            + " requests_per_minute: 6000}\n"
            + "  members:\n"
            + "    schema: any.schema.json\n"
            + "    key: name\n"
            + "    endpoints:\n"
            + "      pg: {type: postgres, table: members, fields: {name: name, email: email}}\n"
            + "      notion: {type: notion, database_id: "
            + members.databaseId()
            + ", fields: {name: Name, email: Email}, requests_per_second: 100}\n"
            + "  unscheduled:\n"
            + "    schema: any.schema.json\n"
            + "    key: name\n"
            + "    endpoints:\n"
            + "      pg: {type: postgres, table: people, fields: {name: name}}\n");
    env.putAll(awsEnv());
    env.put("SHEETS_API_ROOT_URL", sheets.rootUrl());
    env.put("GOOGLE_SERVICE_ACCOUNT", dir.resolve("sa.json").toString());
    env.putAll(db.env());
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());
    env.put("NOTION_API_TOKEN", notion.token());
    env.put("NOTION_API_BASE_URL", notion.baseUrl());
    tap =
        EventBusTap.create(
            env, SyncRequested.DETAIL_TYPE, PlanReady.DETAIL_TYPE, SyncCompleted.DETAIL_TYPE);
    AwsClientConfig aws = new AwsClientConfig(env);
    events = new EventPublisher(tap.bus(), () -> aws.eventBridge(Duration.ofSeconds(10)));
  }

  @AfterEach
  void tearDown() {
    events.close();
    tap.close();
    notion.close();
    sheets.close();
    database.close();
    db.close();
  }

  @Test
  void theScheduleAsksForDueRegistriesAndTheirEditsReachEveryEndpoint() throws Exception {
    notion.createPage(people.dataSourceId(), page("Ada", "ada@example.com"));
    sql("INSERT INTO people VALUES ('Bo', 'bo@example.com')");
    sheets.setValues(spreadsheet, "People!A2", List.of(List.of("Cy", "cy@example.com")));

    assertThat(scheduler().tick()).containsExactly("people");
    List<JsonNode> requested = drain(SyncRequested.DETAIL_TYPE);
    assertThat(requested).hasSize(1);
    assertThat(requested.get(0).at("/detail/reason").asText()).isEqualTo("schedule");

    DiffService.Outcome diff = diff(requested.get(0));
    assertThat(diff.status()).isEqualTo("planned");
    List<JsonNode> ready = drain(PlanReady.DETAIL_TYPE);
    assertThat(ready).hasSize(1);
    assertThat(ready.get(0).at("/detail/plan_id").asText())
        .isEqualTo(diff.planId().orElseThrow().toString());

    ApplyService.Outcome applied = apply(ready.get(0));
    assertThat(applied.status()).isEqualTo("applied");
    List<JsonNode> completed = drain(SyncCompleted.DETAIL_TYPE);
    assertThat(completed).hasSize(1);
    // Each record is created in the two places that lack it.
    assertThat(completed.get(0).at("/detail/applied").asInt()).isEqualTo(6);
    assertThat(completed.get(0).at("/detail/failed").asInt()).isZero();
    assertThat(rows()).containsOnlyKeys("Ada", "Bo", "Cy");
    assertThat(notionNames()).containsExactlyInAnyOrder("Ada", "Bo", "Cy");
    assertThat(sheets.values(spreadsheet, "People!A2:A"))
        .extracting(r -> r.get(0).toString())
        .containsExactlyInAnyOrder("Ada", "Bo", "Cy");

    // Not due again until five minutes after the run; then due once.
    now = now.plus(Duration.ofMinutes(2));
    assertThat(scheduler().tick()).isEmpty();
    now = now.plus(Duration.ofMinutes(4));
    assertThat(scheduler().tick()).containsExactly("people");
    assertThat(scheduler().tick()).isEmpty();
    assertThat(drain(SyncRequested.DETAIL_TYPE)).hasSize(1);
  }

  @Test
  void duplicateAndLateEventsNeverApplyTwiceOrApplyASupersededPlan() throws Exception {
    sql("INSERT INTO people VALUES ('Cy', 'cy@example.com'), ('Di', 'di@example.com')");
    // EventBridge delivers the request twice: two diffs, two plans; the second supersedes the
    // first.
    diff(request("people"));
    diff(request("people"));
    List<JsonNode> ready = drain(PlanReady.DETAIL_TYPE);
    assertThat(ready).hasSize(2);
    // The newer plan's event arrives first, then the older one's, then the newer one's again.
    JsonNode newer = ready.get(1);
    JsonNode older = ready.get(0);
    assertThat(apply(newer).status()).isEqualTo("applied");
    assertThat(apply(older).status()).isEqualTo("superseded");
    assertThat(apply(newer).status()).isEqualTo("duplicate");

    assertThat(notion.requestLog().count("POST", "/v1/pages")).isEqualTo(2);
    assertThat(notionNames()).containsExactlyInAnyOrder("Cy", "Di");
    assertThat(sheets.values(spreadsheet, "People!A2:A")).hasSize(2);
    assertThat(drain(SyncCompleted.DETAIL_TYPE)).hasSize(1);
    assertThat(runKinds()).contains("diff:planned", "apply:converged");
  }

  @Test
  void anApplyOfAPlanThatLeftARecordQuarantinedIsNotRecordedConverged() throws Exception {
    // A key with a zero-width space is quarantined; the valid record beside it still syncs.
    sql("INSERT INTO people VALUES ('Fay', 'fay@example.com'), (E'G\\u200Bus', 'gus@example.com')");
    DiffService.Outcome diff = diff(request("people"));
    apply(onlyPlanReady(diff));

    assertThat(notionNames()).containsExactly("Fay");
    assertThat(runKinds()).containsExactly("diff:attention", "apply:attention");
  }

  @Test
  void aQuietRegistryIsSettledByTheDiffWithoutAPlanReady() throws Exception {
    sql("INSERT INTO people VALUES ('Eve', 'eve@example.com')");
    apply(onlyPlanReady(diff(request("people"))));
    DiffService.Outcome quiet = diff(request("people"));
    assertThat(quiet.status()).isEqualTo("settled");
    assertThat(drain(PlanReady.DETAIL_TYPE)).isEmpty();
    notion.requestLog().clear();
    int runs = runKinds().size();
    // Settling a plan with nothing to write contacts no endpoint beyond the fetch, in one run.
    assertThat(diff(request("people")).status()).isEqualTo("settled");
    assertThat(notion.requestLog().count("POST", "/v1/pages")).isZero();
    assertThat(notion.requestLog().count("PATCH", "/v1/pages")).isZero();
    List<String> after = runKinds();
    assertThat(after.subList(runs, after.size())).containsExactly("diff:converged");
  }

  @Test
  void aRequestForARegistryTheConfigLacksIsIgnoredNotRetried() {
    assertThat(diffService().onSyncRequested("gone", "schedule", false, "test").status())
        .isEqualTo("unknown_registry");
    assertThat(drain(PlanReady.DETAIL_TYPE)).isEmpty();
  }

  @Test
  void aPlanLargerThanAnInvocationIsAppliedInPartsEachOpOnceWhateverTheOrderOfItsHandOvers()
      throws Exception {
    sql(
        "INSERT INTO members SELECT 'm' || lpad(g::text, 3, '0'), 'm' || g || '@example.com'"
            + " FROM generate_series(1, 60) g");
    DiffService.Outcome diff = diff(request("members"));
    UUID plan = diff.planId().orElseThrow();
    JsonNode first = onlyPlanReady(diff);

    // No invocation has time left past its first batch (20 Notion pages): the 60 ops take three
    // parts. The bus delivers every event twice, the newest first, and the first one again late.
    List<JsonNode> pool = new ArrayList<>(List.of(first));
    List<String> statuses = new ArrayList<>();
    boolean lateDelivered = false;
    while (!pool.isEmpty()) {
      assertThat(statuses).hasSizeLessThan(40);
      JsonNode event = pool.remove(pool.size() - 1);
      statuses.add(applyWithin(event, Duration.ZERO).status());
      statuses.add(applyWithin(event, Duration.ZERO).status());
      pool.addAll(drain(PlanReady.DETAIL_TYPE));
      if (!lateDelivered) {
        pool.add(0, first);
        lateDelivered = true;
      }
    }

    assertThat(statuses).filteredOn("handed_over"::equals).hasSize(2);
    assertThat(statuses).filteredOn("applied"::equals).hasSize(1);
    assertThat(statuses).containsOnly("handed_over", "applied", "duplicate");
    assertAppliedOnce(plan, 60);
    // Each part announced the plan's progress; the last says it is whole.
    List<JsonNode> completed = drain(SyncCompleted.DETAIL_TYPE);
    assertThat(completed)
        .extracting(e -> e.at("/detail/applied").asInt() + "/" + e.at("/detail/pending").asInt())
        .containsExactly("20/40", "40/20", "60/0");
    assertThat(completed).allSatisfy(e -> assertThat(e.at("/detail/ops").asInt()).isEqualTo(60));
    assertThat(runKinds())
        .containsExactly(
            "diff:planned", "apply:handed_over", "apply:handed_over", "apply:converged");
  }

  @Test
  void aContainerKilledMidApplyLeavesNoOpAppliedTwiceAndNoneLost() throws Exception {
    sql(
        "INSERT INTO members SELECT 'm' || lpad(g::text, 3, '0'), 'm' || g || '@example.com'"
            + " FROM generate_series(1, 60) g");
    DiffService.Outcome diff = diff(request("members"));
    UUID plan = diff.planId().orElseThrow();
    JsonNode ready = onlyPlanReady(diff);

    // A container with time for the whole plan writes its second batch to Notion and is killed
    // before journaling it.
    FreezingEndpointType freezing = new FreezingEndpointType(new NotionEndpointType(null), 2);
    ExecutorService container = Executors.newSingleThreadExecutor();
    try {
      Future<ApplyService.Outcome> killed =
          container.submit(() -> applyWithin(service(freezing), ready, Duration.ofMinutes(15)));
      assertThat(freezing.awaitFrozen(60)).isTrue();
      // Nobody renews its lease any more: it expires.
      sql("DELETE FROM chittysync.leases WHERE registry = 'members'");

      // Lambda retries the event of the invocation that timed out; its parts go on from the
      // journal, one batch each.
      List<JsonNode> pool = new ArrayList<>(List.of(ready));
      int invocations = 0;
      while (!pool.isEmpty()) {
        assertThat(invocations++).isLessThan(10);
        applyWithin(pool.remove(0), Duration.ZERO);
        pool.addAll(drain(PlanReady.DETAIL_TYPE));
      }
      assertAppliedOnce(plan, 60);

      freezing.kill();
      assertThatThrownBy(killed::get).hasCauseInstanceOf(FreezingEndpointType.Killed.class);
      // The dead container wrote nothing after it was killed.
      assertAppliedOnce(plan, 60);
    } finally {
      container.shutdownNow();
    }
  }

  @Test
  void aFullNotionReadLongerThanAnInvocationGoesOnThroughTheBusReadingEveryPageOnce()
      throws Exception {
    for (int i = 0; i < 250; i++) {
      notion.createPage(
          members.dataSourceId(), page(String.format("n%03d", i), "n" + i + "@example.com"));
    }
    notion.requestLog().clear();

    // No invocation has time for more than one response of the read (100 pages): each keeps
    // what it read and asks for another full diff, which goes on from there.
    JsonNode event = request("members");
    List<String> statuses = new ArrayList<>();
    DiffService.Outcome outcome;
    do {
      outcome = diffWithin(event, Duration.ZERO);
      statuses.add(outcome.status());
      if (outcome.status().equals("reading")) {
        List<JsonNode> again = drain(SyncRequested.DETAIL_TYPE);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).at("/detail/full").asBoolean()).isTrue();
        event = again.get(0);
      }
    } while (outcome.status().equals("reading") && statuses.size() < 10);
    assertThat(statuses).containsExactly("reading", "reading", "planned");
    assertThat(apply(onlyPlanReady(outcome)).status()).isEqualTo("applied");

    assertThat(count("SELECT count(*) FROM members")).isEqualTo(250);
    assertThat(runKinds())
        .containsExactly("diff:handed_over", "diff:handed_over", "diff:planned", "apply:converged");
    // Each response of the read was asked for once: none again, none from the start again.
    List<String> cursors = new ArrayList<>();
    for (RequestLog.Entry e :
        notion
            .requestLog()
            .entries("POST", "/v1/data_sources/" + members.dataSourceId() + "/query")) {
      JsonNode body = Json.mapper().readTree(e.body());
      if (!body.has("filter")) {
        cursors.add(body.path("start_cursor").asText("start"));
      }
    }
    assertThat(cursors).hasSize(3).doesNotHaveDuplicates().startsWith("start");
    assertThat(service().drift(service().config(Optional.empty()), "members")).isEmpty();
  }

  private int count(String query) {
    return database.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  /** As the diff function does in an invocation with {@code remaining} time left, no margin. */
  private DiffService.Outcome diffWithin(JsonNode event, Duration remaining) {
    JsonNode detail = event.get("detail");
    return new DiffService(
            service(),
            EventSink.to(events),
            new JdbcPendingSyncs(database),
            new HandOver(Duration.ZERO, Clock.systemUTC()))
        .onSyncRequested(
            detail.get("registry").asText(),
            detail.get("reason").asText(),
            detail.path("full").asBoolean(false),
            "test-diff-" + UUID.randomUUID(),
            remaining);
  }

  /** Every op of {@code plan} took effect once: one page per key, one audit entry per op. */
  private void assertAppliedOnce(UUID plan, int ops) {
    List<String> names = new ArrayList<>();
    for (ObjectNode p : notion.pages(members.dataSourceId())) {
      if (!p.path("in_trash").asBoolean()) {
        names.add(p.at("/properties/Name/title/0/plain_text").asText());
      }
    }
    assertThat(names).hasSize(ops).doesNotHaveDuplicates();
    assertThat(notion.requestLog().count("POST", "/v1/pages")).isEqualTo(ops);
    String entries =
        database.withConnection(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT count(*) || '/' || count(DISTINCT record_key)"
                              + " FROM chittysync.audit_entries WHERE type = 'sync.op'"
                              + " AND plan_id = '"
                              + plan
                              + "'")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThat(entries).isEqualTo(ops + "/" + ops);
    assertThat(service().planState(plan).orElseThrow().status().wire()).isEqualTo("applied");
    assertThat(service().drift(service().config(Optional.empty()), "members")).isEmpty();
  }

  // --- the functions' part: parse the event, call the service ---

  private DiffService.Outcome diff(JsonNode event) {
    JsonNode detail = event.get("detail");
    return diffService()
        .onSyncRequested(
            detail.get("registry").asText(),
            detail.get("reason").asText(),
            detail.path("full").asBoolean(false),
            "test-diff");
  }

  private JsonNode onlyPlanReady(DiffService.Outcome outcome) {
    List<JsonNode> ready = drain(PlanReady.DETAIL_TYPE);
    assertThat(ready).hasSize(1);
    return ready.get(0);
  }

  private ApplyService.Outcome apply(JsonNode event) {
    JsonNode detail = event.get("detail");
    return new ApplyService(service(), new JdbcReviewQueue(database), EventSink.to(events))
        .onPlanReady(
            detail.get("registry").asText(),
            UUID.fromString(detail.get("plan_id").asText()),
            "test-apply");
  }

  private ApplyService.Outcome applyWithin(JsonNode event, Duration remaining) {
    return applyWithin(service(), event, remaining);
  }

  /** As the apply function does in an invocation with {@code remaining} time left, no margin. */
  private ApplyService.Outcome applyWithin(SyncService sync, JsonNode event, Duration remaining) {
    JsonNode detail = event.get("detail");
    return new ApplyService(
            sync,
            new JdbcReviewQueue(database),
            EventSink.to(events),
            new HandOver(Duration.ZERO, Clock.systemUTC()))
        .onPlanReady(
            detail.get("registry").asText(),
            UUID.fromString(detail.get("plan_id").asText()),
            "test-apply-" + UUID.randomUUID(),
            remaining);
  }

  private JsonNode request(String registry) {
    ObjectNode event = Json.mapper().createObjectNode();
    event.putObject("detail").put("registry", registry).put("reason", "test");
    return event;
  }

  private DiffService diffService() {
    return new DiffService(service(), EventSink.to(events), new JdbcPendingSyncs(database));
  }

  private Scheduler scheduler() {
    SyncService sync = service();
    return new Scheduler(
        () -> sync.config(Optional.empty()),
        new JdbcRegistryRows(database),
        EventSink.to(events),
        new JdbcPendingSyncs(database),
        Clock.fixed(now, ZoneOffset.UTC) /* moved by the test */);
  }

  private SyncService service() {
    return service(new NotionEndpointType(null));
  }

  /** The engine as a container builds it, with {@code notion} for the Notion endpoints. */
  private SyncService service(EndpointType notion) {
    return new SyncService(
        Environment.of(env),
        database,
        new AuditLog(database, Clock.systemUTC()),
        Clock.systemUTC(),
        Set.of(new PostgresEndpointType(null), notion, new SheetsEndpointType(null)));
  }

  private List<JsonNode> drain(String type) {
    return tap.drain(type);
  }

  private List<String> notionNames() {
    List<String> names = new ArrayList<>();
    for (ObjectNode p : notion.pages(people.dataSourceId())) {
      if (!p.path("in_trash").asBoolean()) {
        names.add(p.at("/properties/Name/title/0/plain_text").asText());
      }
    }
    return names;
  }

  private Map<String, String> rows() {
    return database.withConnection(
        c -> {
          Map<String, String> out = new TreeMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT name, email FROM people")) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2));
            }
          }
          return out;
        });
  }

  /** Each run as {@code kind:status}, oldest first. */
  private List<String> runKinds() {
    return database.withConnection(
        c -> {
          List<String> out = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT kind || ':' || status FROM chittysync.runs ORDER BY started_at")) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
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

  private static ObjectNode page(String name, String email) throws Exception {
    return json(
        "{\"Name\":{\"title\":[{\"text\":{\"content\":\""
            + name
            + "\"}}]},\"Email\":{\"email\":\""
            + email
            + "\"}}");
  }

  private static ObjectNode json(String json) throws Exception {
    return (ObjectNode) Json.mapper().readTree(json);
  }
}
