package com.chittysync.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.intake.VerificationTokenStore;
import com.chittysync.intake.WebhookHandshakes;
import com.chittysync.observe.log.LogSettings;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.EmfCheck;
import com.chittysync.testkit.EventBusTap;
import com.chittysync.testkit.LogLineCheck;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.SampleEvents;
import com.chittysync.testkit.Stdout;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestLambdaContext;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real handler, wired by its Dagger component from environment variables, invoked with the
 * sample API Gateway events of {@code events/webhook/} against PostgreSQL and moto.
 */
class WebhookHandlerTest {
  /** The page.created sample's parent: the documented example's parent page id. */
  private static final String CONFIG =
      """
      registries:
        projects:
          schema: schemas/project.schema.json
          key: project_id
          endpoints:
            notion:
              type: notion
              database_id: 0ef104cd477e80e18571cfd10e92339a
              fields: {project_id: "Project ID"}
      """;

  @TempDir Path dir;
  private TestDatabase db;
  private Map<String, String> env;
  private EventBusTap bus;

  @BeforeEach
  void setUp() throws IOException {
    db = TestPostgres.createDatabase();
    Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
    Path config = dir.resolve("chittysync.yaml");
    Files.writeString(config, CONFIG);
    env = new HashMap<>(MotoServer.shared().env());
    env.putAll(db.env());
    env.put("CHITTYSYNC_CONFIG", config.toString());
    env.put(
        "CHITTYSYNC_NOTION_WEBHOOK_SECRET", "chittysync-test/" + UUID.randomUUID() + "/webhook");
    bus = EventBusTap.create(env);
    env.put("CHITTYSYNC_EVENT_BUS", bus.bus());
  }

  @AfterEach
  void tearDown() {
    LogSettings.text();
    bus.close();
    db.close();
  }

  private static APIGatewayV2HTTPEvent sample(String name) {
    return LambdaEventSerializers.serializerFor(
            APIGatewayV2HTTPEvent.class, WebhookHandlerTest.class.getClassLoader())
        .fromJson(SampleEvents.read("webhook", name));
  }

  private List<JsonNode> drain() {
    return bus.drain();
  }

  @Test
  void sampleEventsGoThroughTheRealHandler() throws Exception {
    WebhookHandler handler =
        new WebhookHandler(WebhookComponent.create(env).notionWebhookService());

    APIGatewayV2HTTPResponse before = handler.handleRequest(sample("post-page-created.json"), null);
    assertThat(before.getStatusCode()).as("no token stored yet").isEqualTo(401);

    APIGatewayV2HTTPResponse handshake = handler.handleRequest(sample("post-handshake.json"), null);
    assertThat(handshake.getStatusCode()).isEqualTo(200);
    assertThat(handshake.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(handshake.getBody()).doesNotContain("secret_");

    APIGatewayV2HTTPResponse created =
        handler.handleRequest(sample("post-page-created.json"), null);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(200);
    assertThat(Json.mapper().readTree(created.getBody()).get("status").asText())
        .isEqualTo("accepted");

    // The same delivery, base64-encoded by API Gateway: decoded, verified, and a duplicate.
    APIGatewayV2HTTPResponse again =
        handler.handleRequest(sample("post-page-created-base64.json"), null);
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(again.getBody()).get("status").asText())
        .isEqualTo("duplicate");

    List<JsonNode> published = drain();
    assertThat(published).hasSize(1);
    assertThat(published.get(0).get("detail-type").asText()).isEqualTo("SyncRequested");
    assertThat(published.get(0).at("/detail/registry").asText()).isEqualTo("projects");
    assertThat(published.get(0).at("/detail/pages/0").asText())
        .isEqualTo("153104cd-477e-809d-8dc4-ff2d96ae3090");

    try (VerificationTokenStore store =
        VerificationTokenStore.from(Environment.of(env), new AwsClientConfig(env))) {
      assertThat(store.current().orElseThrow().reveal())
          .isEqualTo("secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl");
    }
    // The handshake's source is API Gateway's view of the caller, kept with the verified mark.
    try (Database database = Database.open(DatabaseSettings.from(Environment.of(env)))) {
      assertThat(new WebhookHandshakes(database).verified().orElseThrow().sourceIp())
          .contains("203.0.113.10");
    }
    APIGatewayV2HTTPResponse late = handler.handleRequest(sample("post-handshake.json"), null);
    assertThat(late.getStatusCode())
        .as("handshakes are refused once a token is in use")
        .isEqualTo(403);
  }

  @Test
  void deliveriesAreCountedAcceptedOrRefusedInJsonLinesThatNeverHoldTheToken() {
    WebhookHandler handler =
        new WebhookHandler(WebhookComponent.create(env).notionWebhookService());
    LogSettings.json();
    List<String> lines =
        Stdout.of(
            () -> {
              // No token yet: refused. The handshake, then the delivery: accepted.
              handler.handleRequest(
                  sample("post-page-created.json"), TestLambdaContext.of("w-1", "webhook"));
              handler.handleRequest(
                  sample("post-handshake.json"), TestLambdaContext.of("w-2", "webhook"));
              handler.handleRequest(
                  sample("post-page-created.json"), TestLambdaContext.of("w-3", "webhook"));
            });
    assertThat(LogLineCheck.violations(lines)).isEmpty();
    assertThat(EmfCheck.documents(lines)).hasSize(3);
    assertThat(EmfCheck.sum(lines, "WebhookDeliveriesAccepted", Map.of())).isEqualTo(2);
    assertThat(EmfCheck.sum(lines, "WebhookDeliveriesRefused", Map.of())).isEqualTo(1);
    assertThat(LogLineCheck.logLines(lines))
        .allSatisfy(line -> assertThat(line.get("function").asText()).isEqualTo("webhook"));
    assertThat(String.join("\n", lines))
        .as("the verification token is a secret")
        .doesNotContain("secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl");
  }

  @Test
  void brokenConfigIsA5xxNotA4xx() throws Exception {
    env.put("CHITTYSYNC_CONFIG", dir.resolve("missing.yaml").toString());
    WebhookHandler handler =
        new WebhookHandler(WebhookComponent.create(env).notionWebhookService());
    handler.handleRequest(sample("post-handshake.json"), null);
    APIGatewayV2HTTPResponse created =
        handler.handleRequest(sample("post-page-created.json"), null);
    assertThat(created.getStatusCode()).isEqualTo(500);
    assertThat(drain()).isEmpty();
  }

  @Test
  void missingSettingsFailAtInitAndNameTheSetting() {
    env.remove("CHITTYSYNC_EVENT_BUS");
    assertThatThrownBy(() -> WebhookComponent.create(env).notionWebhookService())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CHITTYSYNC_EVENT_BUS");
    env.put("CHITTYSYNC_EVENT_BUS", "bus");
    env.remove("CHITTYSYNC_NOTION_WEBHOOK_SECRET");
    assertThatThrownBy(() -> WebhookComponent.create(env).notionWebhookService())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CHITTYSYNC_NOTION_WEBHOOK_SECRET");
  }

  @Test
  void everySampleEventParses() {
    for (var path : SampleEvents.of("webhook")) {
      APIGatewayV2HTTPEvent event = sample(path.getFileName().toString());
      assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
      assertThat(event.getRawPath()).isEqualTo("/webhooks/notion");
      assertThat(event.getRouteKey()).isEqualTo("POST /webhooks/notion");
    }
  }
}
