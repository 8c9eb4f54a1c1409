package com.chittysync.sync.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.sync.config.ConfigLoader;
import com.chittysync.sync.config.FakeEndpointType;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaSourceTest {
  private static final String PERSON =
      """
      {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
       "properties": {"person_id": {"type": "string"}, "email": {"type": "string"}},
       "required": ["person_id"]}
      """;
  private static final String PERSON_V2 =
      """
      {"type": "object",
       "properties": {"person_id": {"type": "string"}, "email": {"type": "string"}},
       "required": ["person_id", "email"]}
      """;

  private static TestDatabase testDatabase;
  private static Database database;

  private HttpServer server;
  private final Map<String, Served> served = new ConcurrentHashMap<>();
  private final List<Seen> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger counter = new AtomicInteger();

  @TempDir Path dir;

  /** What the fake schema server answers for a path. */
  record Served(int status, String body, String etag, long delayMillis) {}

  /** A request the server saw. */
  record Seen(String path, String ifNoneMatch) {}

  @BeforeAll
  static void migrate() {
    testDatabase = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(testDatabase.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
      requests.add(new Seen(path, ifNoneMatch));
      Served answer = served.get(path);
      if (answer == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (answer.delayMillis() > 0) {
        try {
          Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (answer.etag() != null) {
        exchange.getResponseHeaders().add("ETag", answer.etag());
        if (answer.etag().equals(ifNoneMatch)) {
          exchange.sendResponseHeaders(304, -1);
          return;
        }
      }
      if (answer.body() == null) {
        exchange.sendResponseHeaders(answer.status(), -1);
        return;
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/schema+json");
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** A unique path on the server (the cache table is shared by the tests of this class). */
  private String path(String name) {
    return "/schemas/" + name + "-" + counter.incrementAndGet() + "-" + System.nanoTime();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private SchemaSource source(Map<String, String> env) {
    return SchemaSource.create(Environment.of(env), database);
  }

  private static RegistryConfig registry(String schema) {
    return ConfigLoader.parse(
            """
            registries:
              people:
                schema: '%s'
                key: person_id
                endpoints:
                  main: {type: postgres, table: t, fields: {person_id: id, email: email}}
            """
                .formatted(schema),
            Path.of("/etc/chittysync/chittysync.yaml"),
            FakeEndpointType.types())
        .registry("people");
  }

  private static Optional<String[]> cacheRow(String url) {
    return database.withConnection(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement("SELECT etag, body FROM chittysync.schema_cache WHERE url = ?")) {
            st.setString(1, url);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next()
                  ? Optional.of(new String[] {rs.getString(1), rs.getString(2)})
                  : Optional.empty();
            }
          }
        });
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  // --- files ---

  @Test
  void fileSchemaIsReadRelativeToTheConfigFile() throws Exception {
    Files.createDirectories(dir.resolve("schemas"));
    Files.writeString(dir.resolve("schemas/person.schema.json"), PERSON);
    Path configFile = dir.resolve("chittysync.yaml");
    Files.copy(Path.of(getClass().getResource("/config/chittysync.yaml").toURI()), configFile);
    Files.writeString(
        dir.resolve("schemas/person.schema.json"),
        """
        {"type": "object", "properties": {"person_id": {"type": "string"},
         "full_name": {"type": "string"}, "email": {"type": "string"},
         "active": {"type": "boolean"}}, "additionalProperties": false}
        """);
    SyncConfig config = ConfigLoader.load(configFile, FakeEndpointType.types());

    SchemaSource source = source(Map.of());
    RecordValidator validator = source.load(config, config.registry("people"));

    assertThat(
            validator.validate(
                RecordValidatorTest.record("{\"person_id\": \"p\", \"active\": \"yes\"}")))
        .containsExactly(new FieldError("/active", "string found, boolean expected"));
    assertThat(source.fetch(config.registry("people"), dir).location())
        .isEqualTo(dir.resolve("schemas/person.schema.json").toAbsolutePath().toString());
  }

  @Test
  void theExampleSchemaInTestResourcesLoads() throws Exception {
    Path configFile = Path.of(getClass().getResource("/config/chittysync.yaml").toURI());
    SyncConfig config = ConfigLoader.load(configFile, FakeEndpointType.types());

    RecordValidator validator = source(Map.of()).load(config, config.registry("people"));

    assertThat(
            validator.validate(
                RecordValidatorTest.record(
                    "{\"person_id\": \"p-1\", \"full_name\": \"Ada\", \"email\": \"ada@example.com\","
                        + " \"active\": true}")))
        .isEmpty();
  }

  @Test
  void schemaOutsideTheConfigDirectoryIsAllowedOnlyWhenSaidSo() throws Exception {
    Path schema = dir.resolve("abs.json");
    Files.writeString(schema, PERSON);

    SchemaSource.LoadedSchema loaded =
        source(Map.of(SchemaFetchPolicy.ANY_PATH_SETTING, "true"))
            .fetch(registry(schema.toString()), Path.of("/nowhere"));

    assertThat(loaded.body()).isEqualTo(PERSON);
    assertThat(loaded.fromCache()).isFalse();
  }

  @Test
  void schemaFileOutsideTheConfigDirectoryIsRefused() throws Exception {
    Path configDir = Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("secret.txt"), "root:x:0:0");

    for (String path : List.of("/etc/passwd", "../secret.txt", "schemas/../../secret.txt")) {
      assertThatThrownBy(() -> source(Map.of()).fetch(registry(path), configDir))
          .as(path)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("is outside the config file's directory")
          .hasMessageContaining(SchemaFetchPolicy.ANY_PATH_SETTING)
          .hasMessageNotContaining("root:");
    }
  }

  @Test
  void aFileThatIsNotJsonIsReportedWithoutQuotingIt() throws Exception {
    Files.writeString(dir.resolve("notes.json"), "hunter2 is the password\n");
    SyncConfig config =
        ConfigLoader.parse(
            "registries:\n"
                + "  people:\n"
                + "    schema: notes.json\n"
                + "    key: person_id\n"
                + "    endpoints:\n"
                + "      main: {type: postgres, table: t, fields: {person_id: id}}\n",
            dir.resolve("chittysync.yaml"),
            FakeEndpointType.types());

    assertThatThrownBy(() -> source(Map.of()).load(config, config.registry("people")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not valid JSON (line 1")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aSchemaFileLargerThanTheLimitIsRefused() throws Exception {
    Files.writeString(dir.resolve("big.json"), "{\"description\": \"" + "x".repeat(4096) + "\"}");

    assertThatThrownBy(
            () ->
                source(Map.of(SchemaFetchPolicy.MAX_BYTES_SETTING, "2048"))
                    .fetch(registry("big.json"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is larger than 2048 bytes")
        .hasMessageContaining(SchemaFetchPolicy.MAX_BYTES_SETTING);
  }

  @Test
  void aSchemaFileThatIsNotARegularFileIsReadOnlyUpToTheLimit() {
    // A device or /proc file says it is empty and never ends: the size check alone let it fill
    // the heap.
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")));
    assertThatThrownBy(
            () ->
                source(
                        Map.of(
                            SchemaFetchPolicy.ANY_PATH_SETTING,
                            "true",
                            SchemaFetchPolicy.MAX_BYTES_SETTING,
                            "2048"))
                    .fetch(registry("/dev/zero"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is larger than 2048 bytes");
  }

  @Test
  void missingSchemaFileIsAConfigProblem() {
    assertThatThrownBy(() -> source(Map.of()).fetch(registry("schemas/missing.json"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "registries.people.schema: schema file "
                + dir.resolve("schemas/missing.json")
                + " not found");
  }

  @Test
  void invalidSchemaIsReportedUnderTheRegistry() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"properties\": {\"person_id\": {\"type\": 1}}}");
    SyncConfig config =
        new SyncConfig(dir.resolve("chittysync.yaml"), Map.of("people", registry("bad.json")));

    String prefix = "registries.people.schema: " + dir.resolve("bad.json") + ": ";
    assertThatThrownBy(() -> source(Map.of()).load(config, config.registry("people")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        prefix + "/properties/person_id/type: integer found, array expected",
                        prefix
                            + "/properties/person_id: the key field 'person_id' must be declared"
                            + " with \"type\": \"string\""));
  }

  @Test
  void mappedFieldsMustBeDeclaredWhenTheSchemaIsClosed() throws Exception {
    Files.writeString(
        dir.resolve("closed.json"),
        "{\"properties\": {\"person_id\": {\"type\": \"string\"}}, \"additionalProperties\": false}");
    SyncConfig config =
        new SyncConfig(dir.resolve("chittysync.yaml"), Map.of("people", registry("closed.json")));

    assertThatThrownBy(() -> source(Map.of()).load(config, config.registry("people")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "registries.people.endpoints.main.fields.email: not declared in the schema ("
                + dir.resolve("closed.json")
                + "), which allows no other properties");
  }

  // --- URLs ---

  @Test
  void urlSchemaIsCachedWithItsEtagAndRevalidated() {
    String path = path("person");
    String url = url(path);
    served.put(path, new Served(200, PERSON, "\"v1\"", 0));
    SchemaSource source = source(Map.of());

    SchemaSource.LoadedSchema first = source.fetch(registry(url), dir);

    assertThat(first.body()).isEqualTo(PERSON);
    assertThat(first.fromCache()).isFalse();
    assertThat(requests).containsExactly(new Seen(path, null));
    assertThat(cacheRow(url))
        .hasValueSatisfying(
            row -> {
              assertThat(row[0]).isEqualTo("\"v1\"");
              assertThat(row[1]).isEqualTo(PERSON);
            });

    SchemaSource.LoadedSchema second = source(Map.of()).fetch(registry(url), dir);

    assertThat(requests).containsExactly(new Seen(path, null), new Seen(path, "\"v1\""));
    assertThat(second.fromCache()).isTrue();
    assertThat(second.body()).isEqualTo(PERSON);
  }

  @Test
  void changedSchemaReplacesTheCachedCopy() {
    String path = path("person");
    String url = url(path);
    served.put(path, new Served(200, PERSON, "\"v1\"", 0));
    source(Map.of()).fetch(registry(url), dir);
    served.put(path, new Served(200, PERSON_V2, "\"v2\"", 0));

    SchemaSource.LoadedSchema loaded = source(Map.of()).fetch(registry(url), dir);

    assertThat(loaded.body()).isEqualTo(PERSON_V2);
    assertThat(loaded.fromCache()).isFalse();
    assertThat(cacheRow(url)).hasValueSatisfying(row -> assertThat(row[0]).isEqualTo("\"v2\""));
  }

  @Test
  void schemaWithoutEtagIsCachedAndRefetched() {
    String path = path("person");
    String url = url(path);
    served.put(path, new Served(200, PERSON, null, 0));

    source(Map.of()).fetch(registry(url), dir);
    source(Map.of()).fetch(registry(url), dir);

    assertThat(requests).extracting(Seen::ifNoneMatch).containsExactly(null, null);
    assertThat(cacheRow(url)).hasValueSatisfying(row -> assertThat(row[0]).isNull());
  }

  @Test
  void serviceAnswering503UsesTheCachedCopy() {
    String path = path("person");
    String url = url(path);
    served.put(path, new Served(200, PERSON, "\"v1\"", 0));
    source(Map.of()).fetch(registry(url), dir);
    served.put(path, new Served(503, "down for maintenance", null, 0));

    SchemaSource.LoadedSchema loaded = source(Map.of()).fetch(registry(url), dir);

    assertThat(loaded.fromCache()).isTrue();
    assertThat(loaded.body()).isEqualTo(PERSON);
  }

  @Test
  void unreachableServiceUsesTheCachedCopy() throws Exception {
    String url = "http://127.0.0.1:" + closedPort() + path("person");
    new PostgresSchemaCache(database).put(url, "\"v9\"", PERSON);

    SchemaSource.LoadedSchema loaded = source(Map.of()).fetch(registry(url), dir);

    assertThat(loaded.fromCache()).isTrue();
    assertThat(loaded.body()).isEqualTo(PERSON);
  }

  @Test
  void unreachableServiceWithoutCacheFailsNamingTheUrl() throws Exception {
    String url = "http://127.0.0.1:" + closedPort() + path("person");

    assertThatThrownBy(() -> source(Map.of()).fetch(registry(url), dir))
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageStartingWith(
            "registries.people.schema: cannot fetch schema " + url + ": connection refused")
        .hasMessageEndingWith(", and no copy is cached");
  }

  @Test
  void serviceAnswering503WithoutCacheFails() {
    String path = path("person");
    String url = url(path);
    served.put(path, new Served(503, null, null, 0));

    assertThatThrownBy(() -> source(Map.of()).fetch(registry(url), dir))
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessage(
            "registries.people.schema: cannot fetch schema "
                + url
                + ": HTTP 503, and no copy is cached");
  }

  @Test
  void slowServiceTimesOutInsteadOfHanging() {
    String path = path("slow");
    String url = url(path);
    served.put(path, new Served(200, PERSON, null, 3_000));
    SchemaSource impatient =
        new SchemaSource(
            Environment.of(Map.of()),
            new PostgresSchemaCache(database),
            SchemaSource.defaultClient(),
            Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.fetch(registry(url), dir))
        .isInstanceOf(ChittySyncException.class)
        .hasMessageStartingWith("registries.people.schema: cannot fetch schema " + url + ": ")
        .hasMessageEndingWith(", and no copy is cached");
  }

  @Test
  void notFoundIsAnErrorEvenWithACachedCopy() {
    String path = path("gone");
    String url = url(path);
    new PostgresSchemaCache(database).put(url, null, PERSON);

    assertThatThrownBy(() -> source(Map.of()).fetch(registry(url), dir))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("registries.people.schema: cannot fetch schema " + url + ": HTTP 404");
  }

  @Test
  void nonJsonAnswerIsRefusedAndNotCached() {
    String path = path("html");
    String url = url(path);
    served.put(path, new Served(200, "<html>login</html>", "\"x\"", 0));

    assertThatThrownBy(() -> source(Map.of()).fetch(registry(url), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "registries.people.schema: "
                + url
                + " did not return JSON (18 characters, Content-Type application/schema+json)")
        .hasMessageNotContaining("login");
    assertThat(cacheRow(url)).isEmpty();
  }

  @Test
  void aResponseLargerThanTheLimitIsCutOffAndRefused() {
    String path = path("huge");
    String url = url(path);
    served.put(path, new Served(200, "{\"d\": \"" + "x".repeat(8192) + "\"}", null, 0));

    assertThatThrownBy(
            () ->
                source(Map.of(SchemaFetchPolicy.MAX_BYTES_SETTING, "4096"))
                    .fetch(registry(url), dir))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage(
            "registries.people.schema: schema "
                + url
                + " is larger than 4096 bytes ("
                + SchemaFetchPolicy.MAX_BYTES_SETTING
                + " raises the limit)");
    assertThat(cacheRow(url)).isEmpty();
  }

  @Test
  void aStreamedResponseWithoutLengthIsCutOffAtTheLimit() {
    server.createContext(
        "/endless",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 64; i++) {
              exchange.getResponseBody().write(chunk);
            }
          } catch (IOException e) {
            // The client hung up at its limit, as it should.
          }
        });
    String url = url("/endless");

    assertThatThrownBy(
            () ->
                source(Map.of(SchemaFetchPolicy.MAX_BYTES_SETTING, "4096"))
                    .fetch(registry(url), dir))
        .isInstanceOf(ChittySyncException.class)
        .hasMessageContaining("is larger than 4096 bytes");
  }

  /** Answers {@code from} with a redirect to {@code location}. */
  private void redirect(String from, String location) {
    server.createContext(
        from,
        exchange -> {
          try (exchange) {
            requests.add(new Seen(from, null));
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
          }
        });
  }

  @Test
  void aRedirectWithinTheOriginIsFollowed() {
    String target = path("moved");
    served.put(target, new Served(200, PERSON, null, 0));
    redirect("/old-place", target);

    assertThat(source(Map.of()).fetch(registry(url("/old-place")), dir).body()).isEqualTo(PERSON);
  }

  @Test
  void aRedirectToAnotherOriginIsNotFollowed() {
    String target = path("elsewhere");
    served.put(target, new Served(200, PERSON, null, 0));
    // Same server under another host name: another origin all the same.
    redirect("/away", "http://localhost:" + server.getAddress().getPort() + target);

    assertThatThrownBy(() -> source(Map.of()).fetch(registry(url("/away")), dir))
        .isInstanceOf(ChittySyncException.class)
        .hasMessageContaining("redirects to another origin (http://localhost:")
        .hasMessageContaining("not followed");
    assertThat(requests).extracting(Seen::path).doesNotContain(target);
  }

  @Test
  void aHostOutsideTheAllowListIsNotFetched() {
    String path = path("listed");
    served.put(path, new Served(200, PERSON, null, 0));

    assertThatThrownBy(
            () ->
                source(Map.of(SchemaFetchPolicy.HOSTS_SETTING, "schemas.example.org"))
                    .fetch(registry(url(path)), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema host 127.0.0.1:")
        .hasMessageContaining("is not in " + SchemaFetchPolicy.HOSTS_SETTING);
    assertThat(requests).isEmpty();

    String allowed = "127.0.0.1:" + server.getAddress().getPort();
    assertThat(
            source(Map.of(SchemaFetchPolicy.HOSTS_SETTING, "other.example.org, " + allowed))
                .fetch(registry(url(path)), dir)
                .body())
        .isEqualTo(PERSON);
  }

  // --- chitty: names ---

  @Test
  void chittyNamesAreFetchedFromTheSchemaService() {
    String path = path("person");
    served.put(path, new Served(200, PERSON, "\"c1\"", 0));
    String base = url("/schemas/");
    String name = path.substring("/schemas/".length());
    SchemaSource source = source(Map.of("CHITTY_SCHEMA_URL", base));

    SchemaSource.LoadedSchema loaded = source.fetch(registry("chitty:" + name), dir);

    assertThat(loaded.location()).isEqualTo(url(path));
    assertThat(loaded.body()).isEqualTo(PERSON);
    assertThat(requests).containsExactly(new Seen(path, null));
    assertThat(cacheRow(url(path))).isPresent();
  }

  @Test
  void chittyNamesNeedTheSchemaServiceUrl() {
    assertThatThrownBy(() -> source(Map.of()).fetch(registry("chitty:person"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "CHITTY_SCHEMA_URL: not set; registries.people.schema is 'chitty:person', which is"
                + " fetched from $CHITTY_SCHEMA_URL/person (set it to the schema service's base"
                + " URL)");
    assertThatThrownBy(
            () ->
                source(Map.of("CHITTY_SCHEMA_URL", "schemas.chitty.cc"))
                    .fetch(registry("chitty:person"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("CHITTY_SCHEMA_URL: must be an http(s) URL, got 'schemas.chitty.cc'");
  }

  @Test
  void malformedSchemaServiceUrlIsAConfigProblem() {
    assertThatThrownBy(
            () ->
                source(Map.of("CHITTY_SCHEMA_URL", "https://schemas chitty.cc"))
                    .fetch(registry("chitty:person"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "registries.people.schema: not a valid URL 'https://schemas chitty.cc/person': ");
  }

  @Test
  void chittyUrlJoinsWithOneSlash() {
    SchemaSource source = source(Map.of("CHITTY_SCHEMA_URL", "https://schemas.chitty.cc/v1//"));
    assertThat(
            source.chittyUrl(
                SchemaReference.parse("chitty:people/person.json"), "registries.people.schema"))
        .isEqualTo("https://schemas.chitty.cc/v1/people/person.json");
  }
}
