package com.chittysync.bench.coldstart;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.lambda.FunctionLauncher;
import com.chittysync.emulators.lambda.InvocationResult;
import com.chittysync.emulators.lambda.RuntimeApiEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts one function in a fresh JVM under the real runtime interface client, against a fresh
 * {@link RuntimeApiEmulator}, serves it one event, times it, and ends the process.
 */
final class ColdStartRunner {
  /** How long a start may take before it counts as failed. */
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private final List<Path> runtimeJars;
  private final Map<String, String> env;
  private final Path logDir;

  ColdStartRunner(List<Path> runtimeJars, Map<String, String> env, Path logDir) {
    this.runtimeJars = List.copyOf(runtimeJars);
    this.env = Map.copyOf(env);
    this.logDir = logDir;
  }

  /**
   * One cold start of {@code function} from {@code jar} with {@code jvmFlags}, serving {@code
   * event}.
   */
  ColdStart run(LambdaFunction function, Path jar, List<String> jvmFlags, String event, String tag)
      throws IOException {
    List<Path> classpath = new ArrayList<>(runtimeJars);
    classpath.add(jar);
    Path taskRoot = Files.createTempDirectory("chittysync-task-" + function.name());
    Path log = logDir.resolve(function.name() + "-" + tag + ".log");
    FunctionLauncher launcher =
        FunctionLauncher.of("chittysync-" + function.name(), function.handler())
            .classpath(classpath)
            .jvmFlags(jvmFlags)
            .memoryMb(LambdaFunction.MEMORY_MB)
            .env(env)
            .taskRoot(taskRoot)
            .log(log);
    try (RuntimeApiEmulator runtimeApi =
        RuntimeApiEmulator.start("chittysync-" + function.name())) {
      CompletableFuture<InvocationResult> answer = runtimeApi.submit(event, LIMIT);
      long started = System.nanoTime();
      Process process = launcher.start(runtimeApi);
      try {
        Object first =
            CompletableFuture.anyOf(answer, process.onExit())
                .get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        if (first instanceof InvocationResult result) {
          return measured(result, started);
        }
        return ColdStart.failed(
            initOf(runtimeApi, started),
            "exited with " + process.exitValue() + " before answering; see " + log);
      } catch (TimeoutException e) {
        return ColdStart.failed(
            initOf(runtimeApi, started), "no answer within " + LIMIT + "; see " + log);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        return ColdStart.failed(initOf(runtimeApi, started), e.getCause().toString());
      } finally {
        stop(process);
      }
    }
  }

  private static Optional<Duration> initOf(RuntimeApiEmulator runtimeApi, long started) {
    var at = runtimeApi.initDoneNanos();
    return at.isPresent()
        ? Optional.of(Duration.ofNanos(at.getAsLong() - started))
        : Optional.empty();
  }

  private static ColdStart measured(InvocationResult result, long started) {
    Optional<Duration> init =
        result.initDoneNanos() < 0 ? Optional.empty() : Optional.of(result.initDoneAfter(started));
    return new ColdStart(
        init,
        Optional.of(result.completedAfter(started)),
        result.succeeded(),
        describe(result),
        planId(result));
  }

  /** The HTTP status of an API Gateway answer, the status of an event answer, or the error. */
  private static String describe(InvocationResult result) {
    JsonNode body = json(result.body());
    if (!result.succeeded()) {
      return result.outcome()
          + " "
          + body.path("errorType").asText(result.errorType().orElse(""))
          + ": "
          + abbreviate(body.path("errorMessage").asText(result.body()));
    }
    if (body.has("statusCode")) {
      JsonNode inner = json(body.path("body").asText(""));
      return "HTTP "
          + body.get("statusCode").asInt()
          + (inner.path("status").isTextual() ? " " + inner.get("status").asText() : "");
    }
    if (body.has("status")) {
      return body.get("status").asText();
    }
    return abbreviate(result.body());
  }

  private static Optional<String> planId(InvocationResult result) {
    JsonNode id = json(result.body()).path("plan_id");
    return result.succeeded() && id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text == null ? "null" : text);
    } catch (IOException e) {
      return Json.mapper().missingNode();
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 90 ? oneLine : oneLine.substring(0, 87) + "...";
  }

  /** Ends the process as Lambda ends an environment: politely, then for good. */
  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
