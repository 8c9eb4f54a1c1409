package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private NotionEmulator emulator;
  private WebhookReceiver receiver;
  private Api api;
  private DataSourceHandle ds;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    receiver = new WebhookReceiver();
    api = new Api(emulator);
    ds =
        emulator.createDatabase(
            "T", Json.parseObject("{\"Name\":{\"title\":{}},\"Count\":{\"number\":{}}}"));
    emulator
        .webhooks()
        .aggregationWindow(Duration.ofMillis(150))
        .retrySchedule(List.of(Duration.ofMillis(10)));
  }

  @AfterEach
  void stop() {
    emulator.close();
    receiver.close();
  }

  private List<JsonNode> events() {
    List<JsonNode> out = new ArrayList<>();
    for (WebhookReceiver.Received r : receiver.received()) {
      JsonNode body = Json.parse(r.body());
      if (body.has("type")) {
        out.add(body);
      }
    }
    return out;
  }

  @Test
  void signerReproducesTheDocumentedTestVector() throws Exception {
    JsonNode vector = Api.fixture("webhook-signature-test-vector.json");
    byte[] raw = Files.readAllBytes(Api.FIXTURES.resolve(vector.get("raw_body_file").asText()));

    String signature = WebhookSigner.sign(vector.get("verification_token").asText(), raw);

    assertThat(signature).isEqualTo(vector.get("expected_header_value").asText());
    assertThat(new String(raw, StandardCharsets.UTF_8)).isEqualTo(vector.get("raw_body").asText());
    assertThat(WebhookSigner.verify(vector.get("verification_token").asText(), raw, signature))
        .isTrue();
  }

  @Test
  void subscribingSendsTheSignedVerificationRequest() throws Exception {
    JsonNode vector = Api.fixture("webhook-signature-test-vector.json");

    emulator.webhooks().subscribe(receiver.url(), vector.get("verification_token").asText());

    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();
    WebhookReceiver.Received handshake = receiver.received().get(0);
    assertThat(handshake.body()).isEqualTo(vector.get("raw_body").asText());
    assertThat(handshake.signature()).isEqualTo(vector.get("expected_header_value").asText());
  }

  @Test
  void apiAndHelperWritesProduceSignedEventsInTheDocumentedEnvelope() throws Exception {
    WebhookSubscription sub = emulator.webhooks().subscribe(receiver.url(), null);
    Api.Response created =
        api.post(
            "/v1/pages",
            "{\"parent\":{\"data_source_id\":\""
                + ds.dataSourceId()
                + "\"},\"properties\":{\"Name\":{\"title\":[{\"text\":{\"content\":\"a\"}}]}}}");
    String pageId = created.body().get("id").asText();
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();
    emulator.humanEdit(pageId, Json.parseObject("{\"Count\":{\"number\":1}}"));
    emulator.humanEdit(
        pageId, Json.parseObject("{\"Name\":{\"title\":[{\"text\":{\"content\":\"b\"}}]}}"));
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();
    emulator.trash(pageId);
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();
    emulator.restore(pageId);
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();

    List<JsonNode> events = events();
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly(
            "page.created", "page.properties_updated", "page.deleted", "page.undeleted");
    JsonNode fixture = Api.fixture("webhook-event.page.properties_updated.json");
    JsonNode updated = events.get(1);
    List<String> fixtureKeys = new ArrayList<>();
    fixture.fieldNames().forEachRemaining(fixtureKeys::add);
    fixtureKeys.remove("accessible_by"); // only for public integrations
    fixtureKeys.add(fixtureKeys.indexOf("attempt_number") + 1, "api_version");
    List<String> keys = new ArrayList<>();
    updated.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyElementsOf(fixtureKeys);
    // Two edits in one window aggregate into one event with both property ids.
    assertThat(updated.get("data").get("updated_properties"))
        .extracting(JsonNode::asText)
        .containsExactly(emulator.propertyId(ds.dataSourceId(), "Count"), "title");
    assertThat(updated.get("data").get("parent").get("data_source_id").asText())
        .isEqualTo(ds.dataSourceId());
    assertThat(updated.get("data").get("parent").get("id").asText()).isEqualTo(ds.databaseId());
    assertThat(updated.get("entity").get("id").asText()).isEqualTo(pageId);
    assertThat(updated.get("authors").get(0).get("type").asText()).isEqualTo("person");
    assertThat(events.get(0).get("authors").get(0).get("type").asText()).isEqualTo("bot");
    assertThat(updated.get("subscription_id").asText()).isEqualTo(sub.id());
    assertThat(updated.get("workspace_id").asText()).isEqualTo(emulator.workspaceId());
    for (WebhookReceiver.Received r : receiver.received()) {
      assertThat(r.body()).doesNotContain("\n", ": ");
      assertThat(
              WebhookSigner.verify(
                  sub.verificationToken(),
                  r.body().getBytes(StandardCharsets.UTF_8),
                  r.signature()))
          .isTrue();
    }
  }

  @Test
  void failedDeliveriesAreRetriedWithIncreasingAttemptNumbers() throws Exception {
    emulator.webhooks().subscribe(receiver.url(), "secret_x");
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();
    receiver.respondWith(500, 503, 404);

    emulator.createPage(
        ds.dataSourceId(),
        Json.parseObject("{\"Name\":{\"title\":[{\"text\":{\"content\":\"a\"}}]}}"));
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();

    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.get("attempt_number").asInt()).containsExactly(1, 2, 3, 4);
    assertThat(events)
        .extracting(e -> e.get("id").asText())
        .containsOnly(events.get(0).get("id").asText());
  }

  @Test
  void deliveryGivesUpAfterEightAttempts() throws Exception {
    emulator.webhooks().subscribe(receiver.url(), "secret_x");
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();
    receiver.respondWith(500, 500, 500, 500, 500, 500, 500, 500, 500, 500);

    emulator.createPage(ds.dataSourceId(), Json.parseObject("{}"));
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();

    assertThat(events())
        .extracting(e -> e.get("attempt_number").asInt())
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void duplicatesAndShuffledOrderCanBeRequested() throws Exception {
    emulator.webhooks().duplicateDeliveries(true).shuffleOrder(true);
    emulator.webhooks().subscribe(receiver.url(), "secret_x");
    for (int i = 0; i < 5; i++) {
      emulator.createPage(ds.dataSourceId(), Json.parseObject("{}"));
    }
    assertThat(emulator.webhooks().awaitQuiescence(WAIT)).isTrue();

    List<JsonNode> events = events();
    assertThat(events).hasSize(10);
    assertThat(events.stream().map(e -> e.get("id").asText()).distinct()).hasSize(5);
  }
}
