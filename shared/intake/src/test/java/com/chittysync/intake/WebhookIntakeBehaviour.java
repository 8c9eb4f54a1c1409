package com.chittysync.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook intake end to end against real services: PostgreSQL for de-duplication, Secrets
 * Manager for the token, and EventBridge whose rule forwards to an SQS queue that the test drains.
 * Each subclass supplies the AWS emulator (moto everywhere, LocalStack where Docker runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookIntakeBehaviour {
  static final String TOKEN = "secret_" + UUID.randomUUID().toString().replace("-", "");
  private static final Duration WAIT = Duration.ofSeconds(5);

  private TestDatabase db;
  private Database database;
  private AwsClientConfig aws;
  @TempDir Path dir;

  private EventBusTap queue;
  private VerificationTokenStore tokens;
  private NotionWebhookService service;
  private String secretId;

  /** AWS_ENDPOINT_URL, AWS_REGION and credentials for the emulator. */
  abstract Map<String, String> awsEnv();

  @BeforeAll
  void database() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
  }

  @AfterAll
  void dropDatabase() {
    database.close();
    db.close();
  }

  @BeforeEach
  void wire() throws IOException {
    aws = new AwsClientConfig(awsEnv());
    queue = EventBusTap.create(awsEnv(), SyncRequestPublisher.DETAIL_TYPE);
    secretId = "chittysync-test/" + UUID.randomUUID() + "/notion-webhook";
    tokens =
        new VerificationTokenStore(
            secretId, () -> aws.secretsManager(Duration.ofSeconds(5)), Clock.systemUTC());
    service = service(queue.bus());
  }

  private NotionWebhookService service(String bus) throws IOException {
    Path config = dir.resolve("chittysync.yaml");
    Files.writeString(config, RegistryRouterTest.CONFIG);
    Map<String, String> env = new HashMap<>(db.env());
    env.put("CHITTYSYNC_CONFIG", config.toString());
    Supplier<RegistryRouter> router = new ConfiguredRouter(Environment.of(env), null);
    return new NotionWebhookService(
        tokens,
        new DeliveryLog(database),
        new SyncRequestPublisher(bus, () -> aws.eventBridge(Duration.ofSeconds(5))),
        router);
  }

  @AfterEach
  void close() {
    tokens.close();
    queue.close();
  }

  // ------------------------------------------------------------------ helpers

  private HttpResult deliver(byte[] body, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (signature != null) {
      headers.put("x-notion-signature", signature);
    }
    return service.handle(headers, body);
  }

  private HttpResult signed(JsonNode event) {
    byte[] body = NotionFixtures.raw(event);
    return deliver(body, WebhookSignature.sign(TOKEN, body));
  }

  private void handshake() {
    byte[] body = ("{\"verification_token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(deliver(body, WebhookSignature.sign(TOKEN, body)).status()).isEqualTo(200);
  }

  /** A page.properties_updated event for a page in the data source people and contacts use. */
  private static ObjectNode pageInSharedDataSource() {
    ObjectNode event = NotionFixtures.json("webhook-event.page.properties_updated.json");
    event.put("id", UUID.randomUUID().toString());
    ObjectNode parent = (ObjectNode) event.with("data").with("parent");
    parent.put("id", "0a0b0c0d-0000-4000-8000-000000000001");
    parent.put("type", "database");
    parent.put("data_source_id", RegistryRouterTest.DS_SHARED);
    return event;
  }

  /** The documented page.created event (its parent is the projects database), with a fresh id. */
  private static ObjectNode pageInProjects() {
    ObjectNode event = NotionFixtures.json("webhook-event.page.created.json");
    event.put("id", UUID.randomUUID().toString());
    return event;
  }

  private static JsonNode body(HttpResult result) throws IOException {
    return Json.mapper().readTree(result.body());
  }

  private boolean recorded(JsonNode event) {
    return new DeliveryLog(database).contains("notion", event.get("id").asText());
  }

  /** What {@code action} printed on stderr, where slf4j-simple logs. */
  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void handshakeIsAcceptedBeforeAnyTokenAndStoresItWithoutLoggingIt() throws IOException {
    assertThat(tokens.current()).isEmpty();
    byte[] body = NotionFixtures.bytes("webhook-verification-request.body.json");
    JsonNode vector = NotionFixtures.json("webhook-signature-test-vector.json");
    String fixtureToken = vector.get("verification_token").asText();
    HttpResult[] result = new HttpResult[1];
    String log =
        stderrOf(() -> result[0] = deliver(body, vector.get("expected_header_value").asText()));
    assertThat(result[0].status()).isEqualTo(200);
    assertThat(body(result[0]).get("status").asText()).isEqualTo("verification_token_stored");
    assertThat(tokens.current()).contains(Secret.of(fixtureToken));
    assertThat(log).contains("verification token stored").doesNotContain(fixtureToken);
    assertThat(result[0].body()).doesNotContain(fixtureToken);
  }

  @Test
  void unsignedHandshakeIsAcceptedButAWronglySignedOneIsNot() {
    byte[] body = ("{\"verification_token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(deliver(body, WebhookSignature.sign("other", body)).status()).isEqualTo(401);
    assertThat(tokens.current()).isEmpty();
    assertThat(deliver(body, null).status()).isEqualTo(200);
    assertThat(tokens.current()).contains(Secret.of(TOKEN));
  }

  @Test
  void signedEventIsPublishedOnceThroughTheBusToTheQueue() throws IOException {
    handshake();
    ObjectNode event = pageInProjects();
    HttpResult result = signed(event);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    assertThat(body(result).get("status").asText()).isEqualTo("accepted");
    List<JsonNode> published = queue.drain(SyncRequestPublisher.DETAIL_TYPE, 1, WAIT);
    assertThat(published).hasSize(1);
    JsonNode envelope = published.get(0);
    assertThat(envelope.get("source").asText()).isEqualTo("chittysync");
    assertThat(envelope.get("detail-type").asText()).isEqualTo("SyncRequested");
    JsonNode detail = envelope.get("detail");
    assertThat(detail.get("registry").asText()).isEqualTo("projects");
    assertThat(detail.get("reason").asText()).isEqualTo("notion.webhook");
    assertThat(detail.get("pages")).containsExactly(event.at("/entity/id"));
    assertThat(detail.get("event_ids")).containsExactly(event.get("id"));
    assertThat(recorded(event)).isTrue();
  }

  @Test
  void duplicateDeliveryPublishesOnlyOnce() throws IOException {
    handshake();
    ObjectNode event = pageInProjects();
    assertThat(signed(event).status()).isEqualTo(200);
    HttpResult again = signed(event);
    assertThat(again.status()).isEqualTo(200);
    assertThat(body(again).get("status").asText()).isEqualTo("duplicate");
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 1, WAIT)).hasSize(1);
  }

  @Test
  void dataSourceUsedByTwoRegistriesGivesTwoEvents() {
    handshake();
    ObjectNode event = pageInSharedDataSource();
    assertThat(signed(event).status()).isEqualTo(200);
    List<JsonNode> published = queue.drain(SyncRequestPublisher.DETAIL_TYPE, 2, WAIT);
    assertThat(published)
        .extracting(e -> e.at("/detail/registry").asText())
        .containsExactlyInAnyOrder("people", "contacts");
    assertThat(published)
        .allSatisfy(e -> assertThat(e.at("/detail/event_ids/0")).isEqualTo(event.get("id")));
  }

  @Test
  void badOrMissingSignatureIs401AndLeavesNoTrace() {
    handshake();
    ObjectNode event = pageInProjects();
    byte[] body = NotionFixtures.raw(event);
    assertThat(deliver(body, null).status()).isEqualTo(401);
    assertThat(deliver(body, WebhookSignature.sign("secret_wrong", body)).status()).isEqualTo(401);
    HttpResult forged = deliver(body, "sha256=deadbeef");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.body()).contains("webhook.signature_invalid");
    byte[] tampered = Arrays.copyOf(body, body.length + 1);
    tampered[body.length] = ' ';
    assertThat(deliver(tampered, WebhookSignature.sign(TOKEN, body)).status()).isEqualTo(401);
    assertThat(recorded(event)).isFalse();
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 0, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void eventsBeforeAnyHandshakeAre401() {
    ObjectNode event = pageInProjects();
    assertThat(signed(event).status()).isEqualTo(401);
    assertThat(recorded(event)).isFalse();
  }

  @Test
  void malformedJsonIs400AndOversizedBodyIs413() {
    handshake();
    byte[] broken = "{\"id\": ".getBytes(StandardCharsets.UTF_8);
    HttpResult bad = deliver(broken, WebhookSignature.sign(TOKEN, broken));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("input.malformed");
    byte[] huge = new byte[NotionWebhookService.MAX_BODY_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    HttpResult tooLarge = deliver(huge, WebhookSignature.sign(TOKEN, huge));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("input.too_large");
  }

  @Test
  void unknownAndIrrelevantTypesAre200AndIgnored() throws IOException {
    handshake();
    ObjectNode comment = NotionFixtures.json("webhook-event.comment.created.json");
    ObjectNode content = NotionFixtures.json("webhook-event.page.content_updated.json");
    ObjectNode future = pageInProjects();
    future.put("type", "page.teleported");
    for (ObjectNode event : List.of(comment, content, future)) {
      event.put("id", UUID.randomUUID().toString());
      HttpResult result = signed(event);
      assertThat(result.status()).as(event.get("type").asText()).isEqualTo(200);
      assertThat(body(result).get("status").asText()).isEqualTo("ignored");
      assertThat(recorded(event)).isFalse();
    }
    ObjectNode elsewhere = NotionFixtures.json("webhook-event.page.properties_updated.json");
    HttpResult result = signed(elsewhere);
    assertThat(body(result).get("status").asText()).isEqualTo("ignored");
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 0, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void failedPublishIs500WithoutDedupeRowSoTheRetrySucceeds() throws IOException {
    handshake();
    ObjectNode event = pageInProjects();
    NotionWebhookService working = service;
    service = service("chittysync-test-no-such-bus-" + UUID.randomUUID());
    HttpResult failed = signed(event);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.body()).doesNotContain(TOKEN);
    assertThat(recorded(event)).isFalse();
    service = working;
    assertThat(signed(event).status()).isEqualTo(200);
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 1, WAIT)).hasSize(1);
    assertThat(recorded(event)).isTrue();
  }

  @Test
  void aNewHandshakeKeepsThePreviousTokenValid() {
    handshake();
    String newToken = "secret_" + UUID.randomUUID();
    byte[] body =
        ("{\"verification_token\":\"" + newToken + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(deliver(body, null).status()).isEqualTo(200);
    assertThat(tokens.current()).contains(Secret.of(newToken));
    assertThat(signed(pageInProjects()).status())
        .as("signed with the previous token")
        .isEqualTo(200);
    ObjectNode event = pageInProjects();
    byte[] raw = NotionFixtures.raw(event);
    assertThat(deliver(raw, WebhookSignature.sign(newToken, raw)).status()).isEqualTo(200);
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 2, WAIT)).hasSize(2);
  }

  @Test
  void aTokenStoredByAnotherContainerIsPickedUp() throws IOException {
    // Another execution environment took the handshake: this one has never read the secret.
    new VerificationTokenStore(
            secretId, () -> aws.secretsManager(Duration.ofSeconds(5)), Clock.systemUTC())
        .store(Secret.of(TOKEN));
    assertThat(signed(pageInProjects()).status()).isEqualTo(200);
  }

  @Test
  void answersWellWithinThreeSeconds() {
    handshake();
    long start = System.nanoTime();
    assertThat(signed(pageInSharedDataSource()).status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
