package com.chittysync.cli;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A local stand-in for the API Gateway HTTP API in front of the functions: turns each request into
 * a payload-format-2.0 event, routes it by route key to the function's real handler, and turns the
 * handler's response back into HTTP, as API Gateway does. Handlers are initialised on first use and
 * then kept, like a warm Lambda container.
 *
 * <p>Routes with an authorizer get API Gateway's JWT authorizer emulated ({@link #authorizer}): a
 * request without {@code Authorization: Bearer <the local API token>} is answered 401 {@code
 * {"message":"Unauthorized"}} and reaches no function; one with it reaches the function with
 * verified claims {@code sub=local}, {@code groups=chittysync-operator}.
 *
 * <p>Bound to a loopback address, it answers only requests whose {@code Host} is that address by
 * name ({@code 127.0.0.1}, {@code localhost} or {@code [::1]} with the port): a web page elsewhere
 * that points its own name at 127.0.0.1 (DNS rebinding) gets a 421 instead of the log or the
 * dashboard.
 */
public final class LocalApiGateway implements AutoCloseable {
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  /** API Gateway's HTTP API payload limit: a larger body is refused before any function. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** The claims the emulated authorizer passes on for the local API token. */
  static final Map<String, String> LOCAL_CLAIMS =
      Map.of("sub", "local", "groups", "chittysync-operator");

  private final Map<Route, String> routes = new LinkedHashMap<>();
  private final Set<Route> authorized = new HashSet<>();
  private String apiToken;
  private boolean authorizerOpen;
  private volatile Set<String> allowedHosts;
  private final Map<String, Supplier<LocalFunction>> loaders = new LinkedHashMap<>();
  private final Map<String, LocalFunction> loaded = new ConcurrentHashMap<>();
  private HttpServer server;
  private ExecutorService executor;

  /**
   * Adds {@code route} served by function {@code function}, created by {@code loader} on first use.
   */
  public LocalApiGateway route(String route, String function, Supplier<LocalFunction> loader) {
    return route(route, function, loader, false);
  }

  /**
   * Adds {@code route} served by function {@code function}, created by {@code loader} on first use;
   * {@code authorized} puts the emulated JWT authorizer in front of it.
   */
  public LocalApiGateway route(
      String route, String function, Supplier<LocalFunction> loader, boolean authorized) {
    Route parsed = Route.parse(route);
    routes.put(parsed, function);
    if (authorized) {
      this.authorized.add(parsed);
    }
    loaders.putIfAbsent(function, loader);
    return this;
  }

  /**
   * Emulates the JWT authorizer of the routes added as authorized: {@code apiToken} is the one
   * bearer token it accepts (null: none); {@code open} lets every request through, as the
   * deployment does with {@code CHITTYSYNC_PUBLIC_AUDIT=true}.
   */
  public LocalApiGateway authorizer(String apiToken, boolean open) {
    this.apiToken = apiToken;
    this.authorizerOpen = open;
    return this;
  }

  /**
   * A gateway with every route of every function in the {@link FunctionCatalog}, authorized as the
   * catalog says, accepting {@code apiToken} ({@link #authorizer}). Each function is created with
   * the process environment plus {@code functionEnv} when its handler has a public {@code
   * (Map<String, String>)} constructor ({@link LocalFunction#load(FunctionSpec, Map)}).
   */
  public static LocalApiGateway forCatalog(
      String apiToken, boolean publicAudit, Map<String, String> functionEnv) {
    return forCatalog(apiToken, publicAudit, functionEnv, Map.of());
  }

