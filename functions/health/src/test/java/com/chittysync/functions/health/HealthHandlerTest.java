package com.chittysync.functions.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.PgBouncer;
import com.chittysync.testkit.SampleEvents;
import com.chittysync.testkit.Stderr;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class HealthHandlerTest {
  private TestDatabase db;

  @BeforeEach
  void freshDatabase() {
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private void migrate() {
    Migrator.of(DatabaseSettings.from(Environment.of(db.env()))).migrate();
  }

  private static APIGatewayV2HTTPEvent sample(String name) {
    return LambdaEventSerializers.serializerFor(
            APIGatewayV2HTTPEvent.class, HealthHandlerTest.class.getClassLoader())
        .fromJson(SampleEvents.read("health", name));
  }

  private static APIGatewayV2HTTPResponse invoke(Map<String, String> env, String event) {
    HealthHandler handler = new HealthHandler(HealthComponent.create(env).healthService());
    return handler.handleRequest(sample(event), null);
  }

  private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
    return Json.mapper().readTree(response.getBody());
  }

  /** The full report, as the operator's {@code chittysync health} prints it. */
  private static JsonNode report(Map<String, String> env) throws Exception {
    return Json.mapper()
        .readTree(HealthHandler.toJson(HealthComponent.create(env).healthService().check()));
  }

  /** Asserts that {@code body} holds a status overall and per check, and nothing else. */
  private static void assertOnlyStatuses(JsonNode body) {
    assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("status", "checks");
    body.get("checks")
        .fields()
        .forEachRemaining(
            check -> {
              assertThat(check.getValue().fieldNames())
                  .toIterable()
                  .as(check.getKey())
                  .containsExactly("status");
              assertThat(check.getValue().get("status").asText()).isIn("ok", "degraded", "down");
            });
  }

  @Test
  void theHealthCheckLogsOneJsonLineWithTheRequestId() {
    migrate();
    Map<String, String> env = new HashMap<>(MotoServer.shared().env());
    env.putAll(db.env());
    HealthHandler handler = new HealthHandler(HealthComponent.create(env).healthService());
    com.chittysync.observe.log.LogSettings.json();
    java.util.List<String> lines;
    try {
      lines =
          com.chittysync.testkit.Stdout.of(
                  () ->
                      handler.handleRequest(
                          sample("get-health.json"),
                          com.chittysync.testkit.TestLambdaContext.of("h-1", "health")))
              .lines();
    } finally {
      com.chittysync.observe.log.LogSettings.text();
    }
    assertThat(com.chittysync.testkit.LogLineCheck.violations(lines)).isEmpty();
    assertThat(com.chittysync.testkit.LogLineCheck.logLines(lines))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("function").asText()).isEqualTo("health");
              assertThat(line.get("request_id").asText()).isEqualTo("h-1");
              assertThat(line.get("message").asText()).startsWith("health: ");
            });
  }

  @Test
  void migratedDatabaseIsOkWith200() throws Exception {
    migrate();
    APIGatewayV2HTTPResponse response = invoke(db.env(), "get-health.json");
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    JsonNode body = body(response);
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.at("/checks/database/status").asText()).isEqualTo("ok");
    assertThat(body.at("/checks/migrations/status").asText()).isEqualTo("ok");
    JsonNode full = report(db.env());
    assertThat(full.get("version").asText()).isNotBlank();
    assertThat(full.at("/checks/migrations/pending").asInt()).isZero();
    assertThat(full.at("/checks/database/duration_ms").isNumber()).isTrue();
  }

  @Test
  void publicHealthSaysOnlyOkDegradedOrDownPerCheck() throws Exception {
    migrate();
    APIGatewayV2HTTPResponse response = invoke(db.env(), "get-health.json");
    assertOnlyStatuses(body(response));
    assertThat(response.getBody())
        .doesNotContain("server_version")
        .doesNotContain("127.0.0.1")
        .doesNotContain(db.url().substring(db.url().lastIndexOf('/') + 1));
    // The operator's CLI report still has the details.
    assertThat(report(db.env()).at("/checks/database/server_version").asText()).isNotBlank();
  }

  @Test
  void unmigratedDatabaseIsDownWith503() throws Exception {
    APIGatewayV2HTTPResponse response = invoke(db.env(), "get-health.json");
    assertThat(response.getStatusCode()).isEqualTo(503);
    JsonNode body = body(response);
    assertThat(body.get("status").asText()).isEqualTo("down");
    assertThat(body.at("/checks/database/status").asText()).isEqualTo("ok");
    assertThat(body.at("/checks/migrations/status").asText()).isEqualTo("down");
    assertThat(report(db.env()).at("/checks/migrations/message").asText())
        .contains("pending")
        .contains("chittysync migrate");
  }

  @Test
  void misconfiguredDatabaseIsDownWithAClearMessageAndNoSecret() throws Exception {
    APIGatewayV2HTTPResponse response =
        invoke(Map.of("DATABASE_URL", "mysql://admin:hunter2@db.internal/app"), "get-health.json");
    assertThat(response.getStatusCode()).isEqualTo(503);
    assertThat(response.getBody())
        .doesNotContain("hunter2")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(
            report(Map.of("DATABASE_URL", "mysql://admin:hunter2@db.internal/app"))
                .at("/checks/database/message")
                .asText())
        .isEqualTo(
            "config.invalid: DATABASE_URL: unsupported URL scheme 'mysql'; expected postgres://, postgresql:// or jdbc:postgresql://");
  }

  @Test
  void unreachableDatabaseIsDownNotAnError() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env =
        Map.of("DATABASE_URL", "postgres://postgres:hunter2@127.0.0.1:" + port + "/statedb");
    APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
    String log = Stderr.of(() -> response[0] = invoke(env, "get-health.json"));
    assertThat(response[0].getStatusCode()).isEqualTo(503);
    assertOnlyStatuses(body(response[0]));
    assertThat(body(response[0]).at("/checks/database/status").asText()).isEqualTo("down");
    assertThat(response[0].getBody())
        .doesNotContain("127.0.0.1")
        .doesNotContain(String.valueOf(port))
        .doesNotContain("statedb")
        .doesNotContain("hunter2");
    assertThat(log)
        .as("the details go to the log")
        .contains(
            "database.unavailable: cannot connect to the state database at 127.0.0.1:"
                + port
                + "/statedb")
        .doesNotContain("hunter2");
  }

  @Test
  void otherMethodsAreRefusedWith405() {
    APIGatewayV2HTTPResponse response = invoke(db.env(), "post-health.json");
    assertThat(response.getStatusCode()).isEqualTo(405);
    assertThat(response.getHeaders()).containsEntry("allow", "GET, HEAD");
  }

  @Test
  void worksThroughATransactionModePooler() throws Exception {
    migrate();
    APIGatewayV2HTTPResponse response = invoke(db.pooledEnv(PgBouncer.shared()), "get-health.json");
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(report(db.pooledEnv(PgBouncer.shared())).at("/checks/database/target").asText())
        .contains(":" + PgBouncer.shared().port() + "/");
  }

  @Test
  void databaseUrlFromSecretsManagerReferenceResolves() throws Exception {
    migrate();
    MotoServer moto = MotoServer.shared();
    String secretId = "chittysync/" + UUID.randomUUID() + "/database";
    try (SecretsManagerClient admin =
        SecretsManagerClient.builder()
            .endpointOverride(URI.create(moto.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .build()) {
      admin.createSecret(b -> b.name(secretId).secretString("{\"url\":\"" + db.url() + "\"}"));
    }
    Map<String, String> env = new HashMap<>(moto.env());
    env.put("DATABASE_URL", "secretsmanager:" + secretId + "#url");
    APIGatewayV2HTTPResponse response = invoke(env, "get-health.json");
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).doesNotContain("secretsmanager:");
  }

  @Test
  void unresolvableSecretReferenceIsDownAndNamesTheSecret() throws Exception {
    Map<String, String> env = new HashMap<>(MotoServer.shared().env());
    env.put("DATABASE_URL", "secretsmanager:chittysync/nope#url");
    APIGatewayV2HTTPResponse response = invoke(env, "get-health.json");
    assertThat(response.getStatusCode()).isEqualTo(503);
    assertThat(response.getBody()).doesNotContain("chittysync/nope");
    assertThat(report(env).at("/checks/database/message").asText())
        .isEqualTo("secret.unresolved: DATABASE_URL: secret 'chittysync/nope' does not exist");
  }

  @Test
  void eventsWaitingInADeadLetterQueueDegradeHealthAndAreCounted() throws Exception {
    migrate();
    Map<String, String> env = new HashMap<>(MotoServer.shared().env());
    env.putAll(db.env());
    try (software.amazon.awssdk.services.sqs.SqsClient sqs =
        new AwsClientConfig(env)
            .configure(software.amazon.awssdk.services.sqs.SqsClient.builder(), "SQS")
            .build()) {
      String empty = sqs.createQueue(b -> b.queueName("diff-dlq-" + UUID.randomUUID())).queueUrl();
      String full = sqs.createQueue(b -> b.queueName("apply-dlq-" + UUID.randomUUID())).queueUrl();
      env.put("CHITTYSYNC_DEAD_LETTER_QUEUES", empty + "," + full);
      APIGatewayV2HTTPResponse quiet = invoke(env, "get-health.json");
      assertThat(quiet.getStatusCode()).as(quiet.getBody()).isEqualTo(200);

      sqs.sendMessage(b -> b.queueUrl(full).messageBody("{\"detail-type\":\"PlanReady\"}"));
      APIGatewayV2HTTPResponse response = invoke(env, "get-health.json");
      assertThat(response.getStatusCode()).isEqualTo(503);
      assertThat(body(response).at("/checks/dead_letter_queues/status").asText())
          .isEqualTo("degraded");
      JsonNode check = report(env).at("/checks/dead_letter_queues");
      assertThat(check.get("status").asText()).isEqualTo("degraded");
      assertThat(check.get("message").asText()).contains("1 event(s) in dead-letter queues");
      assertThat(check.at("/messages/" + full.substring(full.lastIndexOf('/') + 1)).asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void everySampleEventParses() {
    for (var path : SampleEvents.of("health")) {
      APIGatewayV2HTTPEvent event = sample(path.getFileName().toString());
      assertThat(event.getRequestContext().getHttp().getMethod()).isNotBlank();
      assertThat(event.getRawPath()).isEqualTo("/health");
    }
  }
}
