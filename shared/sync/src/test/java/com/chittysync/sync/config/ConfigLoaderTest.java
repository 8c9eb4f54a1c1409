package com.chittysync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.RegistryConfig.AuditDetail;
import com.chittysync.connect.config.RegistryConfig.Conflict;
import com.chittysync.connect.config.RegistryConfig.Deletes;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  private static final Path SOURCE = Path.of("/etc/chittysync/chittysync.yaml");

  /** A minimal valid registry; {@code %s} is replaced by extra registry-level lines. */
  private static final String MINIMAL =
      """
      registries:
        people:
          schema: schemas/person.schema.json
          key: person_id
      %s    endpoints:
            main:
              type: postgres
              table: public.people
              fields: {person_id: id, email: email}
      """;

  static Path example() throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getResource("/config/chittysync.yaml").toURI());
  }

  private static SyncConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, SOURCE, FakeEndpointType.types());
  }

  private static List<String> problems(String yaml) {
    return problems(yaml, FakeEndpointType.types());
  }

  private static List<String> problems(String yaml, Map<String, EndpointType> types) {
    try {
      ConfigLoader.parse(yaml, SOURCE, types);
    } catch (ConfigException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
      return e.problems();
    }
    throw new AssertionError("expected the config to be refused:\n" + yaml);
  }

  /** {@link #MINIMAL} with {@code lines} added at registry level (each without indentation). */
  private static String minimalWith(String... lines) {
    StringBuilder extra = new StringBuilder();
    for (String line : lines) {
      extra.append("    ").append(line).append('\n');
    }
    return MINIMAL.formatted(extra);
  }

  // --- valid configs ---

  @Test
  void fullExampleLoadsIntoRecordsWithEverySetting() throws Exception {
    Path file = example();

    SyncConfig config = ConfigLoader.load(file, FakeEndpointType.types());

    assertThat(config.source()).isEqualTo(file);
    assertThat(config.registries()).containsOnlyKeys("people");
    RegistryConfig people = config.registry("people");
    assertThat(people.name()).isEqualTo("people");
    assertThat(people.schema()).isEqualTo("schemas/person.schema.json");
    assertThat(people.key()).isEqualTo("person_id");
    assertThat(people.conflict()).isEqualTo(Conflict.LAST_WRITE_WINS);
    assertThat(people.priority()).isEmpty();
    assertThat(people.deletes()).isEqualTo(Deletes.PROPAGATE);
    assertThat(people.deleteGuard()).isEqualTo(0.25);
    assertThat(people.schedule()).contains("rate(5 minutes)");
    assertThat(people.audit()).isEqualTo(AuditDetail.HASHES);
    assertThat(people.endpoints().keySet()).containsExactly("main", "replica");

    EndpointConfig main = people.endpoints().get("main");
    assertThat(main.name()).isEqualTo("main");
    assertThat(main.type()).isEqualTo("postgres");
    assertThat(main.path()).isEqualTo("registries.people.endpoints.main");
    assertThat(main.fields())
        .containsExactly(
            Map.entry("person_id", "id"),
            Map.entry("full_name", "name"),
            Map.entry("email", "email"),
            Map.entry("active", "is_active"));
    assertThat(main.setting("table")).isEqualTo("public.people");
    assertThat(main.setting("url")).isNull();
    assertThat(main.settings().has("type")).isFalse();
    assertThat(main.settings().has("fields")).isFalse();

    EndpointConfig replica = people.endpoints().get("replica");
    assertThat(replica.setting("url")).isEqualTo("postgres://sync@replica.example.com:5432/crm");
    assertThat(replica.setting("table")).isEqualTo("crm.contacts");
    assertThat(replica.fields())
        .containsExactly(
            Map.entry("person_id", "contact_id"),
            Map.entry("full_name", "display_name"),
            Map.entry("email", "email_address"),
            Map.entry("active", "active"));
  }

  @Test
  void omittedSettingsTakeTheirDefaults() {
    RegistryConfig people = parse(minimalWith()).registry("people");

    assertThat(people.conflict()).isEqualTo(Conflict.LAST_WRITE_WINS);
    assertThat(people.deletes()).isEqualTo(Deletes.PROPAGATE);
    assertThat(people.deleteGuard()).isEqualTo(0.25);
    assertThat(people.audit()).isEqualTo(AuditDetail.HASHES);
    assertThat(people.schedule()).isEmpty();
    assertThat(people.priority()).isEmpty();
  }

  @Test
  void settingsWrittenWithoutAValueTakeTheirDefaults() {
    RegistryConfig people =
        parse(minimalWith("conflict:", "deletes: null", "schedule:")).registry("people");

    assertThat(people.conflict()).isEqualTo(Conflict.LAST_WRITE_WINS);
    assertThat(people.deletes()).isEqualTo(Deletes.PROPAGATE);
    assertThat(people.schedule()).isEmpty();
  }

  @Test
  void aSingleEndpointRegistryIsValid() {
    assertThat(parse(minimalWith()).registry("people").endpoints()).containsOnlyKeys("main");
  }

  @Test
  void everyChoiceIsAccepted() {
    RegistryConfig people =
        parse(
                minimalWith(
                    "conflict: manual",
                    "deletes: hold",
                    "delete_guard: 1",
                    "audit: values",
                    "schedule: cron(0 12 * * ? *)"))
            .registry("people");
    assertThat(people.conflict()).isEqualTo(Conflict.MANUAL);
    assertThat(people.deletes()).isEqualTo(Deletes.HOLD);
    assertThat(people.deleteGuard()).isEqualTo(1.0);
    assertThat(people.audit()).isEqualTo(AuditDetail.VALUES);
    assertThat(people.schedule()).contains("cron(0 12 * * ? *)");

    assertThat(parse(minimalWith("conflict: content-hash")).registry("people").conflict())
        .isEqualTo(Conflict.CONTENT_HASH);
    assertThat(parse(minimalWith("deletes: ignore")).registry("people").deletes())
        .isEqualTo(Deletes.IGNORE);
    assertThat(parse(minimalWith("delete_guard: 0")).registry("people").deleteGuard())
        .isEqualTo(0.0);
  }

  @Test
  void auditTakesAModeAndWhetherToCommitToKeys() {
    RegistryConfig plain = parse(minimalWith("audit: hashes")).registry("people");
    assertThat(plain.audit()).isEqualTo(AuditDetail.HASHES);
    assertThat(plain.auditKeys()).isEqualTo(RegistryConfig.AuditKeys.CLEAR);

    RegistryConfig committed =
        parse(minimalWith("audit: {mode: hashes, keys: commit}")).registry("people");
    assertThat(committed.audit()).isEqualTo(AuditDetail.HASHES);
    assertThat(committed.auditKeys()).isEqualTo(RegistryConfig.AuditKeys.COMMIT);
    assertThat(parse(minimalWith("audit: {keys: commit}")).registry("people").audit())
        .isEqualTo(AuditDetail.HASHES);
    assertThat(parse(minimalWith("audit: {mode: values}")).registry("people").auditKeys())
        .isEqualTo(RegistryConfig.AuditKeys.CLEAR);

    assertThat(problems(minimalWith("audit: {mode: hashes, keys: hide, salt: 1}")))
        .containsExactlyInAnyOrder(
            "registries.people.audit.salt: unknown setting; the settings are mode and keys",
            "registries.people.audit.keys: must be one of clear, commit, got 'hide'");
    assertThat(problems(minimalWith("audit: {mode: values, keys: commit}")))
        .containsExactly(
            "registries.people.audit.keys: commit needs mode: hashes; mode: values publishes the"
                + " key field's value with the others");
  }

  @Test
  void sourcePriorityTakesItsPriorityList() {
    String yaml =
        """
        registries:
          people:
            schema: chitty:person
            key: person_id
            conflict: source-priority
            priority: [replica, main]
            endpoints:
              main: {type: postgres, table: a, fields: {person_id: id}}
              replica: {type: sheets, table: b, fields: {person_id: id}}
        """;
    RegistryConfig people = parse(yaml).registry("people");
    assertThat(people.conflict()).isEqualTo(Conflict.SOURCE_PRIORITY);
    assertThat(people.priority()).containsExactly("replica", "main");
  }

  @Test
  void registriesKeepFileOrder() {
    String yaml =
        """
        registries:
          zeta:
            schema: https://schemas.example.com/zeta.json
            key: id
            endpoints: {a: {type: postgres, table: t, fields: {id: id}}}
          alpha:
            schema: /abs/alpha.json
            key: id
            endpoints: {a: {type: postgres, table: t, fields: {id: id}}}
        """;
    assertThat(parse(yaml).registries().keySet()).containsExactly("zeta", "alpha");
  }

  @Test
  void endpointTypesSeeTheRegistryWithAllItsEndpoints() {
    FakeEndpointType postgres = new FakeEndpointType("postgres");
    ConfigLoader.parse(
        """
        registries:
          people:
            schema: s.json
            key: person_id
            deletes: hold
            endpoints:
              main: {type: postgres, table: a, fields: {person_id: id}}
              replica: {type: postgres, table: b, fields: {person_id: id}}
        """,
        SOURCE,
        Map.of("postgres", postgres));
    assertThat(postgres.seen()).hasSize(2);
    RegistryConfig seen = postgres.seen().get(0);
    assertThat(seen.key()).isEqualTo("person_id");
    assertThat(seen.deletes()).isEqualTo(Deletes.HOLD);
    assertThat(seen.endpoints()).containsOnlyKeys("main", "replica");
  }

  @Test
  void unknownRegistryNameListsTheConfiguredOnes() {
    assertThatThrownBy(() -> parse(minimalWith()).registry("things"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown registry 'things'; configured: people");
  }

  // --- the file itself ---

  @Test
  void missingFileSaysHowToPointAtOne() {
    Path missing = Path.of("/nonexistent/chittysync.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing, FakeEndpointType.types()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config file /nonexistent/chittysync.yaml not found (pass --config FILE or set"
                + " CHITTYSYNC_CONFIG)");
  }

  @Test
  void emptyFileIsOneProblem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chittysync.yaml");
    Files.writeString(file, "# nothing here yet\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, FakeEndpointType.types()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        file + ": the file is empty; it must hold a 'registries' mapping"));
  }

  @Test
  void yamlSyntaxErrorIsOneProblemWithItsLine() {
    assertThat(
            problems(
                """
                registries:
                  people:
                    key: person_id
                     schema: x
                """))
        .singleElement()
        .asString()
        .startsWith(SOURCE + ": not valid YAML at line 4, column ")
        .contains("mapping values are not allowed here");
  }

  @Test
  void unclosedFlowListIsASyntaxError() {
    assertThat(problems("registries:\n  people:\n    priority: [a, b\n"))
        .singleElement()
        .asString()
        .startsWith(SOURCE + ": not valid YAML at line ")
        .contains("expected ',' or ']'");
  }

  @Test
  void duplicateKeysAreRejectedWithTheirLine() {
    assertThat(
            problems(
                """
                registries:
                  people:
                    key: person_id
                    key: email
                """))
        .containsExactly(SOURCE + ": not valid YAML at line 4, column 8: duplicate key 'key'");
  }

  @Test
  void notAMappingIsOneProblem() {
    assertThat(problems("just some text\n"))
        .containsExactly(
            SOURCE + ": must be a YAML mapping with a 'registries' key, got a string (line 1)");
  }

  @Test
  void nonUtf8FileIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    assertThatThrownBy(() -> ConfigLoader.load(file, FakeEndpointType.types()))
        .hasMessage("config file " + file + " is not UTF-8 text (is it YAML?)");
  }

  @Test
  void byteOrderMarkIsAllowed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "\uFEFF" + minimalWith(), StandardCharsets.UTF_8);
    assertThat(ConfigLoader.load(file, FakeEndpointType.types()).registries())
        .containsOnlyKeys("people");
  }

  // --- top level ---

  @Test
  void registriesIsRequired() {
    assertThat(problems("other: 1\n"))
        .containsExactly(
            "other: unknown setting",
            "registries: required (a mapping of registry name to its settings)");
  }

  @Test
  void registriesMustBeANonEmptyMapping() {
    assertThat(problems("registries: {}\n"))
        .containsExactly(
            "registries: must be a non-empty mapping of registry name to its settings, got an"
                + " empty mapping");
    assertThat(problems("registries: [people]\n"))
        .containsExactly(
            "registries: must be a non-empty mapping of registry name to its settings, got a"
                + " list");
  }

  // --- registry level ---

  @Test
  void registryNamesAreChecked() {
    String yaml = minimalWith().replace("  people:", "  9people:");
    assertThat(problems(yaml))
        .containsExactly(
            "registries.9people: registry name must start with a letter and hold only letters,"
                + " digits, '_' and '-', at most 63 characters");
    assertThat(problems(minimalWith().replace("  people:", "  " + "p".repeat(64) + ":")))
        .hasSize(1);
    assertThat(parse(minimalWith().replace("  people:", "  " + "p".repeat(63) + ":")).registries())
        .hasSize(1);
    assertThat(parse(minimalWith().replace("  people:", "  Crm_people-2:")).registries())
        .containsOnlyKeys("Crm_people-2");
  }

  @Test
  void registryMustBeAMapping() {
    assertThat(problems("registries:\n  people: yes please\n"))
        .containsExactly(
            "registries.people: must be a mapping of settings (schema, key, endpoints...)");
  }

  @Test
  void unknownRegistrySettingIsATypo() {
    assertThat(problems(minimalWith("conflcit: manual")))
        .containsExactly("registries.people.conflcit: unknown setting");
  }

  @Test
  void schemaIsRequired() {
    assertThat(problems(minimalWith().replace("    schema: schemas/person.schema.json\n", "")))
        .containsExactly(
            "registries.people.schema: required (a file path, an http(s) URL or chitty:<name>)");
  }

  @Test
  void schemaMustBeAFilePathUrlOrChittyName() {
    assertThat(problems(minimalWith().replace("schemas/person.schema.json", "ftp://x/person.json")))
        .containsExactly(
            "registries.people.schema: must be a file path, an http(s) URL or chitty:<name>, got"
                + " 'ftp://x/person.json'");
    assertThat(problems(minimalWith().replace("schemas/person.schema.json", "'chitty:../etc'")))
        .containsExactly(
            "registries.people.schema: chitty: names are segments of letters, digits, '.', '_'"
                + " and '-' separated by '/', each starting with a letter or digit, got"
                + " 'chitty:../etc'");
    assertThat(problems(minimalWith().replace("schemas/person.schema.json", "\"\"")))
        .containsExactly(
            "registries.people.schema: must be a non-empty string (a file path, an http(s) URL or"
                + " chitty:<name>), got ''");
  }

  @Test
  void keyIsRequired() {
    // Without a key, no endpoint can be checked for mapping it, so only this is reported.
    assertThat(problems(minimalWith().replace("    key: person_id\n", "")))
        .containsExactly("registries.people.key: required (the canonical key field)");
  }

  @Test
  void keyMustBeAFieldName() {
    assertThat(problems(minimalWith().replace("key: person_id", "key: person id")))
        .containsExactly(
            "registries.people.key: must be a field name (letters, digits and '_', not starting"
                + " with a digit), got 'person id'");
    assertThat(problems(minimalWith().replace("key: person_id", "key: [a]")))
        .containsExactly(
            "registries.people.key: must be a non-empty string (the canonical key field), got a"
                + " list");
  }

  @Test
  void conflictMustBeAStrategy() {
    assertThat(problems(minimalWith("conflict: newest")))
        .containsExactly(
            "registries.people.conflict: must be one of last-write-wins, source-priority,"
                + " content-hash, manual, got 'newest'");
  }

  @Test
  void deletesMustBeAPolicy() {
    assertThat(problems(minimalWith("deletes: cascade")))
        .containsExactly(
            "registries.people.deletes: must be one of propagate, hold, ignore, got 'cascade'");
  }

  @Test
  void auditMustBeADetailLevel() {
    assertThat(problems(minimalWith("audit: 3")))
        .containsExactly("registries.people.audit: must be one of hashes, values, got 3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "-0.1", "'25%'", "true", "[0.5]"})
  void deleteGuardMustBeANumberFromZeroToOne(String value) {
    String shown =
        switch (value) {
          case "'25%'" -> "'25%'";
          case "[0.5]" -> "a list";
          default -> value;
        };
    assertThat(problems(minimalWith("delete_guard: " + value)))
        .containsExactly(
            "registries.people.delete_guard: must be a number between 0 and 1 (a share of known"
                + " records), got "
                + shown);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rate(1 minute)",
        "rate(5 minutes)",
        "rate(1 hour)",
        "rate(12 hours)",
        "rate(1 day)",
        "rate(7 days)",
        "cron(0/15 * * * ? *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(0 10 L * ? 2030)"
      })
  void validSchedulesAreAccepted(String schedule) {
    assertThat(parse(minimalWith("schedule: " + schedule)).registry("people").schedule())
        .contains(schedule);
  }

  @Test
  void schedulesAreCheckedStrictly() {
    assertThat(problems(minimalWith("schedule: rate(1 minutes)")))
        .containsExactly(
            "registries.people.schedule: a rate of 1 takes a singular unit: rate(1 minute)");
    assertThat(problems(minimalWith("schedule: rate(5 minute)")))
        .containsExactly(
            "registries.people.schedule: a rate above 1 takes a plural unit: rate(5 minutes)");
    assertThat(problems(minimalWith("schedule: rate(2 weeks)")))
        .containsExactly(
            "registries.people.schedule: rate unit must be minute(s), hour(s) or day(s), got"
                + " 'rate(2 weeks)'");
    assertThat(problems(minimalWith("schedule: cron(0 12 * * ?)")))
        .containsExactly(
            "registries.people.schedule: cron(...) takes 6 fields (minutes hours day-of-month"
                + " month day-of-week year), got 5 in 'cron(0 12 * * ?)'");
    for (String bad :
        List.of("rate(0 minutes)", "rate(05 minutes)", "every 5 minutes", "rate(5  minutes)")) {
      assertThat(problems(minimalWith("schedule: " + bad)))
          .as(bad)
          .containsExactly(
              "registries.people.schedule: must be rate(N minute|minutes|hour|hours|day|days) or"
                  + " cron(...) with 6 fields, got '"
                  + bad
                  + "'");
    }
  }

  @Test
  void priorityIsRequiredForSourcePriority() {
    assertThat(problems(minimalWith("conflict: source-priority")))
        .containsExactly(
            "registries.people.priority: required when conflict is source-priority (endpoint"
                + " names, highest first)");
    assertThat(problems(minimalWith("conflict: source-priority", "priority: []")))
        .containsExactly(
            "registries.people.priority: must be a non-empty list of endpoint names, highest"
                + " priority first, got an empty list");
  }

  @Test
  void priorityMustNameEachEndpointOnce() {
    assertThat(
            problems(
                minimalWith("conflict: source-priority", "priority: [main, crm, main, {a: 1}]")))
        .containsExactly(
            "registries.people.priority[1]: unknown endpoint 'crm'; endpoints: main",
            "registries.people.priority[2]: 'main' is listed twice",
            "registries.people.priority[3]: must be an endpoint name, got a mapping");
  }

  @Test
  void priorityIsRejectedForStrategiesThatDoNotUseIt() {
    assertThat(problems(minimalWith("conflict: content-hash", "priority: [main]")))
        .containsExactly(
            "registries.people.priority: only allowed when conflict is source-priority or"
                + " last-write-wins (conflict is content-hash)");
  }

  @Test
  void lastWriteWinsTakesAnOptionalPriorityForUndatedChanges() {
    assertThat(parse(minimalWith("priority: [main]")).registry("people").priority())
        .containsExactly("main");
    assertThat(parse(minimalWith("conflict: last-write-wins")).registry("people").priority())
        .isEmpty();
  }

  @Test
  void aConfigLargerThanTheCapIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chittysync.yaml");
    String comments = "# padding\n".repeat(ConfigLoader.MAX_CONFIG_BYTES / 10 + 1);
    Files.writeString(file, MINIMAL.formatted("") + comments);

    long started = System.nanoTime();
    assertThatThrownBy(() -> ConfigLoader.load(file, FakeEndpointType.types()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a config may be at most 262144 bytes");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aConfigThatIsNotARegularFileIsReadOnlyUpToTheCap() {
    // A device or /proc file says it is empty and never ends: the size check alone let it fill
    // the heap.
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")));
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/dev/zero"), FakeEndpointType.types()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a config may be at most 262144 bytes");
  }

  @Test
  void aConfigJustUnderTheCapLoadsQuickly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chittysync.yaml");
    String config = MINIMAL.formatted("");
    int room = ConfigLoader.MAX_CONFIG_BYTES - config.length() - 16;
    Files.writeString(file, config + "# padding\n".repeat(room / 10));

    long started = System.nanoTime();
    assertThat(ConfigLoader.load(file, FakeEndpointType.types()).registries()).hasSize(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void endpointsAreRequired() {
    String yaml =
        """
        registries:
          people:
            schema: s.json
            key: person_id
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "registries.people.endpoints: required (a mapping of endpoint name to its settings)");
    assertThat(problems(yaml + "    endpoints: {}\n"))
        .containsExactly(
            "registries.people.endpoints: must be a non-empty mapping of endpoint name to its"
                + " settings, got an empty mapping");
  }

  // --- endpoint level ---

  private static String withEndpoint(String body) {
    return """
        registries:
          people:
            schema: s.json
            key: person_id
            endpoints:
              main:
        """
        + body.indent(8);
  }

  @Test
  void endpointMustBeAMapping() {
    String yaml =
        """
        registries:
          people:
            schema: s.json
            key: person_id
            endpoints:
              main: postgres
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "registries.people.endpoints.main: must be a mapping of settings (type, fields...),"
                + " got a string");
  }

  @Test
  void endpointTypeIsRequired() {
    assertThat(problems(withEndpoint("table: t\nfields: {person_id: id}")))
        .containsExactly(
            "registries.people.endpoints.main.type: required; known types: postgres, sheets");
  }

  @Test
  void unknownEndpointTypeListsTheKnownOnes() {
    assertThat(problems(withEndpoint("type: mysql\ntable: t\nfields: {person_id: id}")))
        .containsExactly(
            "registries.people.endpoints.main.type: unknown endpoint type 'mysql'; known types:"
                + " postgres, sheets");
    assertThat(problems(withEndpoint("type: mysql\nfields: {person_id: id}"), Map.of()))
        .containsExactly(
            "registries.people.endpoints.main.type: unknown endpoint type 'mysql'; known types:"
                + " (none registered)");
  }

  @Test
  void endpointFieldsAreRequired() {
    assertThat(problems(withEndpoint("type: postgres\ntable: t")))
        .containsExactly(
            "registries.people.endpoints.main.fields: required (a mapping of canonical field name"
                + " to the endpoint's name for it)");
    assertThat(problems(withEndpoint("type: postgres\ntable: t\nfields: {}")))
        .containsExactly(
            "registries.people.endpoints.main.fields: must be a non-empty mapping of canonical"
                + " field name to the endpoint's name for it, got an empty mapping");
    assertThat(problems(withEndpoint("type: postgres\ntable: t\nfields: [id]")))
        .containsExactly(
            "registries.people.endpoints.main.fields: must be a non-empty mapping of canonical"
                + " field name to the endpoint's name for it, got a list");
  }

  @Test
  void fieldsMustMapTheKeyField() {
    assertThat(problems(withEndpoint("type: postgres\ntable: t\nfields: {email: email}")))
        .containsExactly(
            "registries.people.endpoints.main.fields: must map the key field 'person_id'");
  }

  @Test
  void canonicalFieldNamesAreChecked() {
    assertThat(
            problems(
                withEndpoint("type: postgres\ntable: t\nfields: {person_id: id, 2nd-email: e2}")))
        .containsExactly(
            "registries.people.endpoints.main.fields.2nd-email: canonical field names hold only"
                + " letters, digits and '_' and do not start with a digit");
  }

  @Test
  void nativeNamesMustBeNonEmptyStrings() {
    assertThat(
            problems(
                withEndpoint(
                    "type: postgres\ntable: t\nfields: {person_id: id, email: '', active: 1, x: }")))
        .containsExactly(
            "registries.people.endpoints.main.fields.email: must be a non-empty string (the"
                + " endpoint's name for the field), got ''",
            "registries.people.endpoints.main.fields.active: must be a non-empty string (the"
                + " endpoint's name for the field), got 1",
            "registries.people.endpoints.main.fields.x: must be a non-empty string (the"
                + " endpoint's name for the field), got nothing");
  }

  @Test
  void theSameNativeNameMayNotBeMappedTwice() {
    assertThat(
            problems(
                withEndpoint(
                    "type: postgres\ntable: t\nfields: {person_id: id, email: mail, email2: mail}")))
        .containsExactly(
            "registries.people.endpoints.main.fields.email2: 'mail' is already mapped from"
                + " 'email'");
  }

  @Test
  void endpointTypeProblemsAreIncluded() {
    assertThat(problems(withEndpoint("type: postgres\nfields: {person_id: id}\ncolour: blue")))
        .containsExactly(
            "registries.people.endpoints.main.table: required",
            "registries.people.endpoints.main.colour: unknown setting for a postgres endpoint");
  }

  @Test
  void extraEndpointSettingsAreKeptForTheType() {
    EndpointConfig main =
        parse(
                withEndpoint(
                    "type: postgres\ntable: t\nurl: secretsmanager:db\nfields: {person_id: id}"))
            .registry("people")
            .endpoints()
            .get("main");
    assertThat(main.settings().properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("table", "url");
    assertThat(main.setting("url")).isEqualTo("secretsmanager:db");
  }

  @Test
  void anEndpointTypeThatThrowsBecomesAProblem() {
    EndpointType broken =
        new EndpointType() {
          @Override
          public String type() {
            return "postgres";
          }

          @Override
          public List<String> validate(EndpointConfig config, RegistryConfig registry) {
            throw new IllegalStateException("boom");
          }

          @Override
          public com.chittysync.connect.Endpoint open(
              EndpointConfig config,
              RegistryConfig registry,
              com.chittysync.connect.EndpointContext context) {
            throw new UnsupportedOperationException();
          }
        };
    assertThat(problems(minimalWith(), Map.of("postgres", broken)))
        .containsExactly(
            "registries.people.endpoints.main: the postgres endpoint type could not check these"
                + " settings: java.lang.IllegalStateException: boom");
  }

  // --- all at once ---

  @Test
  void everyProblemIsReportedAtOnce() {
    String yaml =
        """
        registries:
          people:
            schema: schemas/person.schema.json
            key: person_id
            conflict: newest
            conflcit: manual
            delete_guard: 2
            schedule: rate(5 minute)
            endpoints:
              main:
                type: postgres
                table: public.people
                fields: {person_id: id, full_name: name, email: email}
              replica:
                type: mongo
                fields: {full_name: display_name, email: email, mail: email}
          9lives:
            key: id
            endpoints:
              only: {type: sheets, fields: {id: id}}
        """;
    ConfigException e =
        (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(yaml));
    assertThat(e.problems())
        .containsExactly(
            "registries.people.conflcit: unknown setting",
            "registries.people.conflict: must be one of last-write-wins, source-priority,"
                + " content-hash, manual, got 'newest'",
            "registries.people.delete_guard: must be a number between 0 and 1 (a share of known"
                + " records), got 2",
            "registries.people.schedule: a rate above 1 takes a plural unit: rate(5 minutes)",
            "registries.people.endpoints.replica.type: unknown endpoint type 'mongo'; known"
                + " types: postgres, sheets",
            "registries.people.endpoints.replica.fields.mail: 'email' is already mapped from"
                + " 'email'",
            "registries.people.endpoints.replica.fields: must map the key field 'person_id'",
            "registries.9lives: registry name must start with a letter and hold only letters,"
                + " digits, '_' and '-', at most 63 characters",
            "registries.9lives.schema: required (a file path, an http(s) URL or chitty:<name>)",
            "registries.9lives.endpoints.only.table: required");
    assertThat(e.describe())
        .startsWith("config.invalid: registries.people.conflcit: unknown setting; ");
  }

  @Test
  void loadReturnsTheSameAsParse() throws Exception {
    Path file = example();
    SyncConfig fromFile = ConfigLoader.load(file, FakeEndpointType.types());
    SyncConfig fromText =
        ConfigLoader.parse(Files.readString(file), file, FakeEndpointType.types());
    assertThat(fromText.registry("people").endpoints().keySet())
        .isEqualTo(fromFile.registry("people").endpoints().keySet());
    assertThat(fromText.registry("people").schedule()).isEqualTo(Optional.of("rate(5 minutes)"));
  }
}