  /**
   * {@link #forCatalog(String, boolean, Map)} with the functions named in {@code instead} served by
   * the given instances rather than loaded (the demo's dashboard, wired to its in-process
   * pipeline).
   */
  public static LocalApiGateway forCatalog(
      String apiToken,
      boolean publicAudit,
      Map<String, String> functionEnv,
      Map<String, LocalFunction> instead) {
    LocalApiGateway gateway = new LocalApiGateway().authorizer(apiToken, publicAudit);
    Function<FunctionSpec, Supplier<LocalFunction>> loader =
        spec ->
            instead.containsKey(spec.name())
                ? () -> instead.get(spec.name())
                : () -> LocalFunction.load(spec, functionEnv);
    for (FunctionSpec spec : FunctionCatalog.all()) {
      for (String route : spec.routes()) {
        gateway.route(
            route, spec.name(), loader.apply(spec), spec.authorizedRoutes().contains(route));
      }
    }
    // Local only: the one-time sign-in link serve prints (deployed, people sign in through the
    // issuer, so the template has no such route).
    FunctionSpec dashboard = FunctionCatalog.get("dashboard");
    gateway.route(LOCAL_LOGIN_ROUTE, dashboard.name(), loader.apply(dashboard));
    return gateway;
  }

  /** The dashboard's one-time local sign-in route, which only local gateways serve. */
  public static final String LOCAL_LOGIN_ROUTE = "GET /login/local";

  /** The route keys served. */
  public List<String> routeKeys() {
    return routes.keySet().stream().map(Route::key).toList();
  }

