package com.chittysync.connect.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsDefTest {
  private static final String PATH = "registries.people.endpoints.main";

  private static final Setting<String> NAME =
      Setting.of("name", SettingType.STRING)
          .required("required: the name")
          .invalid("must be text")
          .validator(Validator.accept(s -> !s.isBlank()))
          .doc("The name.");
  private static final Setting<Integer> SIZE =
      Setting.of("size", SettingType.INT)
          .defaultValue(10)
          .invalid(raw -> "must be from 1 to 100, got " + raw)
          .validator(Validator.range(1, 100))
          .doc("How many | at most.");
  private static final Setting<Duration> WAIT = Setting.of("wait", SettingType.DURATION);
  private static final Setting<String> SECRET =
      Setting.of("secret", SettingType.SECRET_REF)
          .validator(
              Validator.secretReferenceOr(
                  (value, check) -> {
                    if (!value.startsWith("x")) {
                      check.fail("must start with x");
                    }
                  }));
  private static final Setting<Map<String, String>> FIELDS =
      Setting.of("fields", SettingType.FIELDS).required("required: map the fields");

  private static final SettingsDef DEF =
      SettingsDef.builder("demo")
          .define(NAME)
          .define(SIZE)
          .define(WAIT)
          .define(SECRET)
          .define(FIELDS)
          .documentOrder("fields", "name", "size", "wait", "secret")
          .build();

  private final List<String> problems = new ArrayList<>();

  private Optional<Settings> parse(String json, Map<String, String> fields) throws Exception {
    JsonNode settings = new ObjectMapper().readTree(json);
    EndpointConfig config = new EndpointConfig("main", "demo", fields, settings, PATH);
    RegistryConfig registry = null; // no validator here looks at the registry
    return DEF.parse(config, registry, problems);
  }

  @Test
  void readsTypedValuesAndDefaults() throws Exception {
    Settings settings =
        parse(
                "{\"type\":\"demo\",\"name\":\"n\",\"wait\":\"30s\",\"secret\":\" xyz \"}",
                Map.of("id", "ID"))
            .orElseThrow();
    assertThat(problems).isEmpty();
    assertThat(settings.get(NAME)).isEqualTo("n");
    assertThat(settings.get(SIZE)).isEqualTo(10);
    assertThat(settings.get(WAIT)).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.get(SECRET)).isEqualTo(" xyz ");
    assertThat(settings.get(FIELDS)).containsEntry("id", "ID");
    assertThat(settings.path()).isEqualTo(PATH);
  }

  @Test
  void absentOptionalSettingsAreEmpty() throws Exception {
    Settings settings = parse("{\"name\":\"n\",\"wait\":null}", Map.of("id", "ID")).orElseThrow();
    assertThat(settings.find(WAIT)).isEmpty();
    assertThat(settings.find(SECRET)).isEmpty();
  }

  @Test
  void reportsEveryProblemInDeclarationOrder() throws Exception {
    assertThat(
            parse(
                "{\"nmae\":\"n\",\"size\":500,\"wait\":\"soon\",\"secret\":\"secretsmanager:\"}",
                Map.of()))
        .isEmpty();
    assertThat(problems)
        .hasSize(6)
        .startsWith(
            PATH
                + ".nmae: unknown setting for a demo endpoint; expected fields, name, size, wait or"
                + " secret",
            PATH + ".name: required: the name",
            PATH + ".size: must be from 1 to 100, got 500",
            PATH + ".wait: must be a duration");
    assertThat(problems.get(4)).startsWith(PATH + ".secret: malformed secret reference: ");
    assertThat(problems.get(5)).isEqualTo(PATH + ".fields: required: map the fields");
  }

  @Test
  void typeMismatchesUseTheInvalidMessage() throws Exception {
    parse("{\"name\":3,\"size\":2.5,\"secret\":\"y\"}", Map.of("id", "ID"));
    assertThat(problems)
        .containsExactly(
            PATH + ".name: must be text",
            PATH + ".size: must be from 1 to 100, got 2.5",
            PATH + ".secret: must start with x");
  }

  @Test
  void theFirstValidatorThatReportsEndsTheChecks() throws Exception {
    parse("{\"name\":\"  \"}", Map.of("id", "ID"));
    assertThat(problems).containsExactly(PATH + ".name: must be text");
  }

  @Test
  void problemsAlreadyListedDoNotFailTheParse() throws Exception {
    problems.add("elsewhere: wrong");
    assertThat(parse("{\"name\":\"n\"}", Map.of("id", "ID"))).isPresent();
  }

  @Test
  void requireAnyOfReportsOnTheFirstWhenNoneIsGiven() throws Exception {
    Setting<String> a = Setting.of("a", SettingType.TEXT);
    Setting<String> b = Setting.of("b", SettingType.TEXT);
    SettingsDef def =
        SettingsDef.builder("demo")
            .define(a)
            .define(b)
            .requireAnyOf("required: a or b", a, b)
            .define(SIZE)
            .build();
    EndpointConfig none =
        new EndpointConfig(
            "main", "demo", Map.of(), new ObjectMapper().readTree("{\"size\":0}"), PATH);
    def.parse(none, null, problems);
    assertThat(problems)
        .containsExactly(
            PATH + ".a: required: a or b", PATH + ".size: must be from 1 to 100, got 0");
    problems.clear();
    EndpointConfig justB =
        new EndpointConfig(
            "main", "demo", Map.of(), new ObjectMapper().readTree("{\"b\":1}"), PATH);
    assertThat(def.parse(justB, null, problems).orElseThrow().get(b)).isEqualTo("1");
  }

  @Test
  void durationsReadUnitsAndIso() {
    ObjectMapper json = new ObjectMapper();
    assertThat(SettingType.DURATION.read().apply(json.getNodeFactory().textNode("250ms")))
        .contains(Duration.ofMillis(250));
    assertThat(SettingType.DURATION.read().apply(json.getNodeFactory().textNode("PT2M")))
        .contains(Duration.ofMinutes(2));
    assertThat(SettingType.DURATION.read().apply(json.getNodeFactory().numberNode(5))).isEmpty();
  }

  @Test
  void documentationListsEverySettingInDocumentOrder() {
    assertThat(DEF.documentation())
        .isEqualTo(
            "| Setting | Type | Default | Description |\n"
                + "|---|---|---|---|\n"
                + "| `fields` | mapping of canonical field to name | required |  |\n"
                + "| `name` | string | required | The name. |\n"
                + "| `size` | integer | `10` | How many \\| at most. |\n"
                + "| `wait` | duration | optional |  |\n"
                + "| `secret` | string or secretsmanager: reference | optional |  |\n");
  }

  @Test
  void declarationsAreChecked() {
    assertThatThrownBy(() -> SettingsDef.builder("demo").define(NAME).define(NAME))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> SettingsDef.builder("demo").define(NAME).documentOrder("name", "size").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
