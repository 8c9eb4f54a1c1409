package com.chittysync.intake;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fresh EventBridge bus with a rule sending ChittySync's {@code SyncRequested} events to a fresh
 * SQS queue, which tests drain to see what was published: the same path a sync consumer uses.
 */
final class BusQueue implements AutoCloseable {
  final String bus = "chittysync-test-" + UUID.randomUUID();
  private final EventBridgeClient events;
  private final SqsClient sqs;
  private final String queueUrl;

  BusQueue(AwsClientConfig aws) {
    events = aws.eventBridge(Duration.ofSeconds(10));
    sqs = aws.configure(SqsClient.builder(), "SQS").build();
    events.createEventBus(b -> b.name(bus));
    queueUrl = sqs.createQueue(b -> b.queueName("sync-requests-" + UUID.randomUUID())).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    events.putRule(
        b ->
            b.name("sync-requested")
                .eventBusName(bus)
                .eventPattern("{\"source\":[\"chittysync\"],\"detail-type\":[\"SyncRequested\"]}"));
    events.putTargets(
        b -> b.rule("sync-requested").eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
  }

  /**
   * Receives until {@code expected} events arrived or {@code within} passed, then a little longer
   * to catch any extra; returns the events (the whole EventBridge envelope) in arrival order.
   */
  List<JsonNode> drain(int expected, Duration within) {
    List<JsonNode> received = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    boolean extraRound = false;
    while (true) {
      List<Message> messages =
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      for (Message m : messages) {
        try {
          received.add(Json.mapper().readTree(m.body()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
      if (received.size() >= expected && messages.isEmpty()) {
        if (extraRound) {
          return received;
        }
        extraRound = true;
      }
      if (System.nanoTime() > deadline) {
        return received;
      }
    }
  }

  @Override
  public void close() {
    sqs.close();
    events.close();
  }
}
