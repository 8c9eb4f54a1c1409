package com.chittysync.emulators.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.emulators.lambda.InvocationResult.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Runtime API driven by a plain HTTP client that follows the protocol, as a runtime would. */
class RuntimeApiEmulatorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RuntimeApiEmulator emulator = RuntimeApiEmulator.start("orders");
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    emulator.close();
  }

  private URI uri(String path) {
    return URI.create("http://" + emulator.address() + "/2018-06-01/runtime" + path);
  }

  private CompletableFuture<HttpResponse<String>> next() {
    return http.sendAsync(
        HttpRequest.newBuilder(uri("/invocation/next")).GET().build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.ofString(body));
    if (errorType != null) {
      request.header("Lambda-Runtime-Function-Error-Type", errorType);
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void nextWaitsForAnEventThenHandsItOverWithTheInvocationHeaders() throws Exception {
    CompletableFuture<HttpResponse<String>> next = next();
    Thread.sleep(300);
    assertThat(next).as("nothing queued yet").isNotDone();
    assertThat(emulator.initDoneNanos()).as("asking for work marks init done").isPresent();

    long before = System.currentTimeMillis();
    CompletableFuture<InvocationResult> result =
        emulator.submit("{\"order\":42}", Duration.ofSeconds(30));
    HttpResponse<String> event = next.get(5, TimeUnit.SECONDS);

    assertThat(event.statusCode()).isEqualTo(200);
    assertThat(event.body()).isEqualTo("{\"order\":42}");
    var headers = event.headers();
    assertThat(headers.firstValue("Lambda-Runtime-Aws-Request-Id")).isPresent();
    assertThat(Long.parseLong(headers.firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
        .isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
    assertThat(headers.firstValue("Lambda-Runtime-Invoked-Function-Arn"))
        .hasValue("arn:aws:lambda:us-east-1:123456789012:function:orders");
    assertThat(headers.firstValue("Lambda-Runtime-Trace-Id").orElseThrow())
        .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
    assertThat(result).isNotDone();
  }

  @Test
  void aResponseCompletesTheInvocationWithItsTimings() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<InvocationResult> result = emulator.submit("{}", TIMEOUT);
    HttpResponse<String> event = next().get(5, TimeUnit.SECONDS);
    String id = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

    HttpResponse<String> accepted = post("/invocation/" + id + "/response", "\"done\"", null);

    assertThat(accepted.statusCode()).isEqualTo(202);
    InvocationResult answer = result.get(5, TimeUnit.SECONDS);
    assertThat(answer.succeeded()).isTrue();
    assertThat(answer.outcome()).isEqualTo(Outcome.RESPONSE);
    assertThat(answer.requestId()).isEqualTo(id);
    assertThat(answer.body()).isEqualTo("\"done\"");
    assertThat(answer.errorType()).isEmpty();
    assertThat(answer.initDoneNanos()).isGreaterThan(start);
    assertThat(answer.deliveredNanos()).isGreaterThanOrEqualTo(answer.initDoneNanos());
    assertThat(answer.completedNanos()).isGreaterThanOrEqualTo(answer.deliveredNanos());
    assertThat(answer.completedAfter(start)).isGreaterThanOrEqualTo(answer.initDoneAfter(start));
  }

  @Test
  void anErrorCompletesTheInvocationWithItsErrorType() throws Exception {
    CompletableFuture<InvocationResult> result = emulator.submit("{}", TIMEOUT);
    String id =
        next()
            .get(5, TimeUnit.SECONDS)
            .headers()
            .firstValue("Lambda-Runtime-Aws-Request-Id")
            .orElseThrow();

    HttpResponse<String> accepted =
        post(
            "/invocation/" + id + "/error",
            "{\"errorMessage\":\"boom\",\"errorType\":\"IllegalStateException\"}",
            "Unhandled");

    assertThat(accepted.statusCode()).isEqualTo(202);
    InvocationResult answer = result.get(5, TimeUnit.SECONDS);
    assertThat(answer.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(answer.errorType()).hasValue("Unhandled");
    assertThat(answer.body()).contains("boom");
  }

  @Test
  void anInitErrorFailsTheWaitingInvocationAndEveryLaterOne() throws Exception {
    CompletableFuture<InvocationResult> waiting = emulator.submit("{}", TIMEOUT);

    HttpResponse<String> accepted =
        post("/init/error", "{\"errorMessage\":\"no config\"}", "Runtime.Unknown");

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(waiting.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.INIT_ERROR);
    assertThat(emulator.initError()).hasValueSatisfying(b -> assertThat(b).contains("no config"));
    InvocationResult later = emulator.invoke("{}", TIMEOUT);
    assertThat(later.outcome()).isEqualTo(Outcome.INIT_ERROR);
    assertThat(later.errorType()).hasValue("Runtime.Unknown");
  }

  @Test
  void answersForUnknownOrAlreadyAnsweredInvocationsAreRefused() throws Exception {
    emulator.submit("{}", TIMEOUT);
    String id =
        next()
            .get(5, TimeUnit.SECONDS)
            .headers()
            .firstValue("Lambda-Runtime-Aws-Request-Id")
            .orElseThrow();
    assertThat(post("/invocation/" + id + "/response", "1", null).statusCode()).isEqualTo(202);

    HttpResponse<String> again = post("/invocation/" + id + "/response", "2", null);
    HttpResponse<String> unknown = post("/invocation/no-such-id/response", "1", null);

    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.body()).contains("InvalidStateTransition");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("InvalidRequestID");
  }

  @Test
  void aResponseOverSixMegabytesIsRefusedAndFailsTheInvocation() throws Exception {
    CompletableFuture<InvocationResult> result = emulator.submit("{}", TIMEOUT);
    String id =
        next()
            .get(5, TimeUnit.SECONDS)
            .headers()
            .firstValue("Lambda-Runtime-Aws-Request-Id")
            .orElseThrow();

    HttpResponse<String> refused =
        post(
            "/invocation/" + id + "/response",
            "\"" + "x".repeat(RuntimeApiHandler.MAX_RESPONSE_BYTES) + "\"",
            null);

    assertThat(refused.statusCode()).isEqualTo(413);
    InvocationResult answer = result.get(5, TimeUnit.SECONDS);
    assertThat(answer.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(answer.errorType()).hasValue("Function.ResponseSizeTooLarge");
  }

  @Test
  void wrongMethodsAndUnknownRoutesAreRefused() throws Exception {
    HttpResponse<String> postNext = post("/invocation/next", "", null);
    HttpResponse<String> unknown =
        http.send(HttpRequest.newBuilder(uri("/nothing")).GET().build(), BodyHandlers.ofString());

    assertThat(postNext.statusCode()).isEqualTo(405);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(emulator.initDoneNanos()).as("only a GET of /next marks init done").isEmpty();
  }

  @Test
  void invokeGivesUpWhenNoRuntimeAnswersInTime() {
    assertThatThrownBy(() -> emulator.invoke("{}", Duration.ofMillis(300)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("never asked for an invocation");
  }
}
