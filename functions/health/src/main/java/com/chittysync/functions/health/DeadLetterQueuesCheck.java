package com.chittysync.functions.health;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.LazyClient;
import com.chittysync.core.config.Environment;
import com.chittysync.core.health.CheckResult;
import com.chittysync.core.health.HealthCheck;
import com.chittysync.core.health.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reports events the pipeline gave up on: the messages waiting in the dead-letter queues of the
 * asynchronous functions (schedule, diff, apply), named by {@value #SETTING}. A non-empty queue is
 * {@code degraded}: a sync request or plan was dropped after its retries and needs an operator
 * (inspect the message, fix the cause, then redrive it or let the schedule ask again).
 */
public final class DeadLetterQueuesCheck implements HealthCheck {
  /** Comma-separated SQS queue URLs of the dead-letter queues. */
  public static final String SETTING = "CHITTYSYNC_DEAD_LETTER_QUEUES";

  private final List<String> queues;
  private final LazyClient<SqsClient> sqs;

  @Inject
  DeadLetterQueuesCheck(Environment env, AwsClientConfig aws) {
    this(
        queues(env.get(SETTING).orElse("")),
        new LazyClient<>(
            () ->
                aws.configure(SqsClient.builder(), "SQS")
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(2)))
                    .build()));
  }

  DeadLetterQueuesCheck(List<String> queues, LazyClient<SqsClient> sqs) {
    this.queues = List.copyOf(queues);
    // Every health request asks SQS: have the client ready by the first one (a cold start's
    // largest single cost otherwise).
    this.sqs = queues.isEmpty() ? sqs : sqs.warmInBackground("sqs");
  }

  private static List<String> queues(String setting) {
    List<String> out = new ArrayList<>();
    for (String q : setting.split(",")) {
      if (!q.isBlank()) {
        out.add(q.strip());
      }
    }
    return out;
  }

  @Override
  public String name() {
    return "dead_letter_queues";
  }

  @Override
  public CheckResult run() {
    if (queues.isEmpty()) {
      return CheckResult.ok(Map.of("configured", false));
    }
    Map<String, Object> waiting = new LinkedHashMap<>();
    int total = 0;
    for (String url : queues) {
      String count =
          sqs.get()
              .getQueueAttributes(
                  b ->
                      b.queueUrl(url)
                          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
              .attributes()
              .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0");
      int n = Integer.parseInt(count);
      waiting.put(url.substring(url.lastIndexOf('/') + 1), n);
      total += n;
    }
    Map<String, Object> details = Map.of("messages", waiting);
    if (total == 0) {
      return CheckResult.ok(details);
    }
    return CheckResult.of(
        HealthStatus.DEGRADED,
        total
            + " event(s) in dead-letter queues: syncs the pipeline gave up on after retries;"
            + " read them, fix the cause, then redrive (or let the schedule request them again)",
        details);
  }
}
