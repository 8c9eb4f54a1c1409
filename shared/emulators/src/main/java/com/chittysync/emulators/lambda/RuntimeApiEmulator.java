package com.chittysync.emulators.lambda;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Lambda Runtime API (version 2018-06-01, see the AWS Lambda developer guide's "Using
 * the Lambda runtime API for custom runtimes"), standing in for one execution environment: a
 * runtime such as {@code aws-lambda-java-runtime-interface-client}, started with {@code
 * AWS_LAMBDA_RUNTIME_API=}{@link #address()}, takes the events queued by {@link #invoke} and posts
 * back their responses or errors, which {@code invoke} returns with their timings.
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next} waits until an event is queued, then
 *       answers it with the headers {@code Lambda-Runtime-Aws-Request-Id}, {@code
 *       Lambda-Runtime-Deadline-Ms}, {@code Lambda-Runtime-Invoked-Function-Arn} and {@code
 *       Lambda-Runtime-Trace-Id}. Its first call marks the runtime's init done.
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} and {@code .../error}: 202; 400
 *       {@code InvalidRequestID} for an id never handed out, 403 {@code InvalidStateTransition} for
 *       one already answered, 413 for a response over 6 MB (the invocation then fails with {@code
 *       Function.ResponseSizeTooLarge}, as Lambda does).
 *   <li>{@code POST /2018-06-01/runtime/init/error}: 202; every invocation not yet answered, and
 *       every one queued after, ends with that error, as the environment would not survive it.
 * </ul>
 *
 * <p>Known deviations: no client context or Cognito identity headers, no {@code /restore}
 * (SnapStart) routes, no extensions or telemetry API; timeouts are the caller's to enforce (the
 * runtime is not stopped at its deadline).
 */
public final class RuntimeApiEmulator implements AutoCloseable {
  /** The function name used when none is given. */
  public static final String DEFAULT_FUNCTION = "chittysync-function";

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final RuntimeState state = new RuntimeState();
  private final String functionArn;
  private final HttpServer server;
  private final ExecutorService executor;

  private RuntimeApiEmulator(String functionName) {
    this.functionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", new RuntimeApiHandler(state, functionArn));
    // A runtime's /next blocks a thread until an event comes, so threads are not pooled tightly.
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lambda-runtime-api-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
  }

  /** Starts an emulator for {@value #DEFAULT_FUNCTION} on 127.0.0.1 and a free port. */
  public static RuntimeApiEmulator start() {
    return start(DEFAULT_FUNCTION);
  }

  /** Starts an emulator for function {@code functionName} on 127.0.0.1 and a free port. */
  public static RuntimeApiEmulator start(String functionName) {
    Objects.requireNonNull(functionName, "functionName");
    return new RuntimeApiEmulator(functionName);
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} for the runtime. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The ARN invocations carry in {@code Lambda-Runtime-Invoked-Function-Arn}. */
  public String functionArn() {
    return functionArn;
  }

  /**
   * Queues {@code eventJson} for the runtime; the result completes when it answers. Its deadline
   * ({@code Lambda-Runtime-Deadline-Ms}) is {@code timeout} from now.
   */
  public CompletableFuture<InvocationResult> submit(String eventJson, Duration timeout) {
    Objects.requireNonNull(eventJson, "eventJson");
    Objects.requireNonNull(timeout, "timeout");
    return state.enqueue(eventJson, timeout).result();
  }

  /**
   * Queues {@code eventJson} and waits up to {@code timeout} (which includes the runtime's init
   * when it is still starting) for the runtime's answer.
   *
   * @throws TimeoutException when the runtime has not answered in time
   */
  public InvocationResult invoke(String eventJson, Duration timeout) throws TimeoutException {
    CompletableFuture<InvocationResult> result = submit(eventJson, timeout);
    try {
      return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      TimeoutException t =
          new TimeoutException(
              "the runtime did not answer within "
                  + timeout
                  + (state.initDoneNanos() < 0
                      ? " (it never asked for an invocation: still initialising, or dead)"
                      : ""));
      t.initCause(e);
      throw t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the runtime", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * When the runtime first asked for an invocation ({@link System#nanoTime()}), that is, when its
   * init was done; empty until then.
   */
  public OptionalLong initDoneNanos() {
    long at = state.initDoneNanos();
    return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /** The error document the runtime posted to {@code /init/error}, if it did. */
  public Optional<String> initError() {
    return state.initError().map(RuntimeState.InitError::body);
  }

  /** Stops serving; invocations not answered yet fail. */
  @Override
  public void close() {
    state.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