  /**
   * Starts listening on {@code host:port} ({@code port} 0 picks a free one).
   *
   * @return the port bound
   */
  public int start(String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 64);
    executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    int bound = server.getAddress().getPort();
    InetAddress address = server.getAddress().getAddress();
    allowedHosts =
        address.isLoopbackAddress()
            ? Set.of("127.0.0.1:" + bound, "localhost:" + bound, "[::1]:" + bound)
            : null;
    server.start();
    return bound;
  }

  /**
   * Why {@code exchange} is refused for its {@code Host}, or null: bound to loopback, only this
   * machine's own names for it are answered.
   */
  private String misdirected(HttpExchange exchange) {
    Set<String> allowed = allowedHosts;
    if (allowed == null) {
      return null;
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host != null && allowed.contains(host.strip().toLowerCase(Locale.ROOT))) {
      return null;
    }
    int port = server.getAddress().getPort();
    return "chittysync serve answers only requests for 127.0.0.1:"
        + port
        + ", localhost:"
        + port
        + " or [::1]:"
        + port
        + ", not for "
        + (host == null ? "a request without Host" : "'" + host + "'")
        + " (a page elsewhere pointing its own name at this machine is refused); open it by one"
        + " of those names";
  }

  /**
   * The claims the emulated authorizer passes on, or null when it refuses: the local API token's
   * claims, compared in constant time; empty claims when the authorizer is open.
   */
  private Map<String, String> authorize(HttpExchange exchange) {
    if (authorizerOpen) {
      return Map.of();
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (apiToken == null || header == null || header.length() > 8192) {
      return null;
    }
    String h = header.strip();
    if (h.length() < 7 || !h.substring(0, 7).equalsIgnoreCase("bearer ")) {
      return null;
    }
    boolean ok =
        MessageDigest.isEqual(
            h.substring(7).strip().getBytes(StandardCharsets.UTF_8),
            apiToken.getBytes(StandardCharsets.UTF_8));
    return ok ? LOCAL_CLAIMS : null;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String misdirected = misdirected(exchange);
      if (misdirected != null) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("message", "Misdirected Request: " + misdirected);
        send(exchange, 421, Map.of("content-type", "application/json"), body.toString());
        return;
      }
      URI uri = exchange.getRequestURI();
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = uri.getRawPath();
      Optional<Match> match = find(method, path);
      if (match.isEmpty()) {
        send(
            exchange,
            404,
            Map.of("content-type", "application/json"),
            "{\"message\":\"Not Found\"}");
        return;
      }
      byte[] request;
      try (InputStream in = exchange.getRequestBody()) {
        request = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (request.length > MAX_BODY_BYTES) {
        send(
            exchange,
            413,
            Map.of("content-type", "application/json"),
            "{\"message\":\"Request Entity Too Large\"}");
        return;
      }
      Map<String, String> claims = Map.of();
      if (authorized.contains(match.get().route())) {
        claims = authorize(exchange);
        if (claims == null) {
          send(
              exchange,
              401,
              Map.of("content-type", "application/json", "www-authenticate", "Bearer"),
              "{\"message\":\"Unauthorized\"}");
          return;
        }
      }
      APIGatewayV2HTTPEvent event = toEvent(exchange, match.get(), request, claims);
      APIGatewayV2HTTPResponse response;
      try {
        LocalFunction function =
            loaded.computeIfAbsent(match.get().function(), f -> loaders.get(f).get());
        response = (APIGatewayV2HTTPResponse) function.invoke(event);
      } catch (RuntimeException e) {
        System.err.println("function " + match.get().function() + " failed: " + e);
        send(
            exchange,
            500,
            Map.of("content-type", "application/json"),
            "{\"message\":\"Internal Server Error\"}");
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      if (response.getHeaders() != null) {
        headers.putAll(response.getHeaders());
      }
      String body = response.getBody() == null ? "" : response.getBody();
      byte[] bytes =
          response.getIsBase64Encoded()
              ? Base64.getDecoder().decode(body)
              : body.getBytes(StandardCharsets.UTF_8);
      if (response.getCookies() != null) {
        for (String cookie : response.getCookies()) {
          exchange.getResponseHeaders().add("set-cookie", cookie);
        }
      }
      send(
          exchange, response.getStatusCode() == 0 ? 200 : response.getStatusCode(), headers, bytes);
    }
  }

  private Optional<Match> find(String method, String path) {
    for (Map.Entry<Route, String> entry : routes.entrySet()) {
      Optional<Map<String, String>> params = entry.getKey().match(method, path);
      if (params.isPresent()) {
        return Optional.of(new Match(entry.getKey(), entry.getValue(), params.get()));
      }
    }
    return Optional.empty();
  }

  private static APIGatewayV2HTTPEvent toEvent(
      HttpExchange exchange, Match match, byte[] body, Map<String, String> claims) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (lower.equals("cookie")) {
                for (String v : values) {
                  for (String c : v.split(";\\s*")) {
                    cookies.add(c);
                  }
                }
              } else {
                headers.put(lower, String.join(",", values));
              }
            });
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
        String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
        query.merge(k, v, (a, b) -> a + "," + b);
      }
    }
    boolean text = isText(headers.get("content-type"));
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
    APIGatewayV2HTTPEvent.RequestContext.Http http =
        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(exchange.getRequestMethod().toUpperCase(Locale.ROOT))
            .withPath(exchange.getRequestURI().getRawPath())
            .withProtocol(exchange.getProtocol())
            .withSourceIp(sourceIp)
            .withUserAgent(headers.get("user-agent"))
            .build();
    APIGatewayV2HTTPEvent.RequestContext context =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId("000000000000")
            .withApiId("local")
            .withDomainName(headers.getOrDefault("host", "localhost"))
            .withDomainPrefix("local")
            .withHttp(http)
            .withRequestId(UUID.randomUUID().toString())
            .withRouteKey(match.route().key())
            .withStage("$default")
            .withTime(REQUEST_TIME.format(now))
            .withTimeEpoch(now.toInstant().toEpochMilli())
            .withAuthorizer(
                claims.isEmpty()
                    ? null
                    : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withJwt(
                            APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                                .builder()
                                .withClaims(claims)
                                .build())
                        .build())
            .build();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(match.route().key())
        .withRawPath(exchange.getRequestURI().getRawPath())
        .withRawQueryString(rawQuery == null ? "" : rawQuery)
        .withCookies(cookies.isEmpty() ? null : cookies)
        .withHeaders(headers)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
        .withRequestContext(context)
        .withBody(
            body.length == 0
                ? null
                : text
                    ? new String(body, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(body.length > 0 && !text)
        .build();
  }

  private static boolean isText(String contentType) {
    if (contentType == null) {
      return true;
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    return ct.startsWith("text/")
        || ct.contains("json")
        || ct.contains("xml")
        || ct.contains("x-www-form-urlencoded")
        || ct.contains("javascript");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, String body)
      throws IOException {
    send(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private record Match(Route route, String function, Map<String, String> pathParameters) {}
}
