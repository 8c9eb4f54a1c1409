package com.chittysync.dashboard.ops;

import com.chittysync.aws.EventPublisher;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The pipeline's SQS dead-letter queues ({@value #SETTING}).
 *
 * <p>What waits there, as {@code template.yaml} wires them: each asynchronously invoked function
 * (schedule, diff, apply) has one queue, fed by Lambda after the function's retries (an invocation
 * record whose {@code requestPayload} is the EventBridge event) and by the EventBridge rule when it
 * could not invoke the function at all (the event itself, with {@code RETRY_ATTEMPTS} among the
 * message attributes). The queues are no SQS redrive-policy dead-letter queues: no source queue
 * exists to move a message back to. Redriving therefore puts the event back on the bus with
 * PutEvents, where the function's rule picks it up as it picked the original. The schedule's ticks
 * ({@code aws.events} scheduled events) name no registry and are never redriven: the next tick asks
 * again anyway.
 *
 * <p>Reading peeks: ReceiveMessage with {@code VisibilityTimeout=0}, at most {@value #MAX_RECEIVES}
 * receives of {@value #PER_RECEIVE} messages per queue, stopping at the first that brings nothing
 * new. SQS samples its servers, so a look at a large queue sees a bounded part of it.
 *
 * <p>Redrive takes each message out of sight for {@value #REDRIVE_HIDE_SECONDS} s while it works,
 * so two redrives at once never both send it; it deletes a message only once its event is on the
 * bus, and gives back (visible again at once) every message it did not move. EventBridge takes no
 * client event id, so the redriven event carries the message id as {@code detail.redriven_from};
 * the one duplicate left possible (the send succeeded, the delete failed) is one the consumers
 * already absorb: a repeated {@code SyncRequested} plans again, a repeated {@code PlanReady} is
 * recognised as a duplicate.
 */
public final class SqsDeadLetters implements DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetters.class);

  /** Comma-separated SQS queue URLs of the dead-letter queues (the health function's setting). */
  public static final String SETTING = "CHITTYSYNC_DEAD_LETTER_QUEUES";

  static final int MAX_RECEIVES = 10;
  static final int PER_RECEIVE = 10;
  static final int REDRIVE_HIDE_SECONDS = 60;

  /** The most of a message body a letter keeps. */
  static final int MAX_BODY_CHARS = 16 * 1024;

  private final List<String> queues;
  private final Supplier<SqsClient> sqs;
  private final EventPublisher bus;

  /**
   * @param queues the dead-letter queues' URLs ({@link #queues(String)} reads the setting)
   * @param sqs the SQS client, built lazily by the caller if it likes
   * @param bus where redriven events go: the pipeline's bus
   */
  public SqsDeadLetters(List<String> queues, Supplier<SqsClient> sqs, EventPublisher bus) {
    this.queues = List.copyOf(queues);
    this.sqs = sqs;
    this.bus = bus;
  }

  /**
   * The queue URLs of {@value #SETTING}: comma-separated, blanks ignored.
   *
   * @throws ConfigException naming the setting when an entry is no http(s) URL with a queue path
   */
  public static List<String> queues(String setting) {
    List<String> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String raw : setting == null ? new String[0] : setting.split(",")) {
      String q = raw.strip();
      if (q.isEmpty()) {
        continue;
      }
      try {
        URI uri = new URI(q);
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
            || uri.getHost() == null
            || path.length() < 2
            || path.endsWith("/")) {
          throw new URISyntaxException(q, "not a queue URL");
        }
        if (!out.contains(q)) {
          out.add(q);
        }
      } catch (URISyntaxException e) {
        problems.add(
            SETTING
                + ": '"
                + q
                + "' is not an SQS queue URL like https://sqs.us-east-1.amazonaws.com/123456789012/name");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return List.copyOf(out);
  }

  @Override
  public boolean configured() {
    return !queues.isEmpty();
  }

  @Override
  public Map<String, Integer> countsByRegistry() {
    // Every open fleet page refreshes every 10 s: one look per queue serves them all for a while.
    Counted cached = counted;
    long now = System.nanoTime();
    if (cached != null && now - cached.at() < COUNTS_TTL_NANOS) {
      return cached.counts();
    }
    Map<String, Integer> counts = look();
    counted = new Counted(Map.copyOf(counts), now);
    return counts;
  }

  /** How long a look at the queues' counts is reused: a dead letter is not urgent to the second. */
  static final long COUNTS_TTL_NANOS = TimeUnit.SECONDS.toNanos(15);

  private record Counted(Map<String, Integer> counts, long at) {}

  private volatile Counted counted;

  private Map<String, Integer> look() {
    Map<String, Integer> counts = new TreeMap<>();
    for (String queue : queues) {
      for (Letter l : peek(queue)) {
        if (!l.registry().isEmpty()) {
          counts.merge(l.registry(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  @Override
  public List<Letter> list(String registry, int limit) {
    List<Letter> out = new ArrayList<>();
    for (String queue : queues) {
      for (Letter l : peek(queue)) {
        if (l.registry().equals(registry)) {
          out.add(l);
        }
      }
    }
    out.sort(Comparator.comparing(Letter::sentAt, Comparator.nullsLast(Comparator.naturalOrder())));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
  }

  @Override
  public Redrive redrive(String registry) {
    counted = null;
    int moved = 0;
    int failed = 0;
    for (String queue : queues) {
      Redrive r = redrive(queue, registry);
      moved += r.moved();
      failed += r.failed();
    }
    return new Redrive(moved, failed);
  }

  private Redrive redrive(String queue, String registry) {
    SqsClient client = sqs.get();
    int moved = 0;
    int failed = 0;
    // Messages of other registries (and ones that cannot be redriven) stay hidden until this pass
    // ends, so the receives move on to the rest; then they are given back at once.
    List<String> giveBack = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_RECEIVES; i++) {
        List<Message> messages =
            client
                .receiveMessage(
                    b ->
                        b.queueUrl(queue)
                            .maxNumberOfMessages(PER_RECEIVE)
                            .visibilityTimeout(REDRIVE_HIDE_SECONDS)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                .messages();
        if (messages.isEmpty()) {
          break;
        }
        for (Message m : messages) {
          Optional<EventPublisher.Event> event = event(m, registry);
          if (event.isEmpty()) {
            giveBack.add(m.receiptHandle());
            continue;
          }
          try {
            bus.publish(List.of(event.get()));
          } catch (RuntimeException e) {
            LOG.warn("cannot redrive message {} of {}: {}", m.messageId(), queue, e.getMessage());
            failed++;
            giveBack.add(m.receiptHandle());
            continue;
          }
          moved++;
          try {
            client.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
          } catch (SdkException e) {
            // Sent but still queued: it shows again after the hide, and a second redrive would
            // send it again (consumers absorb a repeated event).
            LOG.warn(
                "redrove message {} of {} but could not delete it: {}",
                m.messageId(),
                queue,
                e.getMessage());
          }
        }
      }
    } finally {
      for (String handle : giveBack) {
        try {
          client.changeMessageVisibility(
              b -> b.queueUrl(queue).receiptHandle(handle).visibilityTimeout(0));
        } catch (SdkException e) {
          LOG.warn("cannot give back a message of {}: {}", queue, e.getMessage());
        }
      }
    }
    return new Redrive(moved, failed);
  }

  /** The event to put back for {@code m}, when it is a ChittySync event of {@code registry}. */
  private static Optional<EventPublisher.Event> event(Message m, String registry) {
    Optional<JsonNode> event = parse(m.body()).map(SqsDeadLetters::eventOf);
    if (event.isEmpty()
        || !EventPublisher.SOURCE.equals(event.get().path("source").asText())
        || !event.get().path("detail").isObject()
        || !registry.equals(event.get().path("detail").path("registry").asText())
        || event.get().path("detail-type").asText().isEmpty()) {
      return Optional.empty();
    }
    ObjectNode detail = event.get().path("detail").deepCopy();
    detail.put("redriven_from", m.messageId());
    return Optional.of(
        new EventPublisher.Event(
            event.get().path("detail-type").asText(), registry, detail.toString()));
  }

  private List<Letter> peek(String queue) {
    SqsClient client = sqs.get();
    Map<String, Letter> seen = new LinkedHashMap<>();
    for (int i = 0; i < MAX_RECEIVES; i++) {
      List<Message> messages =
          client
              .receiveMessage(
                  b ->
                      b.queueUrl(queue)
                          .maxNumberOfMessages(PER_RECEIVE)
                          .visibilityTimeout(0)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                          .messageAttributeNames("All"))
              .messages();
      int before = seen.size();
      for (Message m : messages) {
        seen.putIfAbsent(m.messageId(), letter(queue, m));
      }
      if (seen.size() == before) {
        break;
      }
    }
    return List.copyOf(seen.values());
  }

  static Letter letter(String queueUrl, Message m) {
    String queue = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    Optional<JsonNode> body = parse(m.body());
    JsonNode event = body.map(SqsDeadLetters::eventOf).orElse(null);
    String registry = event == null ? "" : event.path("detail").path("registry").asText("");
    String type = event == null ? "" : event.path("detail-type").asText("");
    int attempts = attempts(m, body.orElse(null));
    String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    Instant sentAt = null;
    if (sent != null) {
      try {
        sentAt = Instant.ofEpochMilli(Long.parseLong(sent));
      } catch (NumberFormatException e) {
        sentAt = null;
      }
    }
    String text = m.body() == null ? "" : m.body();
    if (text.length() > MAX_BODY_CHARS) {
      text = text.substring(0, MAX_BODY_CHARS) + "…";
    }
    return new Letter(queue, m.messageId(), registry, type, text, attempts, sentAt);
  }

  /**
   * How often the pipeline tried the event before giving up: Lambda's invoke count, else
   * EventBridge's retries plus the first attempt, else SQS's receive count.
   */
  private static int attempts(Message m, JsonNode body) {
    if (body != null && body.path("requestContext").has("approximateInvokeCount")) {
      return body.path("requestContext").path("approximateInvokeCount").asInt();
    }
    var retries = m.messageAttributes().get("RETRY_ATTEMPTS");
    if (retries != null && retries.stringValue() != null) {
      try {
        return Integer.parseInt(retries.stringValue()) + 1;
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    String received = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return received == null ? 0 : Integer.parseInt(received);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The EventBridge event of a body: Lambda's record's {@code requestPayload}, or the body. */
  private static JsonNode eventOf(JsonNode body) {
    return body.has("requestPayload") && body.path("requestContext").isObject()
        ? body.path("requestPayload")
        : body;
  }

  private static Optional<JsonNode> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(body);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The queues, for messages. */
  public List<String> queueUrls() {
    return queues;
  }
}
