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
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.jdbc.JdbcPendingSyncs;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  private WebhookHandshakes handshakes;
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
    database.withConnection(
        c -> {
          try (var st = c.createStatement()) {
            st.execute(
                "TRUNCATE chittysync.notion_webhook_candidates, chittysync.notion_webhook_verified,"
                    + " chittysync.pending_syncs");
          }
          return null;
        });
    handshakes = new WebhookHandshakes(database);
    aws = new AwsClientConfig(awsEnv());
    queue = EventBusTap.create(awsEnv(), SyncRequestPublisher.DETAIL_TYPE);
    secretId = "chittysync-test/" + UUID.randomUUID() + "/notion-webhook";
    tokens =
        new VerificationTokenStore(
            secretId, () -> aws.secretsManager(Duration.ofSeconds(5)), Clock.systemUTC());
    service = service(queue.bus());
  }

  private NotionWebhookService service(String bus) throws IOException {
    return service(bus, database);
  }

  private NotionWebhookService service(String bus, Database database) throws IOException {
    Path config = dir.resolve("chittysync.yaml");
    Files.writeString(config, RegistryRouterTest.CONFIG);
    Map<String, String> env = new HashMap<>(db.env());
    env.put("CHITTYSYNC_CONFIG", config.toString());
    Supplier<RegistryRouter> router = new ConfiguredRouter(Environment.of(env), null);
    return new NotionWebhookService(
        tokens,
        new WebhookHandshakes(database),
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
    return deliverFrom("198.51.100.7", body, signature);
  }

  private HttpResult deliverFrom(String sourceIp, byte[] body, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (signature != null) {
      headers.put("x-notion-signature", signature);
    }
    return service.handle(headers, body, sourceIp);
  }

  private static byte[] handshakeBody(String token) {
    return ("{\"verification_token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private HttpResult signedWith(String token, JsonNode event) {
    byte[] body = NotionFixtures.raw(event);
    return deliver(body, WebhookSignature.sign(token, body));
  }

  private List<String> pendingTokens() {
    return handshakes.pending().stream().map(c -> c.token().reveal()).toList();
  }

  /** Moves every candidate's arrival {@code age} into the past. */
  private void age(Duration age) {
    database.withConnection(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "UPDATE chittysync.notion_webhook_candidates SET received_at = received_at -"
                      + " make_interval(secs => ?), expires_at = expires_at - make_interval(secs"
                      + " => ?)")) {
            ps.setLong(1, age.toSeconds());
            ps.setLong(2, age.toSeconds());
            ps.executeUpdate();
          }
          return null;
        });
  }

  private HttpResult signed(JsonNode event) {
    byte[] body = NotionFixtures.raw(event);
    return deliver(body, WebhookSignature.sign(TOKEN, body));
  }

  private void handshake() {
    byte[] body = handshakeBody(TOKEN);
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
  void handshakeTokenWaitsAsACandidateWithItsSourceWithoutBeingLoggedOrStored() throws IOException {
    byte[] body = NotionFixtures.bytes("webhook-verification-request.body.json");
    JsonNode vector = NotionFixtures.json("webhook-signature-test-vector.json");
    String fixtureToken = vector.get("verification_token").asText();
    HttpResult[] result = new HttpResult[1];
    String log =
        stderrOf(() -> result[0] = deliver(body, vector.get("expected_header_value").asText()));
    assertThat(result[0].status()).isEqualTo(200);
    assertThat(body(result[0]).get("status").asText()).isEqualTo("verification_token_pending");
    List<WebhookHandshakes.Candidate> pending = handshakes.pending();
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).token()).isEqualTo(Secret.of(fixtureToken));
    assertThat(pending.get(0).sourceIp()).contains("198.51.100.7");
    assertThat(pending.get(0).expiresAt())
        .isEqualTo(pending.get(0).receivedAt().plus(WebhookHandshakes.PENDING_FOR));
    assertThat(tokens.current()).as("not stored until a delivery verifies it").isEmpty();
    assertThat(log).contains("pending").contains("198.51.100.7").doesNotContain(fixtureToken);
    assertThat(result[0].body()).doesNotContain(fixtureToken);
  }

  @Test
  void unsignedHandshakeIsTakenInButAWronglySignedOneIsNot() {
    byte[] body = handshakeBody(TOKEN);
    assertThat(deliver(body, WebhookSignature.sign("other", body)).status()).isEqualTo(401);
    assertThat(pendingTokens()).isEmpty();
    assertThat(deliver(body, null).status()).isEqualTo(200);
    assertThat(pendingTokens()).containsExactly(TOKEN);
  }

  @Test
  void handshakeAfterAVerifiedDeliveryIsRefused() throws IOException {
    handshake();
    assertThat(signed(pageInProjects()).status()).isEqualTo(200);
    assertThat(tokens.current()).contains(Secret.of(TOKEN));
    assertThat(handshakes.verified()).isPresent();

    String planted = "secret_" + UUID.randomUUID().toString().replace("-", "");
    HttpResult[] refused = new HttpResult[2];
    String log =
        stderrOf(
            () -> {
              refused[0] = deliverFrom("203.0.113.66", handshakeBody(planted), null);
              refused[1] = deliverFrom("203.0.113.67", handshakeBody(planted), null);
            });
    for (HttpResult r : refused) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body()).contains("webhook.handshake_refused").doesNotContain(planted);
    }
    assertThat(log).contains("handshake from 203.0.113.66 refused").doesNotContain(planted);
    assertThat(pendingTokens()).isEmpty();
    assertThat(tokens.current()).contains(Secret.of(TOKEN));
    assertThat(signedWith(planted, pageInProjects()).status()).isEqualTo(401);
    assertThat(signed(pageInSharedDataSource()).status())
        .as("the genuine token still verifies")
        .isEqualTo(200);
  }

  @Test
  void aDeliverySignedWithOneCandidatePromotesItAndDropsTheOthers() {
    String other = "secret_" + UUID.randomUUID().toString().replace("-", "");
    assertThat(deliverFrom("203.0.113.5", handshakeBody(other), null).status()).isEqualTo(200);
    handshake();
    assertThat(pendingTokens()).containsExactly(other, TOKEN);
    assertThat(signed(pageInProjects()).status()).isEqualTo(200);
    assertThat(pendingTokens()).isEmpty();
    assertThat(tokens.current()).contains(Secret.of(TOKEN));
    WebhookHandshakes.Verified mark = handshakes.verified().orElseThrow();
    assertThat(mark.tokenSha256()).isEqualTo(WebhookHandshakes.sha256(Secret.of(TOKEN)));
    assertThat(mark.sourceIp()).contains("198.51.100.7");
    assertThat(signedWith(other, pageInProjects()).status()).isEqualTo(401);
  }

  @Test
  void candidatesAreBoundedInSizeNumberRateAndTime() {
    String huge = "secret_" + "x".repeat(WebhookHandshakes.MAX_TOKEN_CHARS);
    HttpResult tooLong = deliver(handshakeBody(huge), null);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("over " + WebhookHandshakes.MAX_TOKEN_CHARS);

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < WebhookHandshakes.MAX_PER_MINUTE; i++) {
      sent.add("secret_rate_" + i);
      assertThat(deliver(handshakeBody(sent.get(i)), null).status()).isEqualTo(200);
    }
    HttpResult tooFast = deliver(handshakeBody("secret_rate_more"), null);
    assertThat(tooFast.status()).isEqualTo(429);
    assertThat(tooFast.body()).contains("webhook.handshake_refused");

    age(Duration.ofMinutes(2));
    for (int i = sent.size(); i < WebhookHandshakes.MAX_PENDING; i++) {
      sent.add("secret_full_" + i);
      assertThat(deliver(handshakeBody(sent.get(i)), null).status()).isEqualTo(200);
    }
    age(Duration.ofMinutes(2));
    assertThat(deliver(handshakeBody("secret_one_too_many"), null).status()).isEqualTo(429);
    assertThat(pendingTokens()).containsExactlyElementsOf(sent);

    age(WebhookHandshakes.PENDING_FOR);
    assertThat(pendingTokens()).as("expired after an hour").isEmpty();
    assertThat(signedWith(sent.get(0), pageInProjects()).status()).isEqualTo(401);
    assertThat(deliver(handshakeBody("secret_after_expiry"), null).status()).isEqualTo(200);
  }

  @Test
  void aHandshakeTokenPostgreSqlCannotStoreIsMalformedNotADatabaseError() {
    // JSON escapes, as an attacker would send them: a NUL (SQLSTATE 22021 in a text column) and a
    // lone surrogate (which the driver silently stores as '?', listing a token nobody sent).
    for (String token : List.of("secret_\\u0000x", "secret_\\ud800x", "secret_\\u0007x")) {
      HttpResult result = deliver(handshakeBody(token), null);
      assertThat(result.status()).as(token).isEqualTo(400);
      assertThat(result.body()).as(token).contains("input.malformed");
    }
    assertThat(pendingTokens()).isEmpty();
    assertThat(deliver(handshakeBody(TOKEN), null).status()).isEqualTo(200);
    assertThat(pendingTokens()).containsExactly(TOKEN);
  }

  @Test
  void aSignedDeliveryWhoseIdsPostgreSqlCannotStoreIs400NotADatabaseError() throws IOException {
    handshake();
    ObjectNode badId = pageInProjects();
    badId.put("id", "bad\u0000id");
    ObjectNode badPage = pageInProjects();
    ((ObjectNode) badPage.get("entity")).put("id", "page\u0001id");
    for (ObjectNode event : List.of(badId, badPage)) {
      HttpResult result = signed(event);
      assertThat(result.status()).as(result.body()).isEqualTo(400);
      assertThat(result.body()).contains("input.malformed");
    }
    // A lone surrogate can only arrive escaped, as JSON text.
    ObjectNode surrogate = pageInProjects();
    ((ObjectNode) surrogate.get("entity")).put("id", "PLACEHOLDER");
    byte[] raw =
        new String(NotionFixtures.raw(surrogate), StandardCharsets.UTF_8)
            .replace("PLACEHOLDER", "page\\ud800id")
            .getBytes(StandardCharsets.UTF_8);
    HttpResult lone = deliver(raw, WebhookSignature.sign(TOKEN, raw));
    assertThat(lone.status()).as(lone.body()).isEqualTo(400);
    assertThat(signed(pageInProjects()).status()).isEqualTo(200);
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 2, Duration.ofSeconds(3)))
        .as("only the good delivery requested a sync")
        .hasSize(1);
  }

  @Test
  void handshakeIsRefusedWhileTheDatabaseIsDown() throws IOException {
    Map<String, String> down = new HashMap<>(db.env());
    down.put(DatabaseSettings.DATABASE_URL, "postgresql://nobody@127.0.0.1:1/nowhere");
    down.put(DatabaseSettings.CONNECT_TIMEOUT_MS, "500");
    try (Database unreachable = Database.open(DatabaseSettings.from(Environment.of(down)))) {
      service = service(queue.bus(), unreachable);
      HttpResult result = deliver(handshakeBody(TOKEN), null);
      assertThat(result.status()).isEqualTo(503);
      assertThat(result.body()).contains("database.unavailable").doesNotContain("127.0.0.1");
    }
    assertThat(tokens.current()).isEmpty();
  }

  @Test
  void aBurstOfDeliveriesForOneRegistryRequestsOneSyncUntilItsSyncClaimsThem() throws IOException {
    handshake();
    HttpResult first = signed(pageInProjects());
    assertThat(body(first).get("registries")).hasSize(1);
    for (int i = 0; i < 3; i++) {
      HttpResult more = signed(pageInProjects());
      assertThat(more.status()).isEqualTo(200);
      assertThat(body(more).get("status").asText()).isEqualTo("accepted");
      assertThat(body(more).get("coalesced").toString()).contains("projects");
    }
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 2, Duration.ofSeconds(3))).hasSize(1);

    // The diff of the pending request claims it before reading: a later change needs a sync of
    // its own. The claimed sync stands for the four deliveries and their pages.
    PendingSyncs.Pending claimed = new JdbcPendingSyncs(database).claim("projects").orElseThrow();
    assertThat(claimed.requests()).isEqualTo(4);
    assertThat(claimed.eventIds()).hasSize(4);
    assertThat(claimed.pages()).isPresent();
    assertThat(body(signed(pageInProjects())).get("registries").toString()).contains("projects");
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 1, WAIT)).hasSize(1);
  }

  @Test
  void aConcurrentBurstOfDeliveriesPutsOneEventAndItsPendingSyncHoldsEveryPage() throws Exception {
    handshake();
    // The first delivery verifies the pending token on its own: the burst is about coalescing.
    Set<String> pages = ConcurrentHashMap.newKeySet();
    ObjectNode first = pageInProjects();
    String firstPage = UUID.randomUUID().toString();
    ((ObjectNode) first.get("entity")).put("id", firstPage);
    pages.add(firstPage);
    assertThat(signed(first).status()).isEqualTo(200);
    int threads = 4;
    int each = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      statuses.add(
          pool.submit(
              () -> {
                int ok = 0;
                for (int i = 0; i < each; i++) {
                  ObjectNode event = pageInProjects();
                  String page = UUID.randomUUID().toString();
                  ((ObjectNode) event.get("entity")).put("id", page);
                  pages.add(page);
                  // A delivery that waits too long for the registry's lock is answered 503 and
                  // recorded nowhere; Notion delivers it again, as this does.
                  int status = signed(event).status();
                  for (int retry = 0; status == 503 && retry < 5; retry++) {
                    status = signed(event).status();
                  }
                  if (status == 200) {
                    ok++;
                  }
                }
                return ok;
              }));
    }
    int accepted = 0;
    for (Future<Integer> f : statuses) {
      accepted += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(accepted).isEqualTo(threads * each);
    assertThat(queue.drain(SyncRequestPublisher.DETAIL_TYPE, 1, WAIT)).hasSize(1);
    PendingSyncs.Pending waiting = new JdbcPendingSyncs(database).pending("projects").orElseThrow();
    assertThat(waiting.requests()).isEqualTo(1 + threads * each);
    assertThat(waiting.pages().orElseThrow()).containsExactlyInAnyOrderElementsOf(pages);
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
  void aTokenStoredByAnotherContainerIsPickedUpAndMarkedVerified() throws IOException {
    // Another execution environment promoted the token (or an older version stored it): this one
    // has never read the secret.
    new VerificationTokenStore(
            secretId, () -> aws.secretsManager(Duration.ofSeconds(5)), Clock.systemUTC())
        .store(Secret.of(TOKEN));
    assertThat(signed(pageInProjects()).status()).isEqualTo(200);
    assertThat(handshakes.verified().orElseThrow().tokenSha256())
        .isEqualTo(WebhookHandshakes.sha256(Secret.of(TOKEN)));
    assertThat(deliver(handshakeBody("secret_late"), null).status()).isEqualTo(403);
  }

  @Test
  void answersWellWithinThreeSeconds() {
    handshake();
    long start = System.nanoTime();
    assertThat(signed(pageInSharedDataSource()).status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
