package com.chittysync.emulators.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.lambda.InvocationResult.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code aws-lambda-java-runtime-interface-client}, started as Lambda starts it by {@link
 * FunctionLauncher}, served by the emulator: it proves the emulator speaks the protocol the runtime
 * really uses (its native HTTP client for /next and responses, Java's for errors).
 */
class RuntimeInterfaceClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private RuntimeApiEmulator emulator;
  private Process process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private Path log() {
    return dir.resolve("function.log");
  }

  private long start(String handler) {
    emulator = RuntimeApiEmulator.start("echo");
    List<Path> classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .toList();
    FunctionLauncher launcher =
        FunctionLauncher.of("echo", handler)
            .classpath(classpath)
            .jvmFlags(FunctionLauncher.lambdaJvmFlags(512))
            .memoryMb(512)
            .env(Map.of("GREETING", "hello"))
            .taskRoot(dir)
            .log(log());
    long started = System.nanoTime();
    process = launcher.start(emulator);
    return started;
  }

  private String output() throws Exception {
    return Files.exists(log()) ? Files.readString(log()) : "";
  }

  @Test
  void theRealRuntimeClientInitsThenServesAnInvocation() throws Exception {
    long started = start(TestHandlers.Echo.class.getName() + "::handleRequest");

    InvocationResult result = emulator.invoke("{\"order\":42}", TIMEOUT);

    assertThat(result.succeeded()).as(output()).isTrue();
    JsonNode answer = Json.mapper().readTree(result.body());
    assertThat(answer.at("/input/order").asInt()).isEqualTo(42);
    assertThat(answer.get("requestId").asText()).isEqualTo(result.requestId());
    assertThat(answer.get("functionArn").asText()).isEqualTo(emulator.functionArn());
    assertThat(answer.get("functionName").asText()).isEqualTo("echo");
    assertThat(answer.get("memoryMb").asInt()).isEqualTo(512);
    assertThat(answer.get("remainingMs").asLong()).isBetween(1L, TIMEOUT.toMillis());
    assertThat(answer.get("traceId").asText()).startsWith("Root=1-");
    assertThat(result.initDoneAfter(started)).isPositive();
    assertThat(result.completedAfter(started)).isGreaterThan(result.initDoneAfter(started));
  }

  @Test
  void aThrowingHandlerBecomesAnInvocationErrorAndTheRuntimeWaitsForMore() throws Exception {
    start(TestHandlers.Throwing.class.getName() + "::handleRequest");

    InvocationResult first = emulator.invoke("{}", TIMEOUT);
    InvocationResult second = emulator.invoke("{}", TIMEOUT);

    assertThat(first.outcome()).as(output()).isEqualTo(Outcome.ERROR);
    assertThat(first.body()).contains("refused by design").contains("IllegalStateException");
    assertThat(second.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(process.isAlive()).isTrue();
  }

  @Test
  void aHandlerThatCannotBeBuiltIsAnInitError() throws Exception {
    start(TestHandlers.BrokenInit.class.getName() + "::handleRequest");

    InvocationResult result = emulator.invoke("{}", TIMEOUT);

    assertThat(result.outcome()).as(output()).isEqualTo(Outcome.INIT_ERROR);
    assertThat(result.body()).contains("no database at init");
    assertThat(emulator.initError()).isPresent();
  }
}
