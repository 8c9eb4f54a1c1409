package com.chittysync.sync.schema;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.chittysync.sync.schema.SchemaReference.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a registry's JSON Schema from where its {@code schema:} setting says ({@link
 * SchemaReference}): a file (relative to the config file's directory), an http(s) URL, or {@code
 * chitty:<name>}, which is {@code $CHITTY_SCHEMA_URL/<name>}.
 *
 * <p>URL fetches never hang: the connection must open within {@link #CONNECT_TIMEOUT} and the whole
 * response arrive within {@link #REQUEST_TIMEOUT}. Each fetched schema is kept in a {@link
 * SchemaCache} with its ETag; later fetches send {@code If-None-Match} and a {@code 304 Not
 * Modified} reuses the cached copy. When the service is down, times out or answers 5xx (or 408,
 * 429), the cached copy is used with a warning; without one, loading fails with {@code
 * config.invalid} naming the URL and the reason. A 4xx answer is not an outage: it fails even when
 * a cached copy exists, because the reference is wrong.
 *
 * <p>A {@link SchemaFetchPolicy} bounds what is read: at most {@code maxBytes} of a file or a
 * response, redirects followed only within the URL's origin, URLs only to the allowed hosts when a
 * list is set, files only under the config file's directory unless any path is allowed; and no
 * error quotes what it read.
 */
public final class SchemaSource {
  /** The setting holding the base URL of the ChittyOS schema service. */
  public static final String CHITTY_SCHEMA_URL = "CHITTY_SCHEMA_URL";

  /** How long to wait for a connection to a schema server. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long to wait for a schema server's whole response. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(SchemaSource.class);

  private final Environment env;
  private final SchemaCache cache;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final SchemaFetchPolicy policy;

  /** How many redirects within one origin are followed. */
  static final int MAX_REDIRECTS = 5;

  /** A source using {@code cache}, a client with the standard timeouts and {@code env}'s policy. */
  public SchemaSource(Environment env, SchemaCache cache) {
    this(env, cache, defaultClient(), REQUEST_TIMEOUT, SchemaFetchPolicy.from(env));
  }

  /** A source using {@code client} and waiting at most {@code requestTimeout} for a response. */
  public SchemaSource(
      Environment env, SchemaCache cache, HttpClient client, Duration requestTimeout) {
    this(env, cache, client, requestTimeout, SchemaFetchPolicy.from(env));
  }

  /** A source reading schemas as {@code policy} allows. */
  public SchemaSource(
      Environment env,
      SchemaCache cache,
      HttpClient client,
      Duration requestTimeout,
      SchemaFetchPolicy policy) {
    this.env = Objects.requireNonNull(env, "env");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.client = Objects.requireNonNull(client, "client");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** A source caching fetched schemas in {@code chittysync.schema_cache} of {@code database}. */
  public static SchemaSource create(Environment env, Database database) {
    return new SchemaSource(env, new PostgresSchemaCache(database));
  }

  /**
   * An HTTP client with {@link #CONNECT_TIMEOUT} that follows no redirect itself: the source
   * follows those that stay within the URL's origin.
   */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * A loaded schema text.
   *
   * @param location the file (absolute) or URL it came from
   * @param body the schema text
   * @param fromCache whether it is the cached copy (unchanged on the server, or the server was
   *     unreachable)
   */
  public record LoadedSchema(String location, String body, boolean fromCache) {}

  /**
   * Loads and compiles the schema of {@code registry}, and checks that every canonical field its
   * endpoints map is declared when the schema allows no other properties.
   *
   * @throws ConfigException for a missing file, a missing {@code CHITTY_SCHEMA_URL} or an invalid
   *     schema
   * @throws ChittySyncException {@code config.invalid} when a URL cannot be fetched and nothing is
   *     cached
   */
  public RecordValidator load(SyncConfig config, RegistryConfig registry) {
    LoadedSchema loaded = fetch(registry, baseDir(config.source()));
    String where = "registries." + registry.name() + ".schema";
    RecordValidator validator =
        RecordValidator.compile(loaded.body(), loaded.location(), registry.key(), where);
    checkMappedFields(loaded, registry);
    return validator;
  }

  /**
   * The schema text of {@code registry} of {@code config}, relative paths resolved against the
   * config file's directory as {@link #load} does: what the engine lends connectors as their {@link
   * com.chittysync.connect.SchemaLookup}.
   */
  public String text(SyncConfig config, RegistryConfig registry) {
    return fetch(registry, baseDir(config.source())).body();
  }

  /**
   * Fetches the schema text of {@code registry}.
   *
   * @param baseDir the directory relative file paths are resolved against (the config file's)
   */
  public LoadedSchema fetch(RegistryConfig registry, Path baseDir) {
    String where = "registries." + registry.name() + ".schema";
    SchemaReference reference;
    try {
      reference = SchemaReference.parse(registry.schema());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
    return fetch(reference, baseDir, where);
  }

  /**
   * Fetches the schema at {@code reference}.
   *
   * @param where the config path problems are reported under
   */
  public LoadedSchema fetch(SchemaReference reference, Path baseDir, String where) {
    return switch (reference.kind()) {
      case FILE -> readFile(baseDir, reference.value(), where);
      case URL -> fetchUrl(reference.value(), where);
      case CHITTY -> fetchUrl(chittyUrl(reference, where), where);
    };
  }

  /** The URL of {@code chitty:<name>}: {@code $CHITTY_SCHEMA_URL/<name>}. */
  String chittyUrl(SchemaReference reference, String where) {
    if (reference.kind() != Kind.CHITTY) {
      throw new IllegalArgumentException("not a chitty: reference: " + reference);
    }
    Optional<String> base = env.get(CHITTY_SCHEMA_URL);
    if (base.isEmpty()) {
      throw new ConfigException(
          CHITTY_SCHEMA_URL
              + ": not set; "
              + where
              + " is '"
              + reference
              + "', which is fetched from $"
              + CHITTY_SCHEMA_URL
              + "/"
              + reference.value()
              + " (set it to the schema service's base URL)");
    }
    String root = base.get().strip();
    String lower = root.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new ConfigException(CHITTY_SCHEMA_URL + ": must be an http(s) URL, got '" + root + "'");
    }
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    return root + "/" + reference.value();
  }

  private static Path baseDir(Path configFile) {
    Path parent = configFile.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  private LoadedSchema readFile(Path baseDir, String path, String where) {
    Path base = baseDir.toAbsolutePath().normalize();
    Path absolute = base.resolve(path).normalize();
    try {
      if (!policy.anyPath() && !under(base, absolute)) {
        throw new ConfigException(
            where
                + ": schema file "
                + absolute
                + " is outside the config file's directory "
                + base
                + "; move it there, or set "
                + SchemaFetchPolicy.ANY_PATH_SETTING
                + "=true to allow any path");
      }
      if (Files.isRegularFile(absolute) && Files.size(absolute) > policy.maxBytes()) {
        throw new ConfigException(
            where + ": schema file " + absolute + " is larger than " + limit() + tooLargeHint());
      }
      // Read at most one byte past the limit: a device or /proc file says it is empty and may
      // never end.
      byte[] bytes;
      try (InputStream in = Files.newInputStream(absolute)) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, policy.maxBytes() + 1));
      }
      if (bytes.length > policy.maxBytes()) {
        throw new ConfigException(
            where + ": schema file " + absolute + " is larger than " + limit() + tooLargeHint());
      }
      String body = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      return new LoadedSchema(absolute.toString(), body, false);
    } catch (NoSuchFileException e) {
      throw new ConfigException(where + ": schema file " + absolute + " not found");
    } catch (CharacterCodingException e) {
      throw new ConfigException(where + ": schema file " + absolute + " is not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(
          where + ": schema file " + absolute + " cannot be read: " + reason(e));
    }
  }

  /**
   * Whether {@code file} lies under {@code dir}, links resolved where they exist, so that neither
   * {@code ..} nor a symbolic link leads out.
   */
  private static boolean under(Path dir, Path file) throws IOException {
    Path realDir = Files.exists(dir) ? dir.toRealPath() : dir;
    Path realFile = Files.exists(file) ? file.toRealPath() : file;
    return realFile.startsWith(realDir) && !realFile.equals(realDir);
  }

  private String limit() {
    long max = policy.maxBytes();
    return max % (1 << 20) == 0 ? (max >> 20) + " MiB" : max + " bytes";
  }

  private static String tooLargeHint() {
    return " (" + SchemaFetchPolicy.MAX_BYTES_SETTING + " raises the limit)";
  }

  private LoadedSchema fetchUrl(String url, String where) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException(where + ": not a valid URL '" + url + "': " + e.getMessage());
    }
    refuseDisallowedHost(uri, where);
    Optional<SchemaCache.Entry> cached = cachedCopy(url);
    HttpResponse<byte[]> response;
    for (int redirects = 0; ; redirects++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(requestTimeout)
              .header("Accept", "application/schema+json, application/json;q=0.9, */*;q=0.1")
              .GET();
      cached.map(SchemaCache.Entry::etag).ifPresent(etag -> request.header("If-None-Match", etag));
      try {
        response = send(request.build());
      } catch (BoundedBody.TooLarge e) {
        throw new ChittySyncException(
            ErrorCode.CONFIG_INVALID,
            where + ": schema " + url + " is larger than " + limit() + tooLargeHint());
      } catch (IOException e) {
        return fallBack(url, where, reason(e), cached);
      }
      Optional<String> location = response.headers().firstValue("Location");
      if (!isRedirect(response.statusCode()) || location.isEmpty()) {
        break;
      }
      URI next = redirectTarget(uri, location.get(), url, where);
      if (redirects >= MAX_REDIRECTS) {
        throw new ChittySyncException(
            ErrorCode.CONFIG_INVALID,
            where + ": schema " + url + " redirects more than " + MAX_REDIRECTS + " times");
      }
      uri = next;
    }
    int status = response.statusCode();
    if (status == 304 && cached.isPresent()) {
      safely(() -> cache.touch(url), url);
      return new LoadedSchema(url, cached.get().body(), true);
    }
    if (status == 200) {
      String body = utf8(response.body(), url, where);
      checkJson(body, url, where, response.headers().firstValue("Content-Type").orElse("none"));
      String etag = response.headers().firstValue("ETag").orElse(null);
      safely(() -> cache.put(url, etag, body), url);
      return new LoadedSchema(url, body, false);
    }
    if (status >= 500 || status == 408 || status == 429) {
      return fallBack(url, where, "HTTP " + status, cached);
    }
    throw new ChittySyncException(
        ErrorCode.CONFIG_INVALID,
        where
            + ": cannot fetch schema "
            + url
            + ": HTTP "
            + status
            + (status == 304 ? " without a cached copy" : ""));
  }

  private void refuseDisallowedHost(URI uri, String where) {
    if (!policy.allows(uri)) {
      throw new ConfigException(
          where
              + ": schema host "
              + uri.getHost()
              + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
              + " is not in "
              + SchemaFetchPolicy.HOSTS_SETTING
              + " ("
              + String.join(", ", policy.hosts())
              + ")");
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * Where a redirect leads, if it stays within the origin (scheme, host and port) of the URL that
   * answered it: a schema server has no reason to send the engine elsewhere, and following it would
   * let a config reach hosts it could not name (or an https schema arrive over http).
   */
  private URI redirectTarget(URI from, String location, String url, String where) {
    URI to;
    try {
      to = from.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new ChittySyncException(
          ErrorCode.CONFIG_INVALID, where + ": schema " + url + " redirects to an invalid URL");
    }
    boolean sameOrigin =
        from.getScheme().equalsIgnoreCase(String.valueOf(to.getScheme()))
            && from.getHost() != null
            && from.getHost().equalsIgnoreCase(String.valueOf(to.getHost()))
            && port(from) == port(to);
    if (!sameOrigin) {
      throw new ChittySyncException(
          ErrorCode.CONFIG_INVALID,
          where
              + ": schema "
              + url
              + " redirects to another origin ("
              + to.getScheme()
              + "://"
              + to.getHost()
              + (to.getPort() >= 0 ? ":" + to.getPort() : "")
              + "), which is not followed; configure the final URL");
    }
    return to;
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String utf8(byte[] body, String url, String where) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(where + ": " + url + " did not return UTF-8 text");
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, BoundedBody.handler(policy.maxBytes()));
    try {
      // The request timeout covers the wait for the headers; bound the body too.
      return future.get(requestTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("no complete response within " + seconds(requestTimeout));
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the response", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof BoundedBody.TooLarge tooLarge) {
          throw tooLarge;
        }
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
    }
  }

  private LoadedSchema fallBack(
      String url, String where, String reason, Optional<SchemaCache.Entry> cached) {
    if (cached.isPresent()) {
      LOG.warn(
          "cannot fetch schema {} ({}); using the copy cached at {}",
          url,
          reason,
          cached.get().fetchedAt());
      return new LoadedSchema(url, cached.get().body(), true);
    }
    throw new ChittySyncException(
        ErrorCode.CONFIG_INVALID,
        where + ": cannot fetch schema " + url + ": " + reason + ", and no copy is cached");
  }

  private Optional<SchemaCache.Entry> cachedCopy(String url) {
    try {
      return cache.get(url);
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot read the cached copy of schema {}: {}; fetching without it", url, e.getMessage());
      return Optional.empty();
    }
  }

  private static void safely(Runnable cacheWrite, String url) {
    try {
      cacheWrite.run();
    } catch (RuntimeException e) {
      LOG.warn("cannot cache schema {}: {}", url, e.getMessage());
    }
  }

  private static void checkJson(String body, String url, String where, String contentType) {
    try {
      Json.mapper().readTree(body);
    } catch (IOException e) {
      // Never the body: a URL in a config must not become a way to read what a server says.
      throw new ConfigException(
          where
              + ": "
              + url
              + " did not return JSON ("
              + body.length()
              + " characters, Content-Type "
              + contentType.replaceAll("[^\\x20-\\x7e]", "?")
              + ")");
    }
  }

  private void checkMappedFields(LoadedSchema loaded, RegistryConfig registry) {
    JsonNode schema;
    try {
      schema = Json.mapper().readTree(loaded.body());
    } catch (IOException e) {
      return; // compile already reported it
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    if (properties == null
        || !properties.isObject()
        || additional == null
        || !additional.isBoolean()
        || additional.asBoolean()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (EndpointConfig endpoint : registry.endpoints().values()) {
      for (Map.Entry<String, String> field : endpoint.fields().entrySet()) {
        if (!properties.has(field.getKey())) {
          problems.add(
              endpoint.path()
                  + ".fields."
                  + field.getKey()
                  + ": not declared in the schema ("
                  + loaded.location()
                  + "), which allows no other properties");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + seconds(CONNECT_TIMEOUT);
    }
    if (e instanceof HttpTimeoutException) {
      return e.getMessage() != null && e.getMessage().startsWith("no complete response")
          ? e.getMessage()
          : "no response within the request timeout";
    }
    if (e instanceof ConnectException) {
      return "connection refused"
          + (e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")");
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return firstLine(e);
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
