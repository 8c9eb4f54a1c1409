package com.chittysync.emulators.lambda;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.lambda.InvocationResult.Outcome;
import com.chittysync.emulators.lambda.RuntimeState.Answer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API's routes (version 2018-06-01) over a {@link RuntimeState}: {@code GET
 * /runtime/invocation/next}, {@code POST /runtime/invocation/{id}/response}, {@code POST
 * /runtime/invocation/{id}/error} and {@code POST /runtime/init/error}, with the status codes and
 * error documents Lambda answers them with.
 */
final class RuntimeApiHandler implements HttpHandler {
  static final String PREFIX = "/2018-06-01/runtime";

  /** Lambda's limit on a synchronous response payload. */
  static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

  private static final Pattern ANSWER =
      Pattern.compile(Pattern.quote(PREFIX) + "/invocation/([^/]+)/(response|error)");

  private final RuntimeState state;
  private final String functionArn;

  RuntimeApiHandler(RuntimeState state, String functionArn) {
    this.state = state;
    this.functionArn = functionArn;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals(PREFIX + "/invocation/next")) {
      if (!method.equals("GET")) {
        reply(exchange, 405, error("MethodNotAllowed", "use GET"));
        return;
      }
      next(exchange);
      return;
    }
    if (path.equals(PREFIX + "/init/error")) {
      if (!method.equals("POST")) {
        reply(exchange, 405, error("MethodNotAllowed", "use POST"));
        return;
      }
      state.initFailed(errorType(exchange), new String(body(exchange), StandardCharsets.UTF_8));
      reply(exchange, 202, "{\"status\":\"OK\"}");
      return;
    }
    Matcher answer = ANSWER.matcher(path);
    if (answer.matches()) {
      if (!method.equals("POST")) {
        reply(exchange, 405, error("MethodNotAllowed", "use POST"));
        return;
      }
      answer(exchange, answer.group(1), answer.group(2).equals("response"));
      return;
    }
    reply(exchange, 404, error("NotFound", "no such Runtime API route: " + method + " " + path));
  }

  private void next(HttpExchange exchange) throws IOException {
    Optional<PendingInvocation> next;
    try {
      next = state.next();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (next.isEmpty()) {
      return; // closing: the connection just ends, as when Lambda freezes or ends the environment
    }
    PendingInvocation invocation = next.get();
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.set("Lambda-Runtime-Trace-Id", invocation.traceId());
    byte[] event = invocation.event();
    exchange.sendResponseHeaders(200, event.length == 0 ? -1 : event.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(event);
    }
  }

  private void answer(HttpExchange exchange, String requestId, boolean response)
      throws IOException {
    byte[] body = body(exchange);
    Outcome outcome = response ? Outcome.RESPONSE : Outcome.ERROR;
    Optional<String> errorType = response ? Optional.empty() : errorType(exchange);
    if (response && body.length > MAX_RESPONSE_BYTES) {
      // Lambda refuses the payload and fails the invocation in the runtime's stead.
      outcome = Outcome.ERROR;
      errorType = Optional.of("Function.ResponseSizeTooLarge");
      Answer a =
          state.answer(
              requestId,
              outcome,
              error("Function.ResponseSizeTooLarge", "Response payload size exceeded maximum"),
              errorType);
      if (a == Answer.ACCEPTED) {
        reply(
            exchange,
            413,
            error(
                "RequestEntityTooLarge",
                "response of " + body.length + " bytes exceeds " + MAX_RESPONSE_BYTES));
        return;
      }
      refuse(exchange, a, requestId);
      return;
    }
    Answer a =
        state.answer(requestId, outcome, new String(body, StandardCharsets.UTF_8), errorType);
    if (a == Answer.ACCEPTED) {
      reply(exchange, 202, "{\"status\":\"OK\"}");
    } else {
      refuse(exchange, a, requestId);
    }
  }

  private static void refuse(HttpExchange exchange, Answer answer, String requestId)
      throws IOException {
    if (answer == Answer.UNKNOWN_REQUEST) {
      reply(exchange, 400, error("InvalidRequestID", "Invalid request ID: " + requestId));
    } else {
      reply(
          exchange,
          403,
          error("InvalidStateTransition", "invocation " + requestId + " was already answered"));
    }
  }

  private static Optional<String> errorType(HttpExchange exchange) {
    return Optional.ofNullable(
            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"))
        .filter(t -> !t.isBlank());
  }

  /** The request body, reading at most one byte past the response limit. */
  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readNBytes(MAX_RESPONSE_BYTES + 1);
    }
  }

  static String error(String type, String message) {
    return Json.mapper()
        .createObjectNode()
        .put("errorMessage", message)
        .put("errorType", type)
        .toString();
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
