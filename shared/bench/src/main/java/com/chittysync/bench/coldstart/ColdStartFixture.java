package com.chittysync.bench.coldstart;

import com.chittysync.audit.NoteSigner;
import com.chittysync.aws.AwsClientConfig;
import com.chittysync.bench.ScratchDatabase;
import com.chittysync.core.json.Json;
import com.chittysync.store.DatabaseUrl;
import com.chittysync.sync.config.ConfigSigner;
import com.chittysync.testkit.MotoServer;
import com.chittysync.testkit.SampleEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the functions find when they start, as in a real deployment: a migrated scratch PostgreSQL
 * database, moto_server for AWS with the event bus, the dead-letter queue and the webhook's
 * verification token, and a signed config with two registries (a postgres to postgres one the
 * schedule, diff and apply functions sync, and a Notion-fed one the webhook's sample delivery
 * routes to).
 */
final class ColdStartFixture implements AutoCloseable {
  /** The sample delivery's parent, which the webhook must route to a registry. */
  private static final String NOTION_DATABASE = "0ef104cd477e80e18571cfd10e92339a";

  private final ScratchDatabase scratch;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final AtomicInteger people = new AtomicInteger();

  private ColdStartFixture(ScratchDatabase scratch, Path dir) throws IOException {
    this.scratch = scratch;
    sql(
        "CREATE TABLE people_a (name text PRIMARY KEY, email text);"
            + "CREATE TABLE people_b (name text PRIMARY KEY, email text);"
            + "CREATE TABLE projects (id text PRIMARY KEY);"
            + "INSERT INTO people_a VALUES ('Ada', 'ada@example.com'), ('Bo', 'bo@example.com')");
    Path config = writeConfig(dir);
    NoteSigner key = NoteSigner.generate("chittysync-bench");
    ConfigSigner.sign(config, key);

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    env.putAll(MotoServer.shared().env());
    env.put("DATABASE_URL", databaseUrl(scratch.url()));
    env.put("CHITTYSYNC_CONFIG", config.toString());
    // Signed and required, as production should run: it also proves the webhook's minimized jar
    // still has the Ed25519 code that checks the signature.
    env.put("CHITTYSYNC_REQUIRE_SIGNED_CONFIG", "true");
    env.put("ENGINE_PUBKEY_HEX", HexFormat.of().formatHex(key.publicKey()));
    env.put("CHITTYSYNC_EVENT_BUS", "chittysync-bench-" + suffix);
    env.put("CHITTYSYNC_NOTION_WEBHOOK_SECRET", "chittysync-bench/" + suffix + "/webhook");
    createAwsResources(suffix);
  }

  /**
   * Creates the fixture.
   *
   * @throws org.opentest4j.TestAbortedException when moto_server is not installed
   */
  static ColdStartFixture create() throws IOException {
    MotoServer.shared(); // first, so a missing moto_server leaves no database behind
    ScratchDatabase scratch = ScratchDatabase.create(2);
    try {
      return new ColdStartFixture(scratch, Files.createTempDirectory("chittysync-coldstart"));
    } catch (IOException | RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  /** The functions' own environment variables (template.yaml's, pointed at this fixture). */
  Map<String, String> env() {
    return Map.copyOf(env);
  }

  /**
   * Readies the world for one cold start of {@code function} and returns its event: a fresh
   * delivery for the webhook (the log of seen deliveries is emptied, or it would be a duplicate), a
   * changed row for diff to plan, and for apply the plan that diff stored last.
   */
  String prepare(LambdaFunction function, Optional<String> lastPlanId) {
    String event = SampleEvents.read(function.name(), function.event());
    switch (function.name()) {
      case "webhook" -> sql("DELETE FROM chittysync.webhook_deliveries");
      case "diff" -> {
        int n = people.incrementAndGet();
        sql("INSERT INTO people_a VALUES ('Person " + n + "', 'p" + n + "@example.com')");
      }
      case "apply" -> {
        if (lastPlanId.isPresent()) {
          ObjectNode json = (ObjectNode) read(event);
          ((ObjectNode) json.get("detail")).put("plan_id", lastPlanId.get());
          event = json.toString();
        }
      }
      default -> {}
    }
    return event;
  }

  private static JsonNode read(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("sample event is not JSON", e);
    }
  }

  private static Path writeConfig(Path dir) throws IOException {
    Files.writeString(
        dir.resolve("any.schema.json"), "{\"type\":\"object\",\"additionalProperties\":true}");
    Path config = dir.resolve("chittysync.yaml");
    Files.writeString(
        config,
        """
        registries:
          people:
            schema: any.schema.json
            key: name
            schedule: rate(1 minute)
            endpoints:
              a: {type: postgres, table: people_a, fields: {name: name, email: email}}
              b: {type: postgres, table: people_b, fields: {name: name, email: email}}
          projects:
            schema: any.schema.json
            key: project_id
            endpoints:
              notion:
                type: notion
                database_id: %s
                fields: {project_id: "Project ID"}
              store: {type: postgres, table: projects, fields: {project_id: id}}
        """
            .formatted(NOTION_DATABASE));
    return config;
  }

  /** The bus, the dead-letter queue health reports on, and the token the sample is signed with. */
  private void createAwsResources(String suffix) {
    AwsClientConfig aws = new AwsClientConfig(env);
    try (EventBridgeClient events = aws.eventBridge(Duration.ofSeconds(10));
        SqsClient sqs = aws.configure(SqsClient.builder(), "SQS").build();
        SecretsManagerClient secrets = aws.secretsManager(Duration.ofSeconds(10))) {
      events.createEventBus(b -> b.name(env.get("CHITTYSYNC_EVENT_BUS")));
      String dlq = sqs.createQueue(b -> b.queueName("chittysync-bench-dlq-" + suffix)).queueUrl();
      env.put("CHITTYSYNC_DEAD_LETTER_QUEUES", dlq);
      String token =
          read(read(SampleEvents.read("webhook", "post-handshake.json")).get("body").asText())
              .get("verification_token")
              .asText();
      secrets.createSecret(
          b ->
              b.name(env.get("CHITTYSYNC_NOTION_WEBHOOK_SECRET"))
                  .secretString(
                      Json.mapper()
                          .createObjectNode()
                          .put("verification_token", token)
                          .toString()));
    }
  }

  private static String databaseUrl(DatabaseUrl url) {
    String credentials =
        url.user()
            .map(
                u -> encode(u) + url.password().map(p -> ":" + encode(p.reveal())).orElse("") + "@")
            .orElse("");
    return "postgresql://" + credentials + url.hosts() + "/" + url.database();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void sql(String sql) {
    try (Connection c = scratch.database().connection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    scratch.close();
  }
}
