package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends webhook events the way Notion does: signed, minified, aggregated per entity over a short
 * window, asynchronous, retried with {@code attempt_number} up to 8 attempts, optionally duplicated
 * and out of order. Tests call {@link #awaitQuiescence} before asserting.
 *
 * <p>Aggregation is per (entity, event type): several property edits of one page within the window
 * become one {@code page.properties_updated} listing the union of property ids and authors.
 */
public final class WebhookDeliverer implements AutoCloseable {
  private final Clock clock;
  private final String workspaceId;
  private final String workspaceName;
  private final String integrationId;
  private final ScheduledExecutorService scheduler;
  private final HttpClient http;
  private final Random random = new Random();
  private final List<WebhookSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
  private final Map<String, Aggregate> pending = new LinkedHashMap<>();
  private final Object quiet = new Object();
  private int outstanding;

  private volatile Duration window = Duration.ofMillis(100);
  private volatile List<Duration> retrySchedule =
      List.of(
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(200),
          Duration.ofMillis(400),
          Duration.ofMillis(800),
          Duration.ofMillis(1600),
          Duration.ofMillis(3200));
  private volatile int maxAttempts = 8;
  private volatile Duration timeout = Duration.ofSeconds(5);
  private volatile boolean duplicate;
  private volatile boolean shuffle;

  private static final class Aggregate {
    final PageEvent first;
    final Map<String, String> authors = new LinkedHashMap<>();
    final Set<String> properties = new LinkedHashSet<>();
    Instant last;

    Aggregate(PageEvent first) {
      this.first = first;
      this.last = first.at();
    }
  }

  WebhookDeliverer(Clock clock, String workspaceId, String workspaceName, String integrationId) {
    this.clock = clock;
    this.workspaceId = workspaceId;
    this.workspaceName = workspaceName;
    this.integrationId = integrationId;
    this.scheduler =
        Executors.newScheduledThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "notion-emulator-webhooks");
              t.setDaemon(true);
              return t;
            });
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * Subscribes {@code url} with API version 2025-09-03 and sends the signed one-time verification
   * request. A null token gets a fresh {@code secret_...} token.
   */
  public WebhookSubscription subscribe(URI url, String verificationToken) {
    return subscribe(url, verificationToken, "2025-09-03");
  }

  /** As {@link #subscribe(URI, String)} with the {@code api_version} events carry. */
  public WebhookSubscription subscribe(URI url, String verificationToken, String apiVersion) {
    String token =
        verificationToken != null
            ? verificationToken
            : "secret_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
    WebhookSubscription sub = new WebhookSubscription(Ids.newId(), url, token, apiVersion);
    subscriptions.add(sub);
    ObjectNode body = Json.object();
    body.put("verification_token", token);
    begin();
    scheduler.execute(() -> send(sub, null, "verification", null, Json.write(body), 1, false));
    return sub;
  }

  /** Stops delivering to a subscription. */
  public void unsubscribe(WebhookSubscription subscription) {
    subscriptions.remove(subscription);
  }

  /** The subscriptions. */
  public List<WebhookSubscription> subscriptions() {
    return List.copyOf(subscriptions);
  }

  /** How long events for one entity are collected before one aggregated event goes out. */
  public WebhookDeliverer aggregationWindow(Duration window) {
    this.window = window;
    return this;
  }

  /**
   * Delays before attempts 2, 3, ...; the last one repeats. Notion spreads 8 attempts over ~24h.
   */
  public WebhookDeliverer retrySchedule(List<Duration> delays) {
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("empty retry schedule");
    }
    this.retrySchedule = List.copyOf(delays);
    return this;
  }

  /** Total attempts per event (Notion: 8). */
  public WebhookDeliverer maxAttempts(int attempts) {
    this.maxAttempts = attempts;
    return this;
  }

  /** How long to wait for the receiver before counting an attempt as failed. */
  public WebhookDeliverer timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Deliver every event twice (same id), as at-least-once delivery may. */
  public WebhookDeliverer duplicateDeliveries(boolean duplicate) {
    this.duplicate = duplicate;
    return this;
  }

  /** Deliver events in a random order (random extra delay per event). */
  public WebhookDeliverer shuffleOrder(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /** Every attempt made so far, verification requests included. */
  public List<WebhookDelivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Forgets recorded deliveries. */
  public void clearDeliveries() {
    deliveries.clear();
  }

  /**
   * Waits until no event is waiting for its aggregation window and no attempt or retry is
   * scheduled. Returns false on timeout.
   */
  public boolean awaitQuiescence(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (quiet) {
      while (outstanding > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(quiet, left);
      }
      return true;
    }
  }

  /** Receives page changes from the store. */
  void onPageEvent(PageEvent event) {
    if (subscriptions.isEmpty()) {
      return;
    }
    String key = event.pageId() + "|" + event.type();
    synchronized (pending) {
      Aggregate agg = pending.get(key);
      if (agg == null) {
        agg = new Aggregate(event);
        pending.put(key, agg);
        begin();
        scheduler.schedule(() -> flush(key), window.toMillis(), TimeUnit.MILLISECONDS);
      }
      agg.authors.put(event.authorId(), event.authorType());
      agg.properties.addAll(event.updatedPropertyIds());
      agg.last = event.at();
    }
  }

  private void flush(String key) {
    try {
      Aggregate agg;
      synchronized (pending) {
        agg = pending.remove(key);
      }
      if (agg == null) {
        return;
      }
      String eventId = Ids.newId();
      for (WebhookSubscription sub : subscriptions) {
        int copies = duplicate ? 2 : 1;
        for (int c = 0; c < copies; c++) {
          long delay = shuffle ? random.nextInt(Math.max(1, (int) window.toMillis() + 50)) : 0;
          begin();
          scheduler.schedule(() -> attempt(sub, eventId, agg, 1), delay, TimeUnit.MILLISECONDS);
        }
      }
    } finally {
      end();
    }
  }

  private void attempt(WebhookSubscription sub, String eventId, Aggregate agg, int attempt) {
    String body = envelope(sub, eventId, agg, attempt);
    send(sub, eventId, agg.first.type(), agg, body, attempt, true);
  }

  /** Sends one attempt; schedules the next on failure. Always ends one outstanding unit. */
  private void send(
      WebhookSubscription sub,
      String eventId,
      String type,
      Aggregate agg,
      String body,
      int attempt,
      boolean retry) {
    try {
      String signature = WebhookSigner.sign(sub.verificationToken(), body);
      int status;
      try {
        HttpRequest request =
            HttpRequest.newBuilder(sub.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Notion-Signature", signature)
                .header("User-Agent", "notion-api-emulator")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        status = -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = -1;
      }
      deliveries.add(
          new WebhookDelivery(
              sub.id(),
              eventId,
              type,
              agg == null ? null : agg.first.pageId(),
              attempt,
              status,
              body,
              signature,
              Instant.now()));
      boolean ok = status >= 200 && status < 300;
      if (!ok && retry && attempt < maxAttempts && subscriptions.contains(sub)) {
        List<Duration> schedule = retrySchedule;
        Duration delay = schedule.get(Math.min(attempt - 1, schedule.size() - 1));
        begin();
        scheduler.schedule(
            () -> attempt(sub, eventId, agg, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      end();
    }
  }

  private String envelope(WebhookSubscription sub, String eventId, Aggregate agg, int attempt) {
    PageEvent e = agg.first;
    ObjectNode out = Json.object();
    out.put("id", eventId);
    out.put("timestamp", Json.timestamp(agg.last));
    out.put("workspace_id", workspaceId);
    out.put("workspace_name", workspaceName);
    out.put("subscription_id", sub.id());
    out.put("integration_id", integrationId);
    out.put("type", e.type());
    ArrayNode authors = out.putArray("authors");
    agg.authors.forEach((id, type) -> authors.addObject().put("id", id).put("type", type));
    out.put("attempt_number", attempt);
    out.put("api_version", sub.apiVersion());
    ObjectNode entity = out.putObject("entity");
    entity.put("id", e.pageId());
    entity.put("type", "page");
    ObjectNode data = out.putObject("data");
    ObjectNode parent = data.putObject("parent");
    parent.put("id", e.databaseId());
    parent.put("type", "database");
    parent.put("data_source_id", e.dataSourceId());
    if (e.type().equals("page.properties_updated")) {
      ArrayNode props = data.putArray("updated_properties");
      agg.properties.forEach(props::add);
    }
    return Json.write(out);
  }

  private void begin() {
    synchronized (quiet) {
      outstanding++;
    }
  }

  private void end() {
    synchronized (quiet) {
      outstanding--;
      if (outstanding == 0) {
        quiet.notifyAll();
      }
    }
  }

  /** The clock events are stamped with (the emulator's). */
  Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
