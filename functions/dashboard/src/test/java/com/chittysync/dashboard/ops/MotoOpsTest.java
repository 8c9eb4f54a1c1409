package com.chittysync.dashboard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.EventPublisher;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.state.jdbc.JdbcPendingSyncs;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Dead letters and "sync now" against moto_server's SQS and EventBridge, with the real SDK. */
class MotoOpsTest {
  private final Map<String, String> env = MotoServer.shared().env();
  private final AwsClientConfig aws = new AwsClientConfig(env);
  private EventBusTap tap;
  private EventPublisher bus;
  private SqsClient sqs;
  private String diffDlq;
  private String applyDlq;

  @BeforeEach
  void setUp() {
    tap = EventBusTap.create(env, SyncRequested.DETAIL_TYPE, PlanReady.DETAIL_TYPE);
    bus = new EventPublisher(tap.bus(), () -> aws.eventBridge(Duration.ofSeconds(5)));
    sqs = aws.configure(SqsClient.builder(), "SQS").build();
    diffDlq = sqs.createQueue(b -> b.queueName("diff-dlq-" + UUID.randomUUID())).queueUrl();
    applyDlq = sqs.createQueue(b -> b.queueName("apply-dlq-" + UUID.randomUUID())).queueUrl();
  }

  @AfterEach
  void tearDown() {
    sqs.close();
    bus.close();
    tap.close();
  }

  private SqsDeadLetters letters(EventPublisher to) {
    return new SqsDeadLetters(List.of(diffDlq, applyDlq), () -> sqs, to);
  }

  /** An EventBridge event as the bus delivers it. */
  private static String event(String type, String detail) {
    return "{\"version\":\"0\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"detail-type\":\""
        + type
        + "\",\"source\":\"chittysync\",\"account\":\"123456789012\",\"time\":\"2026-12-07T20:00:00Z\","
        + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":"
        + detail
        + "}";
  }

  /** What the EventBridge rule sends to its dead-letter queue: the event, attributes beside it. */
  private void ruleDeadLetter(String queue, String body, int retries) {
    sqs.sendMessage(
        b ->
            b.queueUrl(queue)
                .messageBody(body)
                .messageAttributes(
                    Map.of(
                        "RETRY_ATTEMPTS",
                        MessageAttributeValue.builder()
                            .dataType("Number")
                            .stringValue(String.valueOf(retries))
                            .build(),
                        "ERROR_CODE",
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue("SDK_CLIENT_ERROR")
                            .build())));
  }

  /** What Lambda sends to the on-failure destination: an invocation record around the event. */
  private void lambdaDeadLetter(String queue, String event) {
    sqs.sendMessage(
        b ->
            b.queueUrl(queue)
                .messageBody(
                    "{\"version\":\"1.0\",\"timestamp\":\"2026-12-07T20:00:01.000Z\","
                        + "\"requestContext\":{\"requestId\":\"r-1\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:x:$LATEST\","
                        + "\"condition\":\"RetriesExhausted\",\"approximateInvokeCount\":3},"
                        + "\"requestPayload\":"
                        + event
                        + ",\"responseContext\":{\"statusCode\":200,\"functionError\":\"Unhandled\"},"
                        + "\"responsePayload\":{\"errorMessage\":\"boom\"}}"));
  }

