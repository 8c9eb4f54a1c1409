package com.chittysync.notion;

import com.chittysync.connect.RequestBudget;
import com.chittysync.connect.RequestBudgets;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Notion's REST API over OkHttp: authenticates, speaks one {@code Notion-Version}, paces requests
 * to the configured average rate, honours {@code Retry-After} on 429 and 529, backs off with jitter
 * on 5xx and timeouts, and gives up after a bounded number of retries. Each of those is an
 * interceptor ({@link NotionAuthInterceptor}, {@link PacingInterceptor}, {@link RetryInterceptor});
 * this class turns the final answer into JSON or a {@link NotionApiException}.
 *
 * <p>Writes that are not idempotent (creating a page) are never retried blindly: when their outcome
 * is unknown the error says so ({@link NotionApiException#outcomeUnknown()}) and the caller looks
 * the page up before trying again.
 */
public final class NotionClient implements AutoCloseable {
  /** The API version spoken. */
  public static final String NOTION_VERSION = "2025-09-03";

  /** Default base URL; {@code NOTION_API_BASE_URL} overrides it. */
  public static final String DEFAULT_BASE_URL = "https://api.notion.com";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl base;
  private final TokenSource tokens;
  private final String label;
  private final int maxRetries;
  private final OkHttpClient http;

  /**
   * A client of the API at {@code baseUrl}.
   *
   * @param label names the endpoint in errors ({@code registries.people.endpoints.notion})
   */
  public NotionClient(
      String baseUrl, Secret token, String label, double requestsPerSecond, int maxRetries) {
    this(baseUrl, TokenSource.fixed(token), label, requestsPerSecond, maxRetries, 500);
  }

  /**
   * A client whose token comes from {@code tokens}: on a 401 it asks for a renewed token once per
   * request before giving up.
   */
  public NotionClient(
      String baseUrl, TokenSource tokens, String label, double requestsPerSecond, int maxRetries) {
    this(baseUrl, tokens, label, requestsPerSecond, maxRetries, 500);
  }

  /**
   * A client whose requests keep to {@code budget}, shared with every other client on the same
   * integration's budget.
   */
  public NotionClient(
      String baseUrl, TokenSource tokens, String label, RequestBudget budget, int maxRetries) {
    this(baseUrl, tokens, label, budget, maxRetries, 500);
  }

  NotionClient(
      String baseUrl,
      Secret token,
      String label,
      double requestsPerSecond,
      int maxRetries,
      long backoffBaseMillis) {
    this(
        baseUrl, TokenSource.fixed(token), label, requestsPerSecond, maxRetries, backoffBaseMillis);
  }

  NotionClient(
      String baseUrl,
      TokenSource tokens,
      String label,
      double requestsPerSecond,
      int maxRetries,
      long backoffBaseMillis) {
    this(
        baseUrl,
        tokens,
        label,
        // A budget of its own: the client paces alone.
        RequestBudgets.unshared().forKey(label, requestsPerSecond),
        maxRetries,
        backoffBaseMillis);
  }

  NotionClient(
      String baseUrl,
      TokenSource tokens,
      String label,
      RequestBudget budget,
      int maxRetries,
      long backoffBaseMillis) {
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    this.base = parsed;
    this.tokens = tokens;
    this.label = label;
    this.maxRetries = maxRetries;
    this.http =
        new OkHttpClient.Builder()
            // Order matters: every try the retry interceptor makes is signed afresh, and every
            // signed try (a retry, a try with a renewed token) waits for the budget.
            .addInterceptor(new RetryInterceptor(budget, maxRetries, backoffBaseMillis))
            .addInterceptor(new NotionAuthInterceptor(tokens))
            .addInterceptor(new PacingInterceptor(budget))
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(65)) // Notion's own request timeout is 60 s
            .writeTimeout(Duration.ofSeconds(30))
            .retryOnConnectionFailure(false) // retries are ours, so a create is never repeated
            .build();
  }

  /** {@code GET path} (for example {@code /v1/data_sources/ID}). */
  public JsonNode get(String path) {
    return send("GET", path, null, true);
  }

  /** {@code POST path} of a read (a query): safe to repeat. */
  public JsonNode query(String path, JsonNode body) {
    return send("POST", path, body, true);
  }

  /** {@code PATCH path}: setting values is safe to repeat. */
  public JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, body, true);
  }

  /** {@code POST path} that creates something: not repeated when its outcome is unknown. */
  public JsonNode create(String path, JsonNode body) {
    return send("POST", path, body, false);
  }

  private JsonNode send(String method, String path, JsonNode body, boolean repeatable) {
    Request request =
        new Request.Builder()
            .url(resolve(path))
            .method(method, body == null ? null : RequestBody.create(body.toString(), JSON))
            .tag(NotionCall.class, new NotionCall(repeatable))
            .build();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody rb = response.body();
      String answer = rb == null ? "" : rb.string();
      int status = response.code();
      if (status >= 200 && status < 300) {
        return answer.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(answer);
      }
      JsonNode error = parseQuietly(answer);
      String code = error.path("code").asText("");
      String message = error.path("message").asText(answer.length() > 200 ? "" : answer);
      // The retry interceptor hands back a create's 5xx untried: the page may exist now.
      boolean outcomeUnknown =
          !repeatable && (status == 500 || status == 502 || status == 503 || status == 504);
      throw failure(status, code, describe(method, path, status, code, message), outcomeUnknown);
    } catch (PacingInterceptor.Interrupted e) {
      throw failure(0, "", "interrupted", false);
    } catch (IOException e) {
      if (!repeatable) {
        throw failure(
            0,
            "",
            method + " " + path + ": no answer (" + e.getClass().getSimpleName() + ")",
            true);
      }
      throw failure(
          0, "", method + " " + path + ": no answer after " + (maxRetries + 1) + " tries", false);
    }
  }

  private String describe(String method, String path, int status, String code, String message) {
    String what = method + " " + path + ": HTTP " + status + (code.isEmpty() ? "" : " " + code);
    if (status == 401 || status == 403) {
      return what
          + ": Notion refused the token (check the endpoint's token or NOTION_API_TOKEN, and that"
          + " the database is shared with the integration)";
    }
    if (status == 404) {
      return what + ": not found, or not shared with the integration";
    }
    return message.isEmpty() ? what : what + ": " + message;
  }

  private NotionApiException failure(
      int status, String code, String message, boolean outcomeUnknown) {
    ErrorCode errorCode =
        status == 401 || status == 403
            ? ErrorCode.ENDPOINT_UNAUTHORIZED
            : status == 0 || status == 429 || status == 529 || status >= 500
                ? ErrorCode.ENDPOINT_UNAVAILABLE
                : ErrorCode.SYNC_FAILED;
    return NotionApiException.of(errorCode, status, code, label + ": " + message, outcomeUnknown);
  }

  private HttpUrl resolve(String path) {
    HttpUrl url = base.resolve(base.encodedPath().replaceAll("/$", "") + path);
    if (url == null) {
      throw new IllegalArgumentException("bad path " + path);
    }
    return url;
  }

  private static JsonNode parseQuietly(String text) {
    try {
      JsonNode node = Json.mapper().readTree(text);
      return node == null ? Json.mapper().createObjectNode() : node;
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  @Override
  public void close() {
    tokens.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
