package com.chittysync.notion;

import com.chittysync.connect.RequestBudget;
import com.chittysync.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Tries a request again, a bounded number of times: after a 429 or 529 it pauses the {@link
 * RequestBudget} for the server's {@code Retry-After} (or a backoff when there is none), so every
 * request on the integration's budget waits; after a 5xx, a 409 or no answer it sleeps a backoff
 * with jitter.
 *
 * <p>A request that is not repeatable (a create, see {@link NotionCall}) is never sent again when
 * it may have taken effect: no answer is rethrown at once, and a 5xx other than 409 is handed back
 * for the caller to report as an unknown outcome. The last answer (or the last {@link IOException})
 * is what the caller sees when the tries run out. An application interceptor, as it proceeds more
 * than once; each earlier answer is closed first.
 */
final class RetryInterceptor implements Interceptor {
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final long MAX_RETRY_AFTER_MILLIS = 120_000;

  private final RequestBudget budget;
  private final int maxRetries;
  private final long backoffBaseMillis;

  RetryInterceptor(RequestBudget budget, int maxRetries, long backoffBaseMillis) {
    this.budget = budget;
    this.maxRetries = maxRetries;
    this.backoffBaseMillis = backoffBaseMillis;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    NotionCall call = request.tag(NotionCall.class);
    boolean repeatable = call != null && call.repeatable();
    for (int attempt = 0; ; attempt++) {
      Response response;
      try {
        response = buffered(chain.proceed(request));
      } catch (PacingInterceptor.Interrupted e) {
        throw e;
      } catch (IOException e) {
        if (!repeatable || attempt >= maxRetries) {
          throw e;
        }
        sleep(backoff(attempt));
        continue;
      }
      int status = response.code();
      if (status >= 200 && status < 300) {
        return response;
      }
      boolean throttled = status == 429 || status == 529;
      boolean transientFailure =
          status == 500 || status == 502 || status == 503 || status == 504 || status == 409;
      if (throttled && attempt < maxRetries) {
        long retryAfter = retryAfterMillis(response.header("Retry-After"));
        response.close();
        budget.pause(Duration.ofMillis(retryAfter >= 0 ? retryAfter : backoff(attempt)));
        continue;
      }
      if (transientFailure && status != 409 && !repeatable) {
        // The page may have been created before the server failed: not ours to repeat.
        return response;
      }
      if (transientFailure && attempt < maxRetries) {
        response.close();
        sleep(backoff(attempt));
        continue;
      }
      return response;
    }
  }

  /**
   * The answer with its body read in full, so that a body cut off mid-read, or a success whose body
   * is not JSON, counts as no answer and is retried like one.
   */
  private static Response buffered(Response response) throws IOException {
    try (response) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (response.isSuccessful() && !text.isEmpty()) {
        Json.mapper().readTree(text);
      }
      return response
          .newBuilder()
          .body(ResponseBody.create(text, body == null ? null : body.contentType()))
          .build();
    }
  }

  private long backoff(int attempt) {
    long cap = Math.min(MAX_BACKOFF_MILLIS, backoffBaseMillis << Math.min(attempt, 10));
    // Full jitter: concurrent clients that failed together do not retry together.
    return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
  }

  private static long retryAfterMillis(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      return Math.min(MAX_RETRY_AFTER_MILLIS, Math.round(Double.parseDouble(header.trim()) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(
            0,
            Math.min(
                MAX_RETRY_AFTER_MILLIS,
                at.toInstant().toEpochMilli() - System.currentTimeMillis()));
      } catch (RuntimeException unparsable) {
        return -1;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