  private int depth(String queue) {
    return Integer.parseInt(
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(queue)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  private void fill() {
    ruleDeadLetter(
        diffDlq, event("SyncRequested", "{\"registry\":\"people\",\"reason\":\"schedule\"}"), 4);
    lambdaDeadLetter(
        applyDlq,
        event(
            "PlanReady",
            "{\"registry\":\"people\",\"plan_id\":\"" + UUID.randomUUID() + "\",\"ops\":2}"));
    ruleDeadLetter(
        diffDlq, event("SyncRequested", "{\"registry\":\"places\",\"reason\":\"api\"}"), 1);
    // A schedule tick names no registry; a body that is no JSON at all.
    lambdaDeadLetter(
        diffDlq,
        "{\"version\":\"0\",\"id\":\"t\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}");
    sqs.sendMessage(b -> b.queueUrl(diffDlq).messageBody("not json <script>"));
  }

  @Test
  void peeksWithoutConsumingAndCountsByRegistry() {
    fill();
    SqsDeadLetters letters = letters(bus);
    assertThat(letters.configured()).isTrue();
    assertThat(letters.countsByRegistry()).isEqualTo(Map.of("people", 2, "places", 1));
    // Looking again sees the same: nothing was taken.
    assertThat(letters.countsByRegistry()).isEqualTo(Map.of("people", 2, "places", 1));

    List<DeadLetters.Letter> people = letters.list("people", 10);
    assertThat(people).hasSize(2);
    assertThat(people)
        .extracting(DeadLetters.Letter::type)
        .containsExactlyInAnyOrder("SyncRequested", "PlanReady");
    DeadLetters.Letter request =
        people.stream().filter(l -> l.type().equals("SyncRequested")).findFirst().orElseThrow();
    assertThat(request.queue()).isEqualTo(diffDlq.substring(diffDlq.lastIndexOf('/') + 1));
    assertThat(request.receiveCount()).as("EventBridge's retries and the first try").isEqualTo(5);
    assertThat(request.sentAt()).isNotNull();
    assertThat(request.body()).contains("\"reason\":\"schedule\"");
    DeadLetters.Letter plan =
        people.stream().filter(l -> l.type().equals("PlanReady")).findFirst().orElseThrow();
    assertThat(plan.receiveCount()).as("Lambda's invoke count").isEqualTo(3);
    assertThat(letters.list("people", 1)).hasSize(1);
    assertThat(letters.list("nobody", 10)).isEmpty();
  }

  @Test
  void redriveSendsTheEventsBackOnTheBusAndDeletesThemOnce() {
    fill();
    SqsDeadLetters letters = letters(bus);
    DeadLetters.Redrive r = letters.redrive("people");
    assertThat(r).isEqualTo(new DeadLetters.Redrive(2, 0));

    List<JsonNode> requested = tap.drain(SyncRequested.DETAIL_TYPE, 1, Duration.ofSeconds(10));
    assertThat(requested).hasSize(1);
    assertThat(requested.get(0).at("/detail/registry").asText()).isEqualTo("people");
    assertThat(requested.get(0).at("/detail/reason").asText()).isEqualTo("schedule");
    assertThat(requested.get(0).at("/detail/redriven_from").asText()).isNotBlank();
    List<JsonNode> ready = tap.drain(PlanReady.DETAIL_TYPE, 1, Duration.ofSeconds(10));
    assertThat(ready).hasSize(1);
    assertThat(ready.get(0).at("/detail/ops").asInt()).isEqualTo(2);

    // The rest is given back at once, and visible to the next look.
    assertThat(letters.countsByRegistry()).isEqualTo(Map.of("places", 1));
    assertThat(depth(diffDlq)).isEqualTo(3);
    assertThat(depth(applyDlq)).isZero();

    // Again: nothing left to move, nothing sent twice.
    assertThat(letters.redrive("people")).isEqualTo(new DeadLetters.Redrive(0, 0));
    assertThat(tap.drain(SyncRequested.DETAIL_TYPE)).isEmpty();
  }

  @Test
  void aRedriveTheBusRefusesKeepsTheMessages() {
    fill();
    EventPublisher nowhere =
        new EventPublisher(
            "no-such-bus-" + UUID.randomUUID(), () -> aws.eventBridge(Duration.ofSeconds(5)));
    try (nowhere) {
      DeadLetters.Redrive r = letters(nowhere).redrive("people");
      assertThat(r).isEqualTo(new DeadLetters.Redrive(0, 2));
    }
    assertThat(letters(bus).countsByRegistry()).isEqualTo(Map.of("people", 2, "places", 1));
  }

  @Test
  void syncNowPutsSyncRequestedWithTheActor() {
    String id = new EventBridgeSyncRequests(bus).request("people", "user:ann@example.com");
    assertThat(id).isNotBlank();
    List<JsonNode> requested = tap.drain(SyncRequested.DETAIL_TYPE, 1, Duration.ofSeconds(10));
    assertThat(requested).hasSize(1);
    JsonNode e = requested.get(0);
    assertThat(e.path("id").asText()).isEqualTo(id);
    assertThat(e.path("source").asText()).isEqualTo("chittysync");
    assertThat(e.at("/detail/registry").asText()).isEqualTo("people");
    assertThat(e.at("/detail/reason").asText()).isEqualTo("dashboard");
    assertThat(e.at("/detail/actor").asText()).isEqualTo("user:ann@example.com");
  }

  @Test
  void aSecondSyncNowWhileTheFirstWaitsJoinsItWithoutASecondEvent() {
    try (TestDatabase db = TestPostgres.createDatabase()) {
      DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
      Migrator.of(settings).migrate();
      try (Database database = Database.open(settings)) {
        JdbcPendingSyncs pending = new JdbcPendingSyncs(database);
        EventBridgeSyncRequests syncNow = new EventBridgeSyncRequests(bus, pending);
        assertThat(syncNow.request("people", "user:ann@example.com")).isNotBlank();
        assertThat(syncNow.request("people", "user:bo@example.com")).isNull();
        assertThat(tap.drain(SyncRequested.DETAIL_TYPE, 1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(pending.pending("people").orElseThrow().actors())
            .containsExactly("user:ann@example.com", "user:bo@example.com");

        // Once the sync claimed it, the next click asks again.
        pending.claim("people");
        assertThat(syncNow.request("people", "user:bo@example.com")).isNotBlank();
        assertThat(tap.drain(SyncRequested.DETAIL_TYPE, 1, Duration.ofSeconds(10))).hasSize(1);
      }
    }
  }

  @Test
  void theSettingIsValidated() {
    assertThat(SqsDeadLetters.queues("")).isEmpty();
    assertThat(
            SqsDeadLetters.queues(
                " https://sqs.us-east-1.amazonaws.com/1/a , ,http://127.0.0.1:5000/1/b"))
        .containsExactly("https://sqs.us-east-1.amazonaws.com/1/a", "http://127.0.0.1:5000/1/b");
    assertThatThrownBy(() -> SqsDeadLetters.queues("my-dlq"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(SqsDeadLetters.SETTING)
        .hasMessageContaining("my-dlq");
  }
}
