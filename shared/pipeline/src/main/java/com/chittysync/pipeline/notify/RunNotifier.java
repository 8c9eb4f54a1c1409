package com.chittysync.pipeline.notify;

import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.RunLog.RunSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a run of a registry is recorded, tells a chat channel when the registry's state changed:
 * one message in the shape Slack and Microsoft Teams incoming webhooks take ({@code {"text":
 * "..."}}) when its runs turn from healthy to failing or needing attention, between those two, and
 * back to healthy. Not one per run: the state last told is kept per registry ({@link
 * NotificationStore}), and a registry first seen healthy is recorded without a message.
 *
 * <p>The webhook URL comes from {@value #VARIABLE} (usually a {@code secretsmanager:} reference,
 * resolved when the first message is due). Unset, this does nothing at all. Telling never fails the
 * run: a failure is logged, and the change is given back so that the next run tells it.
 *
 * <p>The message names the registry, the run, its kind and trigger, never a record value nor the
 * run's error text (which may quote one): people look those up on the dashboard.
 */
public final class RunNotifier {
  /** The setting holding the incoming webhook's URL. */
  public static final String VARIABLE = "CHITTYSYNC_NOTIFY_WEBHOOK";

  private static final Logger LOG = LoggerFactory.getLogger(RunNotifier.class);

  /** How many recent runs to look through for the latest finished one. */
  private static final int RECENT = 10;

  private final Environment env;
  private final RunLog runs;
  private final Supplier<NotificationStore> store;
  private final Duration timeout;
  private HttpClient client;

  /**
   * @param env where {@value #VARIABLE} is read
   * @param runs the run history
   * @param store the state last told, per registry; asked for only when a webhook is configured
   * @param timeout how long one post may take, connecting included
   */
  public RunNotifier(
      Environment env, RunLog runs, Supplier<NotificationStore> store, Duration timeout) {
    this.env = env;
    this.runs = runs;
    this.store = store;
    this.timeout = timeout;
  }

  /** A notifier that never tells anything, for services built without one. */
  public static RunNotifier disabled() {
    return new RunNotifier(Environment.of(java.util.Map.of()), null, () -> null, Duration.ZERO);
  }

  /** Whether a webhook is configured; without one {@link #afterRun} does nothing. */
  public boolean enabled() {
    return env.isSet(VARIABLE);
  }

  /**
   * Tells the channel if {@code registry}'s latest finished run changed its state. Never throws.
   *
   * @return the change told, if any
   */
  public Optional<NotificationStore.Change> afterRun(String registry) {
    if (!enabled()) {
      return Optional.empty();
    }
    try {
      Optional<RunSummary> latest =
          runs.recentRuns(Optional.of(registry), RECENT).stream()
              // Runs that sync: a dry run or a drift check changes nothing, so says nothing.
              .filter(r -> r.kind() != RunKind.DRY_RUN && r.kind() != RunKind.DRIFT)
              .filter(r -> RegistryHealth.of(r.status()).isPresent())
              .findFirst();
      if (latest.isEmpty()) {
        return Optional.empty();
      }
      RunSummary run = latest.get();
      RegistryHealth health = RegistryHealth.of(run.status()).orElseThrow();
      NotificationStore told = store.get();
      Optional<NotificationStore.Change> change = told.claim(registry, health, run.runId());
      if (change.isEmpty() || (change.get().from().isEmpty() && health == RegistryHealth.HEALTHY)) {
        return Optional.empty();
      }
      try {
        post(text(run, change.get()));
      } catch (IOException | RuntimeException e) {
        told.release(registry, change.get());
        throw e;
      }
      LOG.info(
          "registry '{}': told the chat webhook it is {} (run {})",
          registry,
          health.wire(),
          run.runId());
      return change;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("registry '{}': the state-change notification was interrupted", registry);
    } catch (IOException | RuntimeException e) {
      // Telling people is best effort; the run itself is recorded and stands.
      LOG.warn(
          "registry '{}': could not post the state-change notification: {}: {}",
          registry,
          e.getClass().getSimpleName(),
          e.getMessage());
    }
    return Optional.empty();
  }

  /** The message's text. */
  static String text(RunSummary run, NotificationStore.Change change) {
    String what =
        switch (change.to()) {
          case FAILING -> "is failing: its latest run failed";
          case ATTENTION ->
              "needs attention: its latest run left something for a person to decide"
                  + " (a conflict, a held delete, a quarantined record or an op that did not apply)";
          case HEALTHY -> "has recovered: its latest run converged";
        };
    return "ChittySync: registry '"
        + run.registry()
        + "' "
        + what
        + ". Run "
        + run.runId()
        + " ("
        + run.kind().name().toLowerCase(java.util.Locale.ROOT)
        + ", trigger "
        + run.trigger()
        + ")"
        + change.from().map(f -> "; it was " + f.wire()).orElse("")
        + ". See the registry's runs on the ChittySync dashboard.";
  }

  private void post(String text) throws IOException, InterruptedException {
    String url =
        env.get(VARIABLE)
            .orElseThrow(() -> new IllegalStateException(VARIABLE + " resolved to nothing"));
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      // Not the value itself: a webhook URL is a credential.
      throw new IllegalStateException(VARIABLE + " is not a URL");
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.mapper().createObjectNode().put("text", text).toString()))
            .build();
    HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      // The URL may carry a token (Slack's and Teams' do): name the status, never the URL.
      throw new IOException("the webhook answered HTTP " + response.statusCode());
    }
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }
    return client;
  }
}
