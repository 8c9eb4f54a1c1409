package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The request pipeline: read (gunzip) the body, run due {@code beforeNextRequest} hooks, injected
 * latency and failures, then the token endpoint or — authentication, quota, spreadsheet lookup,
 * sharing, scope — the Sheets handlers; log; answer or, for the "drop after write" fault, close the
 * connection without answering.
 */
final class Router implements HttpHandler {
  private static final String PREFIX = "/v4/spreadsheets";

  private final Store store;
  private final ValuesApi values;
  private final SpreadsheetsApi spreadsheets;
  private final TokenEndpoint tokenEndpoint;
  private final AccessTokens tokens;
  private final Quotas quotas;
  private final Faults faults;
  private final RequestLog log;
  private final Hooks hooks;

  Router(
      Store store,
      TokenEndpoint tokenEndpoint,
      AccessTokens tokens,
      Quotas quotas,
      Faults faults,
      RequestLog log,
      Hooks hooks) {
    this.store = store;
    this.values = new ValuesApi(store);
    this.spreadsheets = new SpreadsheetsApi(store);
    this.tokenEndpoint = tokenEndpoint;
    this.tokens = tokens;
    this.quotas = quotas;
    this.faults = faults;
    this.log = log;
    this.hooks = hooks;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      serve(ex);
    } finally {
      ex.close();
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String body = readBody(ex);
    ApiRequest req =
        new ApiRequest(
            method,
            ex.getRequestURI().getRawPath(),
            ex.getRequestURI().getRawQuery(),
            ex.getRequestHeaders(),
            body);
    RecordedRequest pending = req.recorded(0);
    HttpReply reply;
    try {
      hooks.fire(pending);
      Duration latency = faults.currentLatency();
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      SheetsError injected = faults.nextFailure(pending);
      if (injected != null) {
        throw injected;
      }
      reply = dispatch(req);
      String fields = req.param("fields");
      if (fields != null && reply.body() != null && reply.status() / 100 == 2) {
        // The standard partial-response parameter; streamed value ranges ignore it.
        FieldMask.parse(fields).apply(reply.body());
      }
    } catch (SheetsError e) {
      reply = error(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.add(req.recorded(-1));
      return;
    } catch (RuntimeException e) {
      reply = error(new SheetsError(500, "INTERNAL", "Internal error encountered. (" + e + ")"));
    }
    boolean drop = reply.status() / 100 == 2 && pending.isWrite() && faults.consumeDrop(pending);
    // Log before answering, so a test that holds the response also sees the entry.
    log.add(req.recorded(drop ? -1 : reply.status()));
    if (drop) {
      // The write took effect; the client never learns it. Closing the exchange before sending
      // headers makes the JDK server close the socket.
      return;
    }
    send(ex, reply);
  }

  private static HttpReply error(SheetsError e) {
    HttpReply r = HttpReply.json(e.code(), e.body());
    r.headers().putAll(e.headers());
    return r;
  }

  private static String readBody(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    // The Google Java client gzips request bodies by default.
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
      in = new GZIPInputStream(in);
    }
    try (InputStream body = in) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private HttpReply dispatch(ApiRequest req) {
    String m = req.method;
    if (req.rawPath.equals("/token")) {
      if (!m.equals("POST")) {
        throw notFound(req);
      }
      return tokenEndpoint.handle(req);
    }
    if (!req.rawPath.startsWith(PREFIX)) {
      throw notFound(req);
    }
    String rest = req.rawPath.substring(PREFIX.length());
    if (rest.isEmpty() || rest.equals("/")) {
      if (!m.equals("POST") || !rest.isEmpty()) {
        throw notFound(req);
      }
      AccessTokens.Grant grant = authenticate(req, true);
      return spreadsheets.create(req, grant.email());
    }
    if (rest.charAt(0) != '/') {
      throw notFound(req);
    }
    String[] seg = rest.substring(1).split("/", -1);
    String first = ApiRequest.percentDecode(seg[0]);
    int colon = first.indexOf(':');
    String id = colon < 0 ? first : first.substring(0, colon);
    String action = colon < 0 ? null : first.substring(colon + 1);
    if (seg.length == 1) {
      if (action == null && m.equals("GET")) {
        return spreadsheets.get(req, open(req, id, false));
      }
      if ("batchUpdate".equals(action) && m.equals("POST")) {
        return spreadsheets.batchUpdate(req, open(req, id, true));
      }
      throw notFound(req);
    }
    if (action != null) {
      throw notFound(req);
    }
    String second = ApiRequest.percentDecode(seg[1]);
    if (seg.length == 2) {
      return switch (m + " " + second) {
        case "GET values:batchGet" -> values.batchGet(req, open(req, id, false));
        case "POST values:batchUpdate" -> values.batchUpdate(req, open(req, id, true));
        case "POST values:batchClear" -> values.batchClear(req, open(req, id, true));
        default -> throw notFound(req);
      };
    }
    if (!second.equals("values")) {
      throw notFound(req);
    }
    // The range may itself contain ':' (A1:D5); only a trailing ":append"/":clear" is the verb.
    StringBuilder raw = new StringBuilder(seg[2]);
    for (int i = 3; i < seg.length; i++) {
      raw.append('/').append(seg[i]);
    }
    String range = ApiRequest.percentDecode(raw.toString());
    switch (m) {
      case "GET":
        return values.get(req, open(req, id, false), range);
      case "PUT":
        return values.update(req, open(req, id, true), range);
      case "POST":
        if (range.endsWith(":append")) {
          String r = range.substring(0, range.length() - ":append".length());
          return values.append(req, open(req, id, true), r);
        }
        if (range.endsWith(":clear")) {
          String r = range.substring(0, range.length() - ":clear".length());
          return values.clear(req, open(req, id, true), r);
        }
        throw notFound(req);
      default:
        throw notFound(req);
    }
  }

  private AccessTokens.Grant authenticate(ApiRequest req, boolean write) {
    AccessTokens.Grant grant =
        tokens.authenticate(req.header("Authorization"), req.param("access_token"));
    quotas.acquire(grant.email(), write);
    if (write && !grant.canWrite()) {
      throw SheetsError.insufficientScopes();
    }
    return grant;
  }

  /** Authenticates, counts the request against the caller's quota, and checks access. */
  private SpreadsheetRecord open(ApiRequest req, String id, boolean write) {
    AccessTokens.Grant grant = authenticate(req, write);
    SpreadsheetRecord ss = store.get(id);
    if (ss == null) {
      throw SheetsError.notFound();
    }
    synchronized (store) {
      if (!ss.isSharedWith(grant.email())) {
        throw SheetsError.permissionDenied();
      }
    }
    return ss;
  }

  private static SheetsError notFound(ApiRequest req) {
    return new SheetsError(
        404,
        "NOT_FOUND",
        "The requested URL " + req.rawPath + " was not found on this server (" + req.method + ").");
  }

  private static void send(HttpExchange ex, HttpReply reply) throws IOException {
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    if (reply.stream() != null) {
      ex.sendResponseHeaders(reply.status(), 0); // chunked
      try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16);
          JsonGenerator gen = Json.FACTORY.createGenerator(out)) {
        reply.stream().write(gen);
      }
      return;
    }
    byte[] bytes = Json.MAPPER.writeValueAsBytes(reply.body());
    ex.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
