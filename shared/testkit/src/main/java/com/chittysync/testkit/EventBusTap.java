package com.chittysync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fresh EventBridge bus whose ChittySync events tests read back: a rule per detail type (or one
 * for every {@code chittysync} event) delivers to its own SQS queue, the path a real consumer's
 * rule takes. Works against moto or LocalStack, whichever {@code AWS_ENDPOINT_URL} in the given
 * environment points at.
 */
public final class EventBusTap implements AutoCloseable {
  /** The key of the queue that receives every ChittySync event. */
  public static final String ALL = "*";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bus = "chittysync-test-" + UUID.randomUUID();
  private final SqsClient sqs;
  private final Map<String, String> queues = new LinkedHashMap<>();

  /**
   * Creates the bus and a queue for each of {@code detailTypes} ({@code SyncRequested}, {@code
   * PlanReady}...), or one queue for every ChittySync event when none is given.
   *
   * @param env {@code AWS_ENDPOINT_URL}, {@code AWS_REGION} and credentials, as {@link
   *     MotoServer#env()} gives them
   */
  public static EventBusTap create(Map<String, String> env, String... detailTypes) {
    return new EventBusTap(env, detailTypes.length == 0 ? new String[] {ALL} : detailTypes);
  }

  private EventBusTap(Map<String, String> env, String[] detailTypes) {
    URI endpoint = URI.create(env.get("AWS_ENDPOINT_URL"));
    Region region = Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(
                env.getOrDefault("AWS_ACCESS_KEY_ID", "testing"),
                env.getOrDefault("AWS_SECRET_ACCESS_KEY", "testing")));
    sqs =
        SqsClient.builder()
            .endpointOverride(endpoint)
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    try (EventBridgeClient events =
        EventBridgeClient.builder()
            .endpointOverride(endpoint)
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      events.createEventBus(b -> b.name(bus));
      for (String type : detailTypes) {
        String name = type.equals(ALL) ? "all" : type;
        String url = sqs.createQueue(b -> b.queueName(name + "-" + UUID.randomUUID())).queueUrl();
        String arn =
            sqs.getQueueAttributes(
                    b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String pattern =
            type.equals(ALL)
                ? "{\"source\":[\"chittysync\"]}"
                : "{\"source\":[\"chittysync\"],\"detail-type\":[\"" + type + "\"]}";
        events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(pattern));
        events.putTargets(b -> b.rule(name).eventBusName(bus).targets(t -> t.id("q").arn(arn)));
        queues.put(type, url);
      }
    }
  }

  /** The bus's name, for {@code CHITTYSYNC_EVENT_BUS}. */
  public String bus() {
    return bus;
  }

  /** Every event delivered so far (when the tap was created for all events). */
  public List<JsonNode> drain() {
    return drain(ALL);
  }

  /**
   * The events of {@code detailType} delivered so far, whole EventBridge envelopes in arrival
   * order, removed from the queue. Polls until a second passes with nothing new.
   */
  public List<JsonNode> drain(String detailType) {
    return drain(detailType, 0, Duration.ZERO);
  }

  /**
   * As {@link #drain(String)}, but keeps polling until {@code expected} events arrived or {@code
   * within} passed, then once more to catch any extra.
   */
  public List<JsonNode> drain(String detailType, int expected, Duration within) {
    String url = queues.get(detailType);
    if (url == null) {
      throw new IllegalArgumentException("this tap has no queue for " + detailType);
    }
    List<JsonNode> received = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    boolean quietOnce = false;
    while (true) {
      List<Message> messages =
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      for (Message m : messages) {
        try {
          received.add(JSON.readTree(m.body()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
      if (!messages.isEmpty()) {
        continue;
      }
      // An empty poll: done once enough arrived (or time is up) and a second poll is empty too.
      if (received.size() >= expected || System.nanoTime() > deadline) {
        if (quietOnce) {
          return received;
        }
        quietOnce = true;
      }
    }
  }

  @Override
  public void close() {
    sqs.close();
  }
}
